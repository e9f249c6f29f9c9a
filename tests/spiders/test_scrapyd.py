"""The settings-only path to Scrapyd: the project builds an egg and runs the way Scrapyd runs it.

No Scrapyd server is started: ``scrapyd-deploy --build-egg`` builds the egg Scrapyd would
receive, then the crawl is run the way Scrapyd's runner does it — the egg first on the path,
``SCRAPY_SETTINGS_MODULE`` from the egg's ``scrapy`` entry point, an unrelated working
directory, Scrapyd's own ``-a _job=…`` argument, and targets fetched from a URL.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ocop.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = Path(sys.executable).with_name("scrapyd-deploy")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def egg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The egg ``scrapyd-deploy`` builds from the Scrapy project (scrapy.cfg + ocop_spiders)."""
    if not DEPLOY.exists():
        pytest.fail("scrapyd-client is a dev dependency: pip install -e '.[dev]'")
    # a staging copy, so setuptools does not read the root pyproject.toml (hatchling metadata)
    stage = tmp_path_factory.mktemp("stage")
    shutil.copy(ROOT / "scrapy.cfg", stage)
    shutil.copytree(
        ROOT / "spiders" / "ocop_spiders",
        stage / "ocop_spiders",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    out = stage.parent / "ocop-spiders.egg"
    subprocess.run(
        [str(DEPLOY), "--build-egg", str(out)], cwd=stage, check=True, capture_output=True
    )
    return out


def test_the_egg_holds_the_spiders_and_the_settings_entry_point(egg: Path) -> None:
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert {
        "ocop_spiders/settings.py",
        "ocop_spiders/loader.py",
        "ocop_spiders/base.py",
    } <= names
    # no spider per marketplace in the egg: the host's installed marketplaces bring theirs
    assert not any("voso" in name or "postmart" in name for name in names)
    assert "settings = ocop_spiders.settings" in entry_points


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A static file server for the targets document (Scrapyd jobs read targets from a URL)."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()
    server.server_close()


def test_a_job_runs_from_the_egg_with_scrapyd_arguments_and_targets_from_a_url(
    egg: Path, served: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    base, folder = served
    with Sandbox.start() as sandbox:
        made = sandbox["voso"].create_product("EGG-1", name="Chè Tân Cương đặc biệt", price=125_000)
        target = {"sku": "EGG-1", "url": made["url"], "remote_id": str(made["product_id"])}
        (folder / "targets.jsonl").write_text(json.dumps(target) + "\n", encoding="utf-8")
        job_dir = tmp_path_factory.mktemp("job")
        env = os.environ | {
            "PYTHONPATH": str(egg),
            "SCRAPY_SETTINGS_MODULE": "ocop_spiders.settings",
        }
        command = [
            sys.executable, "-m", "scrapy", "crawl", "voso",
            "-a", "_job=6487ec79947edab326d6db28a2d86511", "-a", f"targets={base}/targets.jsonl",
            "-s", "ROBOTSTXT_OBEY=False", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "LOG_FILE=job.log", "-O", "items.jsonl",
        ]  # fmt: skip
        subprocess.run(command, cwd=job_dir, env=env, check=True, capture_output=True)
    (item,) = [json.loads(line) for line in (job_dir / "items.jsonl").read_text().splitlines()]
    assert (item["status"], item["price"], item["sku"]) == ("live", 125_000, "EGG-1")
    # and the spiders that ran were the egg's, not the working tree's
    where = [sys.executable, "-c", "import ocop_spiders.loader as m; print(m.__file__)"]
    shown = subprocess.run(where, cwd=job_dir, env=env, check=True, capture_output=True, text=True)
    assert shown.stdout.startswith(str(egg))
