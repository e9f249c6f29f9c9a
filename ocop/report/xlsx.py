"""The report as an Excel workbook: a summary, the definitions, one sheet per breakdown, then
the lists behind them.

Each table sheet has the title in row 1 and the headers in row 2, frozen together with the
row names; the totals row is bold, rows apart from it follow in italics. The evidence sheets
list every listing counted — on sale, taken down, not verified — with the observation its
verdict rests on.
Written in openpyxl's write-only mode so a national-scale evidence sheet stays fast. Every text
is written through ``ocop.cells``: a name is never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from ocop.cells import text_cell, write_only_row
from ocop.report.glossary import glossary
from ocop.report.labels import Labels
from ocop.report.model import Report, Table
from ocop.verdict import Verdict

# Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("Summary", "Tổng quan"),
    "glossary": ("Definitions", "Định nghĩa"),
    "marketplace": ("By marketplace", "Theo sàn"),
    "verification": ("Verification", "Tình trạng xác minh"),
    "province": ("By province", "Theo tỉnh"),
    "star": ("By star", "Theo hạng sao"),
    "coverage": ("Coverage", "Tỷ lệ lên sàn"),
    "group": ("By group", "Theo nhóm"),
    "commune": ("By commune", "Theo xã phường"),
    "district": ("By former district", "Theo huyện cũ"),
    "kind": ("By producer kind", "Theo loại chủ thể"),
    "expiring": ("Expiring", "Sắp hết hạn"),
    "drift": ("Drift", "Sai lệch"),
    "watchlist": ("Watch-list", "Theo dõi hết hạn"),
    "on_sale": ("On sale (verified)", "Đang bán (đã xác minh)"),
    "taken_down": ("Taken down (verified)", "Đã gỡ (đã xác minh)"),
    "unverified": ("Not verified", "Chưa xác minh"),
    "drift_items": ("Drift details", "Chi tiết sai lệch"),
}
BOLD = Font(bold=True)
ITALIC = Font(italic=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EVIDENCE_FIELDS = (
    "marketplace",
    "product_id",
    "product_name",
    "sku",
    "state",
    "remote_id",
    "url",
    "verdict",
    "observed_at",
    "status",
    "detail",
    "price",
    "source",
    "reason",
    "older_why",
    "older_at",
)
TIMES = ("observed_at", "older_at")  # written as UTC, and said so in the header
# codes written in the reader's words
WORDS = {"verdict": "verdict", "reason": "reason", "source": "source"}


class _Book:
    """A write-only workbook with the report's cell styles."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels
        self.workbook = Workbook(write_only=True)

    def sheet(self, key: str, title: str, headers: Sequence[str], freeze: str = "A3") -> Any:
        sheet = self.workbook.create_sheet(SHEETS[key][1 if self.labels.language == "vi" else 0])
        sheet.freeze_panes = freeze
        sheet.append([self.cell(sheet, title, TITLE)])
        header = [self.cell(sheet, h, BOLD) for h in headers]
        for each in header:
            each.fill = HEADER_FILL
            each.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.append(header)
        return sheet

    @staticmethod
    def cell(sheet: Any, value: Any, font: Font | None = None, fmt: str | None = None) -> Any:
        cell = WriteOnlyCell(sheet)
        if isinstance(value, str):
            text_cell(cell, value)  # a name is never a formula (ocop.cells)
        else:
            cell.value = value
        if font is not None:
            cell.font = font
        if fmt is not None:
            cell.number_format = fmt
        return cell

    def save(self) -> bytes:
        out = io.BytesIO()
        self.workbook.save(out)
        return out.getvalue()


def _table_sheet(book: _Book, table: Table) -> None:
    labels = book.labels
    headers = [labels.text("col.key"), labels.text("col.row")]
    headers += [labels.column(c) for c in table.columns]
    sheet = book.sheet(table.key, labels.table(table.key), headers, freeze="C3")
    sheet.column_dimensions["B"].width = 36
    apart = {id(row) for row in table.apart}
    for row in table.all_rows:
        font = BOLD if row.key == "total" else ITALIC if id(row) in apart else None
        cells = [
            book.cell(sheet, row.key, font),
            book.cell(sheet, labels.row(table.key, row), font),
        ]
        for column in table.columns:
            fmt = "0.0%" if column.is_ratio else "#,##0"
            cells.append(book.cell(sheet, row.values.get(column.key), font, fmt))
        sheet.append(cells)


