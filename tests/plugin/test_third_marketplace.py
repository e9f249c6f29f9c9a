"""A third marketplace is a package you install: ocop sees it everywhere, unedited.

``tests/plugin/ocop-tiny`` is a whole connector package (descriptor, connector, sandbox) for
a made-up marketplace. It is pip-installed into a folder of its own, which the commands below
get on their ``PYTHONPATH``; nothing in ocop/ knows its name. Then ``ocop sandbox`` starts
its sandbox, ``ocop plan``/``push`` list on it, ``scrapy list`` shows its spiders and
``ocop verify`` runs them, ``ocop report`` names it as its package does, ``ocop init``
lists it, and the shared connector and engine suites run against it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocop.testing.world import Item, write_catalog
from tests.sandboxes import ocop_sandbox

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(__file__).parent / "ocop-tiny"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the installed ocop-tiny (its code and its entry point)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-build-isolation", "--target", str(target), str(PACKAGE)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert list(target.glob("ocop_tiny-*.dist-info"))
    return target


@pytest.fixture(scope="module")
def env(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of a user who installed ocop-tiny and ran ``ocop sandbox``."""
    folder = tmp_path_factory.mktemp("sandbox")
    base = os.environ | {
        "PYTHONPATH": str(site),
        "OCOP_LANG": "en",
        "OCOP_CREDENTIALS_FILE": str(folder / "none.toml"),
    }
    with ocop_sandbox(folder, base) as sandbox:
        yield sandbox.env
    assert sandbox.returncode == 0, sandbox.err
    out = sandbox.out
    assert re.search(r"Tiny\.example +sandbox: API http://127\.0\.0\.1:\d+/api", out), out


def run(env: dict[str, str], *args: str, cwd: Path = ROOT) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )
    return done.returncode, done.stdout + done.stderr


def test_plan_push_verify_report_init_and_scrapy_see_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert env["OCOP_TINY_API_KEY"] == "sandbox-tiny-api-key"  # ocop sandbox started it
    items = [Item("TINY-1", price=90_000), Item("TINY-2", price=120_000, image="other.png")]
    write_catalog(tmp_path, items, {"tiny": "Tea"})  # the name its sandbox's list gives
    catalog = ["--catalog", str(tmp_path / "catalog.yaml")]

    code, out = run(env, "ocop", "plan", *catalog, "--detailed-exitcode")
    assert code == 2 and "+ TINY-1 (Chè Tân Cương TINY-1 Hộp 100 g)  create" in out, out
    code, out = run(env, "ocop", "push", *catalog)
    assert code == 0 and "tiny: 2 created" in out, out
    code, out = run(env, "ocop", "plan", *catalog, "--detailed-exitcode")
    assert code == 0, out

    code, out = run(env, "scrapy", "list")
    assert code == 0 and {"tiny", "tiny-shop"} <= set(out.split()), out
    code, out = run(env, "ocop", "verify", *catalog, "--no-polite", "--detailed-exitcode")
    assert code == 0 and "tiny: 2 listing(s) checked (live 2)" in out, out
    assert "everything matches the catalogue" in out

    # a wide terminal: at 80 columns the table wraps the label over two lines
    wide = env | {"COLUMNS": "200"}
    code, out = run(wide, "ocop", "report", *catalog, "--lang", "vi", "--by", "marketplace")
    assert code == 0 and "Sàn Tí Hon" in out, out  # the label its package gives
    code, out = run(env, "ocop", "init", str(tmp_path / "new"))
    assert code == 0 and "tiny (Tiny.example)" in out, out


def test_the_shared_suites_run_against_it(env: dict[str, str]) -> None:
    suites = [
        "tests/connectors/test_contract.py",
        "tests/connectors/test_answers.py",
        "tests/sync/test_engine.py",
    ]
    code, out = run(env, "pytest", *suites, "-k", "Tiny", "-q", "-p", "no:cacheprovider")
    assert code == 0, out
    assert re.search(r"\b(\d{2,}) passed", out), out  # the contract and engine tests, not zero
