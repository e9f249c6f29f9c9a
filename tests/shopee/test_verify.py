"""ocop push, verify and report on Shopee as a user runs them: the CLI against ``ocop sandbox``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocop.api import discover_listings
from ocop.cli import cli
from ocop.discovery import NoShopPage
from ocop.sandbox import Sandbox
from ocop.state import StateStore
from tests.shopee.conftest import ROOT, with_the_honey

pytestmark = pytest.mark.slow


def test_verify_reads_shopee_pages_and_falls_back_to_the_seller_api(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "images", tmp_path / "images")
    text = with_the_honey((ROOT / "catalog.yaml").read_text(encoding="utf-8"))
    (tmp_path / "catalog.yaml").write_text(text, encoding="utf-8")
    catalog = str(tmp_path / "catalog.yaml")
    report = ["report", "--catalog", catalog, "-m", "shopee", "--format", "json"]
    verify = ["--lang", "en", "verify", "--catalog", catalog, "--no-polite", "-m", "shopee"]
    with Sandbox.start(marketplaces=["shopee"]) as started:
        sb = started["shopee"]
        env = {**sb.env(), "OCOP_CREDENTIALS_FILE": str(tmp_path / "none.toml")}
        run = CliRunner().invoke
        pushed = run(cli, ["push", "--catalog", catalog, "-m", "shopee"], env=env)
        # the honey, sold by the litre, lacks the weight Shopee asks for: held back, exit 1
        assert pushed.exit_code == 1 and "22 created, 2 held back" in pushed.output, pushed.output
        seen = run(cli, [*verify, "--detailed-exitcode"], env=env)
        assert seen.exit_code == 0, seen.output
        assert "shopee: 22 listing(s) checked" in seen.output
        assert "seller API" not in seen.output  # every page could be read
        pages = json.loads(run(cli, report, env=env).output)["listings"]["on_sale"]
        assert len(pages) == 22 and {e["source"] for e in pages} == {"page"}

        sb.set_behaviour(storefront="spa")  # what a browser gets from shopee.vn: a shell
        read = run(cli, [*verify, "--detailed-exitcode"], env=env)
        assert read.exit_code == 0, read.output
        assert "22 of them seen through the seller API" in read.output
        evidence = json.loads(run(cli, report, env=env).output)["listings"]["on_sale"]
        assert len(evidence) == 22 and {e["source"] for e in evidence} == {"seller_api"}

        # the seller API fails too: nothing trustworthy this time, so every listing rests on
        # the read-back before (the counts do not move) …
        no_api = {**env, "OCOP_SHOPEE_PARTNER_KEY": "not-the-key"}
        unseen = run(cli, [*verify, "--detailed-exitcode"], env=no_api)
        assert unseen.exit_code == 0, unseen.output
        assert "on sale 22, taken down 0, not verified 0" in unseen.output
        assert "22 listing(s) could not be seen this time" in unseen.output
        after = json.loads(run(cli, report, env=env).output)["listings"]
        assert len(after["on_sale"]) == 22 and not after["taken_down"]
        assert {e["older"] for e in after["on_sale"]} == {"error"}
        # … and once that read-back is too old to count, they are not verified, never removed
        stale = run(cli, [*verify, "--detailed-exitcode", "--fresh-days", "0"], env=no_api)
        assert stale.exit_code == 2, stale.output
        assert "on sale 0, taken down 0, not verified 22" in stale.output


def test_discovery_says_where_shopee_listings_made_by_hand_show_up(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "state.db") as store, pytest.raises(NoShopPage) as caught:
        discover_listings(store, "shopee", "https://shopee.vn/shop/300001")
    assert not caught.value.readable
    assert "cannot be read by the spiders" in str(caught.value) and "ocop link" in str(caught.value)
