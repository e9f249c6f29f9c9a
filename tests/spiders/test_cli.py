"""`ocop verify` arguments and the cases that need no crawl."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from ocop.cli import cli

CATALOG = Path(__file__).parent / "catalog"


def test_nothing_pushed_yet_says_so_and_creates_no_state(tmp_path: Path) -> None:
    shutil.copytree(CATALOG, tmp_path / "cat")
    result = CliRunner().invoke(
        cli, ["verify", "--catalog", str(tmp_path / "cat" / "catalog.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert "no listings known yet" in result.output
    assert not (tmp_path / "cat" / ".ocop").exists()


def test_a_malformed_shop_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["verify", "--discover", "--shop", "voso"])
    assert result.exit_code == 2
    assert "MARKETPLACE=URL" in result.output


def test_an_invalid_catalogue_is_one_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "catalog.yaml"
    bad.write_text("version: 1\nproducts: 7\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", "--catalog", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_scrapy_list_from_the_root_shows_every_installed_marketplace() -> None:
    import subprocess
    import sys

    from ocop.registry import marketplaces

    root = Path(__file__).parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    listed = set(done.stdout.split())
    for name, found in marketplaces().items():
        assert name in listed  # the listing spider, named after the marketplace
        assert (f"{name}-shop" in listed) == (found.storefront.shop is not None)
