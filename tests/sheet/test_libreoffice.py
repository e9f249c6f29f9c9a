"""The round trip through real LibreOffice: export, edit and save in Calc, import.

Needs the Debian packages libreoffice-calc and python3-uno; skipped when soffice is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from ocop.cli import cli
from ocop.loading import load_catalog
from ocop.sheet.importing import plan_import
from tests.sheet.test_import import NEW_SKU, _expected

SOFFICE = shutil.which("soffice")
SYSTEM_PYTHON = "/usr/bin/python3"
EDITOR = Path(__file__).with_name("lo_edit.py")


def _has_uno() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(
    SOFFICE is None or not _has_uno(),
    reason="LibreOffice is not installed (apt-get install libreoffice-calc python3-uno)",
)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[str]:
    """A headless LibreOffice with its own profile, listening on a private pipe."""
    pipe = f"ocop-test-{uuid.uuid4().hex}"
    profile = (tmp_path / "lo-profile").as_uri()
    assert SOFFICE is not None
    process = subprocess.Popen(
        [
            SOFFICE,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"-env:UserInstallation={profile}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # soffice starts soffice.bin: stop the whole group we made
    )
    try:
        yield pipe
    finally:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


def test_edits_made_in_libreoffice_come_back_as_exactly_those_lines(
    office: str, exported: Path, catalogue: Path, tmp_path: Path
) -> None:
    original = catalogue.read_text(encoding="utf-8")
    edits = tmp_path / "edits.json"
    edits.write_text(
        json.dumps(
            {
                "cells": {"SKU!H2": 260000, "Sản phẩm!B3": "Miến dong Hòa Bình"},
                "rows": {"SKU": NEW_SKU},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    saved = tmp_path / "from-calc.xlsx"
    subprocess.run(
        [SYSTEM_PYTHON, str(EDITOR), office, str(exported), str(saved), str(edits)],
        check=True,
        timeout=120,
    )
    result = CliRunner().invoke(
        cli, ["sheet", "import", str(saved), "--catalog", str(catalogue), "--yes"]
    )
    assert result.exit_code == 0, result.output
    text = catalogue.read_text(encoding="utf-8")
    assert text == _expected(original)
    assert "# --- Sản phẩm ---" in text and text.endswith("# end of catalogue\n")
    assert load_catalog(catalogue).product("mien-dong-hoa-binh") is not None

    # the same Calc-saved sheet against a catalogue changed after the export: Calc kept the
    # exported text, so only the cells edited in Calc are applied
    later = tmp_path / "later" / "catalog.yaml"
    later.parent.mkdir()
    changed = original.replace("price: 60000", "price: 65000")
    later.write_text(changed, encoding="utf-8")
    merged = CliRunner().invoke(cli, ["sheet", "import", str(saved), "--catalog", str(later), "-y"])
    assert merged.exit_code == 0, merged.output
    assert later.read_text(encoding="utf-8") == _expected(changed)


def test_rows_sorted_in_libreoffice_on_the_protected_sheet_change_nothing(
    office: str, exported: Path, catalogue: Path, tmp_path: Path
) -> None:
    edits = tmp_path / "edits.json"
    edits.write_text(json.dumps({"sort": {"SKU": [7, True]}}), encoding="utf-8")  # by price
    saved = tmp_path / "sorted-in-calc.xlsx"
    subprocess.run(
        [SYSTEM_PYTHON, str(EDITOR), office, str(exported), str(saved), str(edits)],
        check=True,
        timeout=120,
    )
    skus = load_workbook(saved)["SKU"]
    assert [skus.cell(row=r, column=1).value for r in (2, 3, 4)] == [
        "HD-CTN-200",
        "HD-CTN-100",
        "MD-500",
    ]
    plan = plan_import(saved, catalogue)
    assert not plan.has_errors and not plan.changed and not plan.merge.missing
