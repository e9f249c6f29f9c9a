"""Read a rendered report back into {(table, row, column): value} for comparison."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

from openpyxl import load_workbook

from ocop.report import Report
from ocop.report.labels import Labels
from ocop.report.xlsx import SHEETS

Cells = dict[tuple[str, str, str], float | None]


def expected(report: Report) -> Cells:
    """The numbers every format must show."""
    return {
        (t.key, r.key, c.key): (None if r.values[c.key] is None else float(r.values[c.key] or 0))
        for t in report.tables
        for r in t.all_rows
        for c in t.columns
    }


def _column_keys(report: Report, table_key: str, labels: Labels) -> dict[str, str]:
    table = report.table(table_key)
    assert table is not None
    return {labels.column(c): c.key for c in table.columns}


def from_csv(data: bytes, report: Report, labels: Labels) -> Cells:
    cells: Cells = {}
    header: list[str] = []
    for line in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        if not line:
            header = []
            continue
        if not header:
            header = line
            continue
        if line[0] == "glossary":
            continue
        keys = _column_keys(report, line[0], labels)
        for label, text in zip(header[3:], line[3:], strict=True):
            cells[(line[0], line[1], keys[label])] = float(text) if text else None
    return cells


def from_json(data: bytes) -> Cells:
    doc = json.loads(data)
    cells: Cells = {}
    for table in doc["tables"]:
        for row in [*table["rows"], table["total"], *table["apart"]]:
            for key, value in row["values"].items():
                cells[(table["key"], row["key"], key)] = None if value is None else float(value)
    return cells


def from_xlsx(path: str, report: Report, labels: Labels) -> Cells:
    book = load_workbook(path, read_only=True)
    cells: Cells = {}
    index = 1 if labels.language == "vi" else 0
    for table in report.tables:
        rows = list(book[SHEETS[table.key][index]].iter_rows(values_only=True))
        keys = _column_keys(report, table.key, labels)
        header = rows[1]
        for row in rows[2:]:
            for label, value in zip(header[2:], row[2:], strict=True):
                cells[(table.key, str(row[0]), keys[str(label)])] = (
                    None if value is None else float(value)
                )
    return cells


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: Cells = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        if tag == "td" and "data-table" in data:
            value = data["data-value"]
            key = (str(data["data-table"]), str(data["data-row"]), str(data["data-col"]))
            self.cells[key] = float(value) if value else None


def from_html(data: bytes) -> Cells:
    parser = _Cells()
    parser.feed(data.decode("utf-8"))
    return parser.cells
