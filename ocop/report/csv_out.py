"""The report as CSV: one section per table, each with its own header row.

Every row starts with the table's key, then the row's key and its name, then the numbers as
plain digits (ratios as decimals), so a spreadsheet or a script can read it back; sections are
separated by an empty line; rows shown apart from a total follow it. The last section,
``glossary``, says what each count means. The file starts with a UTF-8 BOM so Excel shows
Vietnamese. Text that a spreadsheet would run as a formula starts with a ' (``ocop.cells``).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ocop.cells import csv_text
from ocop.report.glossary import glossary
from ocop.report.labels import Labels
from ocop.report.model import Column, Report, Row, Table, Value


def plain(value: Value, column: Column) -> str:
    """A number as written in the CSV: integers as digits, ratios with 4 decimals."""
    if value is None:
        return ""
    return f"{value:.4f}" if column.is_ratio else str(int(value))


def _section(writer: Any, table: Table, labels: Labels) -> None:
    header = [labels.text("col.table"), labels.text("col.key"), labels.table(table.key)]
    writer.writerow([csv_text(text) for text in header + [labels.column(c) for c in table.columns]])
    for row in table.all_rows:
        writer.writerow(_cells(table, row, labels))
    writer.writerow([])


def _glossary(writer: Any, report: Report, labels: Labels) -> None:
    header = [labels.text("col.table"), labels.text("col.key"), labels.text("col.term")]
    writer.writerow([csv_text(text) for text in [*header, labels.text("col.definition")]])
    for key, term, text in glossary(report, labels):
        writer.writerow([csv_text(value) for value in ("glossary", key, term, text)])


def _cells(table: Table, row: Row, labels: Labels) -> list[str]:
    # names come from the catalogue: a producer called "=HYPERLINK(…)" stays a name (ocop.cells)
    names = [csv_text(table.key), csv_text(row.key), csv_text(labels.row(table.key, row))]
    return names + [plain(row.values.get(c.key), c) for c in table.columns]


def render(report: Report, language: str = "vi") -> bytes:
    """Every table of ``report`` as CSV sections."""
    labels = Labels(language)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for table in report.tables:
        _section(writer, table, labels)
    _glossary(writer, report, labels)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
