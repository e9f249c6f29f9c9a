"""The province's real catalogue survives an export and an untouched import unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocop.loading import load_catalog
from ocop.sheet.export import export_sheet
from ocop.sheet.importing import dump, plan_import, round_trip_yaml
from tests.sheet.conftest import edit

REAL = Path(__file__).resolve().parents[2] / "catalog.yaml"

pytestmark = pytest.mark.skipif(not REAL.exists(), reason="catalog.yaml is not in the repository")


def test_the_yaml_round_trip_is_exact() -> None:
    text = REAL.read_text(encoding="utf-8")
    yaml, doc = round_trip_yaml(text)
    assert dump(yaml, doc) == text


def test_export_then_import_changes_nothing_but_the_edit(tmp_path: Path) -> None:
    sheet = tmp_path / "catalog.xlsx"
    catalog = load_catalog(REAL)
    export_sheet(catalog, REAL.read_bytes(), REAL.name, sheet)
    plan = plan_import(sheet, REAL)  # plans only: the real file is never written here
    assert not plan.has_errors and not plan.changed and plan.merge.missing == []
    first = catalog.skus()[0][1]
    edited = edit(sheet, {"SKU": {"H2": first.price + 1000}})
    plan = plan_import(edited, REAL)
    changed = [
        line
        for line in plan.diff().splitlines()
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert len(changed) == 2 and changed[1].strip().endswith(f"price: {first.price + 1000}")
