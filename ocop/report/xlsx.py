"""The report as an Excel workbook: a summary, the definitions, one sheet per breakdown, then
the lists behind them.

Each sheet has its title in row 1 and its headers in row 2, frozen (with the row names of a
table) and repeated on every printed page; the totals row is bold, rows apart from it follow
in italics. Widths, filters and the print setup are ``ocop.report.xlsx_print``'s. The
evidence sheets list every listing counted — on sale, taken down, not verified — with the
observation its verdict rests on; times are in Vietnam time, as the header says.

openpyxl (write-only) writes the workbook; the rows of the long lists and the watch-list
are spliced in as XML by ``ocop.report.xlsx_rows``, seven times faster at national scale. Every text is written as
``ocop.cells`` says: a name is never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from ocop.cells import text_cell
from ocop.display import in_vietnam
from ocop.report.glossary import glossary
from ocop.report.labels import Labels
from ocop.report.letterhead import Letterhead, nation, written_date
from ocop.report.model import Report, Table
from ocop.report.xlsx_print import column_widths, set_up, wrapped_height
from ocop.report.xlsx_rows import LongSheet, splice
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
WRAP = Alignment(wrap_text=True, vertical="top")
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
TIMES = ("observed_at", "older_at")  # written in Vietnam time, and said so in the header
# codes written in the reader's words
WORDS = {"verdict": "verdict", "reason": "reason", "source": "source", "status": "status"}
WORDS["state"] = "state"
FEW = frozenset((*WORDS, "marketplace", "province", "kind"))  # a few values, each on many rows
FORMATS = {  # number formats; the locale tag makes Calc and Excel write 1.234 and 85,7 %
    "vi": {"count": "[$-42A]#,##0", "ratio": "[$-42A]0.0%", "time": "dd/mm/yyyy hh:mm"},
    "en": {"count": "#,##0", "ratio": "0.0%", "time": "yyyy-mm-dd hh:mm"},
}
FORMATS["vi"]["day"], FORMATS["en"]["day"] = "dd/mm/yyyy", "yyyy-mm-dd"


class _Book:
    """A write-only workbook with the report's cell styles, and its long sheets to splice."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels
        self.formats = FORMATS[labels.language]
        self.workbook = Workbook(write_only=True)
        self.long: list[LongSheet] = []
        self.sheets = 0

    def sheet(
        self, key: str, headers: Sequence[str], widths: Sequence[float], rows: int, freeze: str
    ) -> Any:
        """A new sheet with its title, header row, widths and print setup."""
        labels = self.labels
        sheet = self.workbook.create_sheet(SHEETS[key][1 if labels.language == "vi" else 0])
        self.sheets += 1
        sheet.freeze_panes = freeze
        filtered = key not in ("summary", "glossary")
        keyed = key == "glossary" or freeze == "C3"  # the row keys in column A
        set_up(sheet, widths, labels, rows=rows, filtered=filtered, keyed=keyed)
        title = labels.table(key) if key != "summary" else labels.text("report.title")
        sheet.row_dimensions[2].height = wrapped_height(headers, widths)
        # above the row names when the code column is left off the printed page
        sheet.append(
            [None, self.cell(sheet, title, TITLE)] if keyed else [self.cell(sheet, title, TITLE)]
        )
        header = [self.cell(sheet, h, BOLD) for h in headers]
        for each in header:
            each.fill, each.alignment = HEADER_FILL, WRAP
        sheet.append(header)
        return sheet

    def cell(self, sheet: Any, value: Any, font: Font | None = None, fmt: str = "") -> Any:
        cell = WriteOnlyCell(sheet)
        if isinstance(value, str):
            text_cell(cell, value)  # a name is never a formula (ocop.cells)
        else:
            cell.value = value
        if font is not None:
            cell.font = font
        if fmt:
            cell.number_format = self.formats[fmt]
        return cell

    def style(self, sheet: Any, fmt: str = "", quoted: bool = False) -> int:
        """The id of a cell style (a number format, or text kept text) for spliced rows."""
        cell = self.cell(sheet, 0, fmt=fmt)
        cell.quotePrefix = quoted
        style_id: int = cell.style_id
        return style_id

    def long_sheet(
        self,
        key: str,
        headers: Sequence[str],
        columns: Sequence[Sequence[Any]],
        kinds: Sequence[str],
    ) -> None:
        """A sheet of many rows, given column by column: openpyxl writes its head, and
        ``xlsx_rows`` its rows."""
        rows = len(columns[0]) if columns else 0
        sample = [list(row) for row in zip(*(c[:500] for c in columns), strict=True)]
        sheet = self.sheet(key, headers, column_widths(headers, sample), rows, "A3")
        formats = {"count": "count", "time": "time", "day": "day"}  # "number": no format
        styles = [self.style(sheet, formats.get(kind, "")) for kind in kinds]
        quoted = self.style(sheet, quoted=True)
        self.long.append(LongSheet(self.sheets, columns, kinds, styles, quoted))

    def save(self) -> bytes:
        out = io.BytesIO()
        self.workbook.save(out)
        return splice(out.getvalue(), self.long)


