"""A marketplace with a category list the catalogue was not written for, as a user meets it.

``ocop sandbox --categories NAME=FILE`` serves another list; plan and push refuse, naming
every unmapped category; ``ocop categories`` suggests where each group goes; once the
catalogue names those categories, the push converges and ``plan --detailed-exitcode`` is 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sandboxes import ocop_sandbox
from tests.sync.catalogs import Item, write_catalog

pytestmark = pytest.mark.slow
OTHER = Path(__file__).parent / "data" / "other-categories.yaml"  # not ocop's own list
ITEMS = [Item(f"CHE-{n}", price=100_000 + n * 1_000) for n in range(3)]


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """``ocop sandbox`` serving the other list on both marketplaces, as a user starts it."""
    base = {**os.environ, "OCOP_LANG": "en", "OCOP_CREDENTIALS_FILE": "/nonexistent"}
    lists = ["--categories", f"voso={OTHER}", "--categories", f"postmart={OTHER}"]
    with ocop_sandbox(tmp_path, base, *lists) as sandbox:
        yield sandbox.env


def ocop(env: dict[str, str], folder: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "ocop", *args, "--catalog", str(folder / "catalog.yaml")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, done.stdout + done.stderr


def test_unmapped_categories_are_named_suggested_then_pushed(
    env: dict[str, str], tmp_path: Path
) -> None:
    write_catalog(tmp_path, ITEMS)  # tea in "Chè, trà": the name ocop's own sandboxes use
    code, out = ocop(env, tmp_path, "plan", "--detailed-exitcode")
    assert code == 1, out
    for marketplace in ("voso", "postmart"):
        assert f"{marketplace}: 3 held back" in out, out
        assert out.count(f"{marketplace} has no category “Chè, trà”") == 3, out
    code, out = ocop(env, tmp_path, "push")
    assert code == 1 and "0 write call(s)" in out and "has no category “Chè, trà”" in out, out
    assert "not done: 6 SKU(s) held back, rejected or failed" in out, out

    code, out = ocop(env, tmp_path, "categories", "--no-tree")
    assert code == 0, out
    assert "✗ thuc_pham/che  Thực phẩm — Chè (3 product(s)): voso has no category" in out, out
    assert "suggested: Thực Phẩm và Đồ Uống > Đồ uống > Trà" in out, out
    assert '        thuc_pham/che: "Trà"' in out, out  # the lines to paste
    code, tree = ocop(env, tmp_path, "categories", "-m", "voso")
    assert code == 0 and "      Trà [100661]" in tree and "from the cache" in tree, tree

    # Postmart's list is flat: no paths there (its sandbox serves the leaves)
    write_catalog(tmp_path, ITEMS, categories={"voso": "Đồ uống > Trà", "postmart": "Trà"})
    code, out = ocop(env, tmp_path, "push", "--wait", "30")
    assert code == 0 and "voso: 3 created" in out and "postmart: ✓ CHE-0" in out, out
    code, out = ocop(env, tmp_path, "plan", "--detailed-exitcode")
    assert code == 0 and "voso: 3 in sync" in out and "postmart: 3 in sync" in out, out
