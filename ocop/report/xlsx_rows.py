"""The workbook's long lists (every listing counted, every drift item) written as sheet XML.

openpyxl writes about 100,000 cells a second, styled or not: the national evidence lists
(96,000 listings × 16 fields) took 13 s of a report whose state loads in 3. So openpyxl writes
each long sheet's title, header row and page setup, and its rows are spliced in afterwards,
one string a row (``splice``). The cells are what openpyxl would write, and what
``ocop.cells`` asks of text:

    text     an inline string, always text (never a formula, nor an error value such as #N/A);
             text a spreadsheet would run as a formula gets the quote-prefix style, as
             ``ocop.cells.text_cell`` does; a character XML cannot hold becomes U+FFFD
    number   a plain value in its column's style (``#,##0``)
    time     an Excel serial day in its column's style (``dd/mm/yyyy hh:mm``), in Vietnam time
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl.utils import get_column_letter

from ocop.cells import cell_text, looks_like_formula

EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (1900 date system, its leap-year bug included)
_SPECIAL = re.compile(r"[&<>]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')


@dataclass
class LongSheet:
    """Rows to splice into the sheet written ``index``-th (1-based) after its header rows.

    ``styles`` holds a cell style id per column (numbers and times); ``quoted`` is the style
    of text that must stay text when edited (the quote prefix)."""

    index: int
    rows: Iterable[Sequence[object]]
    styles: Sequence[int]
    quoted: int
    first_row: int = 3


def _xml(text: str) -> str:
    if "_x" in text or not text.isprintable():
        text = cell_text(text)
    if "&" in text or "<" in text or ">" in text:
        text = _SPECIAL.sub(lambda found: _ENTITIES[found.group()], text)
    return text


def _text_cell(ref: str, value: str, quoted: int) -> str:
    style = f' s="{quoted}"' if looks_like_formula(value) else ""
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f'<c r="{ref}" t="inlineStr"{style}><is><t{space}>{_xml(value)}</t></is></c>'


def _cell(ref: str, value: object, style: int, quoted: int) -> str:
    if isinstance(value, str):
        return _text_cell(ref, value, quoted) if value else ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        serial = (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{style}"><v>{serial:.6f}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{style}"><v>{(value - EPOCH.date()).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    return "" if value is None else _text_cell(ref, str(value), quoted)


def rows_xml(sheet: LongSheet) -> Iterable[str]:
    """The ``<row>`` elements of ``sheet``, a few hundred rows a string."""
    letters = [get_column_letter(i + 1) for i in range(len(sheet.styles))]
    columns = list(zip(letters, sheet.styles, strict=True))
    quoted, chunk = sheet.quoted, []
    for number, values in enumerate(sheet.rows, start=sheet.first_row):
        cells = "".join(
            _cell(f"{letter}{number}", value, style, quoted)
            for (letter, style), value in zip(columns, values, strict=False)
            if value is not None
        )
        chunk.append(f'<row r="{number}">{cells}</row>')
        if len(chunk) == 500:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def splice(workbook: bytes, sheets: Sequence[LongSheet]) -> bytes:
    """``workbook`` (as openpyxl saved it) with each long sheet's rows after its header rows."""
    by_path = {f"xl/worksheets/sheet{sheet.index}.xml": sheet for sheet in sheets}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            sheet = by_path.get(info.filename)
            if sheet is None:
                target.writestr(info.filename, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            head = _DIMENSION.sub(b"", head)  # optional; openpyxl's counts only its own rows
            with target.open(info.filename, "w") as member:
                member.write(head)
                for part in rows_xml(sheet):
                    member.write(part.encode("utf-8"))
                member.write(b"</sheetData>" + tail)
    return out.getvalue()
