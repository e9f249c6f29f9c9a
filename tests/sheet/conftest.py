"""Shared fixtures: a commented test catalogue in a temporary folder and its exported sheet."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ocop import i18n
from ocop.loading import load_catalog
from ocop.sheet.export import export_sheet

DATA = Path(__file__).parent / "data"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A copy of tests/sheet/data/catalog.yaml that tests may change."""
    target = tmp_path / "catalog.yaml"
    shutil.copy(DATA / "catalog.yaml", target)
    return target


@pytest.fixture
def exported(catalogue: Path) -> Path:
    """The sheet exported from ``catalogue``."""
    target = catalogue.with_suffix(".xlsx")
    export_sheet(load_catalog(catalogue), catalogue.read_bytes(), catalogue.name, target)
    return target


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def first_empty_row(sheet: Any) -> int:
    """The first row below the data (the sheet has styled empty rows, so max_row is no use)."""
    row = 2
    while sheet.cell(row=row, column=1).value is not None:
        row += 1
    return row


def edit(
    path: Path, changes: dict[str, dict[str, Any]], rows: dict[str, list[Any]] | None = None
) -> Path:
    """Change cells ({sheet: {"H2": value}}) and append rows ({sheet: [values]}); save a copy."""
    book = openpyxl.load_workbook(path)
    for title, cells in changes.items():
        for ref, value in cells.items():
            book[title][ref] = value
    for title, values in (rows or {}).items():
        sheet = book[title]
        row = first_empty_row(sheet)
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    target = path.with_name("edited.xlsx")
    book.save(target)
    return target


def row_for(path: Path, title: str, values: dict[str, Any]) -> list[Any]:
    """A new row for sheet ``title`` of the workbook at ``path``, its cells given by header (the
    product sheet's columns depend on the marketplaces installed)."""
    headers = [c.value for c in openpyxl.load_workbook(path, read_only=True)[title][1]]
    unknown = set(values) - set(headers)
    assert not unknown, unknown
    return [values.get(str(h)) for h in headers]


def letter_of(path: Path, title: str, header: str) -> str:
    """The column letter of ``header`` in sheet ``title``."""
    headers = [c.value for c in openpyxl.load_workbook(path, read_only=True)[title][1]]
    return openpyxl.utils.get_column_letter(headers.index(header) + 1)