def _format(value: Any) -> str:
    return "time" if isinstance(value, datetime) else "day" if isinstance(value, date) else ""


def _table_sheet(book: _Book, table: Table) -> None:
    labels = book.labels
    headers = [labels.text("col.key"), labels.text("col.row")]
    headers += [labels.column(c) for c in table.columns]
    names = [[row.key, labels.row(table.key, row)] for row in table.all_rows]
    ratios = [False, False] + [c.is_ratio for c in table.columns]
    values = [
        [*n, *(r.values.get(c.key) for c in table.columns)]
        for n, r in zip(names, table.all_rows, strict=True)
    ]
    widths = column_widths(headers, values, ratios)
    widths[2:] = [max(min(w, 16.0), 9.0) for w in widths[2:]]  # headers wrap in narrow columns
    sheet = book.sheet(table.key, headers, widths, len(table.all_rows), "C3")
    apart = {id(row) for row in table.apart}
    for row, (key, name) in zip(table.all_rows, names, strict=True):
        font = BOLD if row.key == "total" else ITALIC if id(row) in apart else None
        cells = [book.cell(sheet, key, font), book.cell(sheet, name, font)]
        for column in table.columns:
            fmt = "ratio" if column.is_ratio else "count"
            cells.append(book.cell(sheet, row.values.get(column.key), font, fmt))
        sheet.append(cells)


def _vietnam_time(moment: datetime | None) -> datetime | None:
    # Excel has no time zones: write Vietnam time and say so in the header.
    return in_vietnam(moment).replace(tzinfo=None) if moment else None


def _scoped(report: Report, names: tuple[str, ...]) -> tuple[str, ...]:
    """A national report's lists start with the province each row belongs to."""
    return ("province", *names) if report.national else names


def _evidence_sheet(book: _Book, report: Report, verdict: Verdict) -> None:
    labels = book.labels
    names = _scoped(report, EVIDENCE_FIELDS)
    zone = f" ({labels.text('print.zone')})"
    headers = [labels.text(f"field.{f}") + (zone if f in TIMES else "") for f in names]
    items = report.listings(verdict)
    columns: list[Sequence[Any]] = []
    for name, values in zip(names, _transposed(items, names), strict=True):
        if name in WORDS:  # a few codes, each written in words once
            words = {code: labels.code(WORDS[name], code) for code in set(values)}
            values = list(map(words.__getitem__, values))
        columns.append(values)
    book.long_sheet(verdict.value, headers, columns, [_kind(name) for name in names])


def _kind(name: str) -> str:
    """How ``xlsx_rows`` writes a long list's column: codes in words, and the few marketplaces
    and provinces, as shared strings; a drift's values (a price, a title, a status) each as
    it is."""
    if name in TIMES:
        return "time"
    if name in ("expected", "observed"):
        return "any"
    return "count" if name == "price" else "word" if name in FEW else "text"


def _transposed(items: Sequence[Any], names: Sequence[str]) -> list[Sequence[Any]]:
    """The columns ``names`` of ``items``, each read at C speed (``map`` of an attrgetter)
    rather than a getattr a cell: 19 columns of 100,000 listings at national scale. A column
    at a time, not a row's tuple then ``zip``: a fifth faster, and no tuple a row."""
    return [list(map(attrgetter(name), items)) for name in names]


def _glossary_sheet(book: _Book, report: Report) -> None:
    labels = book.labels
    headers = [labels.text("col.key"), labels.text("col.term"), labels.text("col.definition")]
    terms = glossary(report, labels)
    widths = [14.0, 30.0, 80.0]
    sheet = book.sheet("glossary", headers, widths, len(terms), "A3")
    for number, (key, term, text) in enumerate(terms, start=3):
        sheet.row_dimensions[number].height = wrapped_height([key, term, text], widths)
        cells = [book.cell(sheet, value) for value in (key, term, text)]
        for each in cells:
            each.alignment = WRAP
        sheet.append(cells)