def _naive_utc(moment: datetime | None) -> datetime | None:
    # Excel has no time zones: write UTC and say so in the header.
    return moment.astimezone(UTC).replace(tzinfo=None) if moment else None


def _scoped(report: Report, names: tuple[str, ...]) -> tuple[str, ...]:
    """A national report's lists start with the province each row belongs to."""
    return ("province", *names) if report.national else names


def _evidence_sheet(book: _Book, report: Report, verdict: Verdict) -> None:
    labels = book.labels
    names = _scoped(report, EVIDENCE_FIELDS)
    headers = [labels.text(f"field.{f}") + (" (UTC)" if f in TIMES else "") for f in names]
    sheet = book.sheet(verdict.value, labels.table(verdict.value), headers)
    for item in report.listings(verdict):
        values = [getattr(item, f) for f in names]
        for index, name in enumerate(names):
            if name in TIMES:
                values[index] = _naive_utc(values[index])
            elif name in WORDS:
                values[index] = labels.code(WORDS[name], values[index])
        sheet.append(write_only_row(sheet, values))


def _glossary_sheet(book: _Book, report: Report) -> None:
    labels = book.labels
    headers = [labels.text("col.key"), labels.text("col.term"), labels.text("col.definition")]
    sheet = book.sheet("glossary", labels.table("glossary"), headers)
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 110
    for key, term, text in glossary(report, labels):
        cells = [book.cell(sheet, value) for value in (key, term, text)]
        cells[2].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.append(cells)


def _watch_sheet(book: _Book, report: Report) -> None:
    labels = book.labels
    fields = (
        "product_id",
        "product_name",
        "producer",
        "stars",
        "decision",
        "valid_until",
        "days_left",
        "live_listings",
    )
    sheet = book.sheet(
        "watchlist",
        labels.table("watchlist"),
        [labels.text(f"field.{f}") for f in _scoped(report, fields)],
    )
    for item in report.watchlist:
        live = "; ".join(f"{e.marketplace}: {e.url or e.sku}" for e in item.live_listings)
        sheet.append(
            write_only_row(
                sheet,
                [
                    *([item.province] if report.national else []),
                    item.product_id,
                    item.product_name,
                    item.producer,
                    item.stars,
                    item.decision,
                    item.valid_until,
                    item.days_left,
                    live,
                ],
            )
        )


def _drift_sheet(book: _Book, report: Report) -> None:
    labels = book.labels
    fields = ("kind", "marketplace", "sku", "product_id", "expected", "observed", "url")
    sheet = book.sheet(
        "drift_items",
        labels.table("drift_items"),
        [labels.text(f"field.{f}") for f in _scoped(report, fields)],
    )
    for item in report.drift:
        kind = labels.text(f"drift.{item.kind.value}")
        row = [kind, item.marketplace, item.sku, item.product_id, item.expected, item.observed]
        row.append(item.url)
        values = [item.province, *row] if report.national else row
        sheet.append(write_only_row(sheet, values))


def _summary_sheet(book: _Book, report: Report) -> None:
    labels = book.labels
    sheet = book.sheet("summary", labels.text("report.title"), ["", ""], freeze="A2")
    rows: list[list[Any]] = [[labels.text("report.province"), labels.place(report)]]
    if report.national:
        rows.append([labels.text("report.provinces"), "; ".join(report.provinces)])
    rows += [
        [labels.text("report.as_of"), report.as_of],
        [labels.text("report.reference") + " (UTC)", _naive_utc(report.reference_time)],
        [labels.text("report.fresh"), report.fresh_days],
        [labels.text("report.marketplaces"), ", ".join(report.marketplaces)],
    ]
    for row in rows:
        sheet.append(write_only_row(sheet, row))


def render(report: Report, language: str = "vi") -> bytes:
    """``report`` as an .xlsx file."""
    book = _Book(Labels(language))
    _summary_sheet(book, report)
    _glossary_sheet(book, report)
    for table in report.tables:
        _table_sheet(book, table)
    _watch_sheet(book, report)
    for verdict in Verdict:
        _evidence_sheet(book, report, verdict)
    _drift_sheet(book, report)
    return book.save()