WATCH_FIELDS = (
    "product_id",
    "product_name",
    "producer",
    "stars",
    "decision",
    "valid_until",
    "days_left",
    "live_listings",
)


WATCH_KINDS = ("text", "text", "text", "number", "text", "day", "number", "text")


def _watch_sheet(book: _Book, report: Report) -> None:
    """The watch-list, a row a product whose certificate ends soon (thousands at national
    scale), written by ``xlsx_rows``."""
    labels = book.labels
    rows = []
    for item in report.watchlist:
        live = "; ".join(f"{e.marketplace}: {e.url or e.sku}" for e in item.live_listings)
        values = [item.product_id, item.product_name, item.producer, item.stars, item.decision]
        values += [item.valid_until, item.days_left, live]
        rows.append([item.province, *values] if report.national else values)
    fields = _scoped(report, WATCH_FIELDS)
    headers = [labels.text(f"field.{f}") for f in fields]
    columns = list(zip(*rows, strict=True)) if rows else [() for _field in fields]
    kinds = ["text"] * (len(fields) - len(WATCH_KINDS)) + list(WATCH_KINDS)  # the province
    book.long_sheet("watchlist", headers, columns, kinds)


# drift kinds whose expected and observed values are codes: ocop's state, a page's status
CODED = frozenset(("taken_down", "unverified", "still_live", "expired_live"))


def _drift_sheet(book: _Book, report: Report) -> None:
    labels = book.labels
    fields = _scoped(
        report, ("kind", "marketplace", "sku", "product_id", "expected", "observed", "url")
    )
    kinds = {kind: labels.text(f"drift.{kind.value}") for kind in {d.kind for d in report.drift}}
    columns: list[Sequence[Any]] = []
    coded = [item.kind in CODED for item in report.drift]
    for name, values in zip(fields, _transposed(report.drift, fields), strict=True):
        if name == "kind":
            values = [kinds[kind] for kind in values]
        elif name in ("expected", "observed"):  # a state, status or reason in words; a
            # price, stars, a title or a product id as they are; each code put in words once
            codes = {v for v, c in zip(values, coded, strict=True) if c}
            words = {v: labels.value(v) for v in codes}
            values = [words[v] if c else v for v, c in zip(values, coded, strict=True)]
        columns.append(values)
    headers = [labels.text(f"field.{f}") for f in fields]
    book.long_sheet(
        "drift_items",
        headers,
        columns,
        [_kind(field) for field in fields],
    )


def _letterhead_rows(
    report: Report, letterhead: Letterhead | None, labels: Labels
) -> list[list[Any]]:
    """The official header block (``ocop.report.letterhead``) above the summary."""
    head = (letterhead or Letterhead()).filled(labels.place(report), labels.language)
    country, motto = nation(labels.language)
    day = in_vietnam(report.reference_time).date()
    return [
        [head.authority, country],
        [head.agency, motto],
        [
            f"{labels.text('print.number')} {head.number}",
            written_date(day, head.place, labels.language),
        ],
        [None, None],
    ]


def _summary_sheet(book: _Book, report: Report, letterhead: Letterhead | None) -> None:
    labels = book.labels
    zone = f" ({labels.text('print.zone')})"
    rows = _letterhead_rows(report, letterhead, labels)
    rows.append([labels.text("report.province"), labels.place(report)])
    if report.national:
        rows.append([labels.text("report.provinces"), "; ".join(report.provinces)])
    rows += [
        [labels.text("report.as_of"), report.as_of],
        [labels.text("report.reference") + zone, _vietnam_time(report.reference_time)],
        [labels.text("report.fresh"), report.fresh_days],
        [
            labels.text("report.marketplaces"),
            ", ".join(map(labels.marketplace, report.marketplaces)),
        ],
    ]
    sheet = book.sheet("summary", ["", ""], [48.0, 48.0], len(rows), "A2")
    for name, value in rows:
        sheet.append([book.cell(sheet, name, BOLD), book.cell(sheet, value, BOLD, _format(value))])


def render(report: Report, language: str = "vi", letterhead: Letterhead | None = None) -> bytes:
    """``report`` as an .xlsx file, its summary headed with ``letterhead``."""
    book = _Book(Labels(language))
    _summary_sheet(book, report, letterhead)
    _glossary_sheet(book, report)
    for table in report.tables:
        _table_sheet(book, table)
    _watch_sheet(book, report)
    for verdict in Verdict:
        _evidence_sheet(book, report, verdict)
    _drift_sheet(book, report)
    return book.save()
