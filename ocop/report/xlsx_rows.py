"""The workbook's long lists (every listing counted, every drift item, the watch-list)
written as sheet XML.

openpyxl writes about 100,000 cells a second, styled or not: the national evidence lists
(96,000 listings × 16 fields) took 13 s of a report whose state loads in 3. So openpyxl writes
each long sheet's title, header row and page setup, and its rows are spliced in afterwards,
a row one ``%`` of a template filled with bytes (``splice``). The cells read back as
what openpyxl would write, and are what ``ocop.cells`` asks of text:

    text     an inline string, always text (never a formula, nor an error value such as #N/A);
             text a spreadsheet would run as a formula gets the quote-prefix style, as
             ``ocop.cells.text_cell`` does; a character XML cannot hold becomes U+FFFD
    word     the same, as a shared string: a column of a few texts (a marketplace, a code in
             words) names each by its number in ``xl/sharedStrings.xml``
    number   a plain value in its column's style (``#,##0``)
    day      an Excel serial day in its column's style (``dd/mm/yyyy``)
    time     an Excel serial day in its column's style (``dd/mm/yyyy hh:mm``), in Vietnam time

Those sheets are deflated by zlib-ng (``_deflate_faster``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from zlib_ng import zlib_ng

from ocop.cells import FORMULA_STARTS, cell_text, looks_like_formula

EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (1900 date system, its leap-year bug included)
UNIX_DAY = 25569  # 1970-01-01 as Excel's day number
VIETNAM_OFFSET = 7 * 3600
_SPECIAL = re.compile(r"[&<>]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')


@dataclass
class LongSheet:
    """Columns to splice into the sheet written ``index``-th (1-based), below its header rows.

    Each column is a list of values, all of one ``kind``: "text", "word" (text with a few
    distinct values, each on many rows: a marketplace, a verdict in words; written as shared
    strings), "count" or "number" (numbers), "day" (a date), "time" (an aware datetime,
    written in Vietnam time) or "any" (looked at value by value); ``styles`` holds each
    column's cell style id; ``quoted`` is the style of text that must stay text when edited
    (the quote prefix)."""

    index: int
    columns: Sequence[Sequence[object]]
    kinds: Sequence[str]
    styles: Sequence[int]
    quoted: int


def _xml(text: str) -> str:
    if "_x" in text or not text.isprintable():
        text = cell_text(text)
    if "&" in text or "<" in text or ">" in text:
        text = _SPECIAL.sub(lambda found: _ENTITIES[found.group()], text)
    return text


def _text_cell(value: str, quoted: int) -> str:
    if not value:
        return "<c/>"
    style = f' s="{quoted}"' if looks_like_formula(value) else ""
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f'<c t="inlineStr"{style}><is><t{space}>{_xml(value)}</t></is></c>'


def _cell(value: object, style: int, quoted: int) -> str:
    """One cell, whatever its value (the slow path: a column of mixed values)."""
    if value is None:
        return "<c/>"
    if isinstance(value, str):
        return _text_cell(value, quoted)
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        return f'<c s="{style}"><v>{_serial(value):.6f}</v></c>'
    if isinstance(value, date):
        return f'<c s="{style}"><v>{(value - EPOCH.date()).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c s="{style}"><v>{value}</v></c>'
    return _text_cell(str(value), quoted)


def _serial(moment: datetime) -> float:
    """Excel's day number of ``moment`` in Vietnam time (UTC+7 since 1975: ``ocop.display``)."""
    if moment.tzinfo is None:  # naive: already the time to show
        return (moment - EPOCH).total_seconds() / 86400
    return (moment.timestamp() + VIETNAM_OFFSET) / 86400 + UNIX_DAY


SEPARATOR = "\x1e"  # not XML text: a text holding it is looked at value by value anyway


# A text starting like a formula or with a space, in a column joined with SEPARATOR around
# it (the unprintable formula starts are found by isprintable). A character class after a
# literal is one fast pass; an alternation (the trailing space too) is ten times slower.
_MARKS = re.escape("".join(sorted(c for c in FORMULA_STARTS if c.isprintable())))
_STARTS = re.compile(f"{SEPARATOR}[ {_MARKS}]")


def _plain(texts: Sequence[str], joined: str) -> bool:
    """Whether no text of a column needs a look of its own: none holds what XML cannot hold
    or "_xHHHH_" (ocop.cells), starts like a formula, or starts or ends with a space. Tested
    on the whole column at C speed: substring searches of the column joined, where each text
    starts after a separator and ends before one (a regular expression over it took seconds,
    a set of every text's first and last character a tenth of a second; a substring search
    for each formula start, eight passes, five times what ``_STARTS`` takes in one)."""
    if "_x" in joined or joined.count(SEPARATOR) != len(texts) - 1:
        return False
    if not joined.replace(SEPARATOR, "").isprintable():
        return False  # the only whitespace left is the space: the rest is not printable
    edged = f"{SEPARATOR}{joined}{SEPARATOR}"
    return f" {SEPARATOR}" not in edged and _STARTS.search(edged) is None


_OPEN, _CLOSE = '<c t="inlineStr"><is><t>', "</t></is></c>"
Slot = tuple[str, Sequence[object]]  # a column's part of the row template, and its values


def _text_slot(values: Sequence[object], quoted: int) -> Slot:
    texts: list[str]
    try:  # a column of texts only, as most are: joined as it is, at C speed
        joined = SEPARATOR.join(values)  # type: ignore[arg-type]
        texts = list(values)  # type: ignore[arg-type]
    except TypeError:  # an empty cell (None), or a value to write as text
        texts = ["" if v is None else str(v) for v in values]
        joined = SEPARATOR.join(texts)
    if not _plain(texts, joined):
        return "%s", [_text_cell(text, quoted) for text in texts]
    if "&" in joined or "<" in joined or ">" in joined:
        joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        texts = joined.split(SEPARATOR)
    if "" not in texts:  # every cell one shape: the template holds it, the text fills it
        return f"{_OPEN}%s{_CLOSE}", texts
    return "%s", [f"{_OPEN}{t}{_CLOSE}" if t else "<c/>" for t in texts]


def _slot(values: Sequence[object], kind: str, style: int, quoted: int) -> Slot:
    """One column's cells, in the fastest way its kind allows: when every cell has one shape,
    the shape goes in the row template once and the column gives only what fills it."""
    if kind == "text":
        return _text_slot(values, quoted)
    full = None not in values
    if kind == "day":
        if full and all(type(v) is date for v in values):
            start = EPOCH.toordinal()
            return f'<c s="{style}"><v>%d</v></c>', [v.toordinal() - start for v in values]  # type: ignore[attr-defined]
        return "%s", [_cell(v, style, quoted) for v in values]
    if kind in ("count", "number"):
        if full and all(type(v) is int for v in values):
            return f'<c s="{style}"><v>%d</v></c>', values  # f"{v}" and "%d" % v write alike
        return "%s", [f'<c s="{style}"><v>{v}</v></c>' if v is not None else "<c/>" for v in values]
    if kind == "time":
        if full and all(type(v) is datetime and v.tzinfo is not None for v in values):
            shift = VIETNAM_OFFSET  # _serial of an aware time, inlined: 100,000 a report
            days = [(v.timestamp() + shift) / 86400 + UNIX_DAY for v in values]  # type: ignore[attr-defined]
            return f'<c s="{style}"><v>%.6f</v></c>', days  # as f"{day:.6f}" writes it
        cells = []
        for v in values:
            cells.append(f'<c s="{style}"><v>{_serial(v):.6f}</v></c>' if v else "<c/>")  # type: ignore[arg-type]
        return "%s", cells
    return "%s", _mixed_cells(values, style, quoted)


def _mixed_cells(values: Sequence[object], style: int, quoted: int) -> list[str]:
    """Numbers inline; the texts among them looked at together, as a text column's are."""
    shape, made = _text_slot([v for v in values if type(v) is str], quoted)
    texts = iter([str(cell) for cell in made] if shape == "%s" else [shape % t for t in made])
    return [
        next(texts)
        if type(v) is str
        else f'<c s="{style}"><v>{v}</v></c>'
        if type(v) is int
        else _cell(v, style, quoted)
        for v in values
    ]


def _encoded(texts: Sequence[str]) -> list[bytes]:
    """``texts`` in UTF-8, encoded as one string and split at C speed (a cell's XML never
    holds SEPARATOR: XML cannot hold it, so ``ocop.cells`` replaces it)."""
    parts = SEPARATOR.join(texts).encode("utf-8").split(SEPARATOR.encode())
    return parts if len(parts) == len(texts) else [text.encode("utf-8") for text in texts]


def _in_bytes(slot: Slot) -> tuple[bytes, Sequence[object]]:
    """A slot as bytes: texts filling "%s" encoded a column at a time, numbers as they are."""
    shape, values = slot
    texts = _encoded(values) if "%s" in shape else values  # type: ignore[arg-type]
    return shape.encode("utf-8"), texts


class SharedStrings:
    """The workbook's shared string table, for its "word" columns (and an "any" column's
    chunk of a few texts): each text written once,
    its cells naming it by number, ``<c t="s"><v>2</v></c>`` (the cell of a text written
    inline is twice as long and holds the text): a third less XML to make and compress."""

    def __init__(self) -> None:
        self.texts: dict[str, int] = {}
        self.cells: dict[tuple[object, int], bytes] = {}

    def cell(self, value: object, quoted: int) -> bytes:
        """The cell of ``value`` (None: an empty cell), its text added to the table."""
        made = self.cells.get((value, quoted))
        if made is None:
            text = "" if value is None else str(value)
            if not text:
                made = b"<c/>"
            elif "_x" in text or not text.isprintable():  # inline: readers unescape the
                made = _text_cell(text, quoted).encode()  # table's "_x005F_" differently
            else:
                number = self.texts.setdefault(text, len(self.texts))
                style = f' s="{quoted}"' if looks_like_formula(text) else ""
                made = f'<c t="s"{style}><v>{number}</v></c>'.encode()
            self.cells[value, quoted] = made
        return made

    def column(self, values: Sequence[object], quoted: int) -> list[bytes]:
        """The cells of a column, each distinct value's cell made once."""
        cells = {value: self.cell(value, quoted) for value in dict.fromkeys(values)}
        return list(map(cells.__getitem__, values))

    def xml(self) -> bytes:
        """The table's part, ``xl/sharedStrings.xml``."""
        items = []
        for text in self.texts:  # printable, no "_x": only the markup characters to escape
            space = ' xml:space="preserve"' if text[0] == " " or text[-1] == " " else ""
            items.append(f"<si><t{space}>{_xml(text)}</t></si>")
        head = f'<sst xmlns="{_MAIN}" uniqueCount="{len(items)}">'
        return (head + "".join(items) + "</sst>").encode()


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHARED_PART = "xl/sharedStrings.xml"
_SHARED = {  # the table's entries in the package's content types and the workbook's relations
    "[Content_Types].xml": (
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    ),
    "xl/_rels/workbook.xml.rels": (
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdShared"/>'
        b"</Relationships>",
    ),
}


def rows_xml(
    sheet: LongSheet, shared: SharedStrings | None = None, first_row: int = 3
) -> Iterable[bytes]:
    """The ``<row>`` elements of ``sheet`` in UTF-8, a few thousand rows a part: a row is its
    template (``_slot``) filled at C speed, not a string made and joined for each cell. Bytes
    filled, not text then encoded: a row of Vietnamese text, held two bytes a character as a
    string, is copied at half the size, and no part is encoded whole."""
    count = len(sheet.columns[0]) if sheet.columns else 0
    shared = shared or SharedStrings()  # its table must then be written by the caller
    for start in range(0, count, 5000):
        stop = min(start + 5000, count)
        slots = [
            _chunk_slot(values[start:stop], kind, style, sheet.quoted, shared)
            for values, kind, style in zip(sheet.columns, sheet.kinds, sheet.styles, strict=True)
        ]
        template = b'<row r="%d">' + b"".join(shape for shape, _values in slots) + b"</row>"
        numbers = range(first_row + start, first_row + stop)
        columns = [values for _shape, values in slots if values is not None]
        yield b"".join([template % row for row in zip(numbers, *columns, strict=True)])


def _chunk_slot(
    values: Sequence[object], kind: str, style: int, quoted: int, shared: SharedStrings
) -> tuple[bytes, Sequence[object] | None]:
    """A column's part of a chunk's row template, and what fills it: None when nothing does,
    the column being empty throughout (no reason for a listing on sale): one argument fewer
    for each row's ``%``. A "word" column, or an "any" column of a few texts (a drift's
    states in words), as shared strings."""
    if values[0] is None and values.count(None) == len(values):  # count: an == a value
        return b"<c/>", None
    if kind == "word" or (kind == "any" and _few_texts(values)):
        return b"%s", shared.column(values, quoted)
    return _in_bytes(_slot(values, kind, style, quoted))


def _few_texts(values: Sequence[object]) -> bool:
    """Whether ``values`` are texts (or empty) with at most 64 distinct: found at C speed.
    Only texts: a text equals no number, so none hides another (True and 1 would)."""
    distinct = dict.fromkeys(values)
    return len(distinct) <= 64 and all(v is None or type(v) is str for v in distinct)


def _deflate_faster(member: object) -> None:
    """Deflate a long sheet's member by zlib-ng at level 2, not zipfile's zlib at level 1:
    60 MB of sheet XML in 0.07 s rather than 0.14 s, and 5 % smaller. The same deflate
    stream any reader inflates; zipfile has no hook for its compressor, so the one it made
    for the member (``_compressor``, there since Python 3.3) is swapped before the first
    write, when there is one."""
    if getattr(member, "_compressor", None) is not None:
        member._compressor = zlib_ng.compressobj(2, zlib_ng.DEFLATED, -15)  # type: ignore[attr-defined]


def splice(workbook: bytes, sheets: Sequence[LongSheet]) -> bytes:
    """``workbook`` (as openpyxl saved it) with each long sheet's rows after its header rows,
    and the shared strings of their "word" columns."""
    by_path = {f"xl/worksheets/sheet{sheet.index}.xml": sheet for sheet in sheets}
    shared = SharedStrings()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            sheet = by_path.get(info.filename)
            if sheet is None:
                if info.filename in _SHARED:
                    data = data.replace(*_SHARED[info.filename])
                target.writestr(info.filename, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            head = _DIMENSION.sub(b"", head)  # optional; openpyxl's counts only its own rows
            with target.open(info.filename, "w") as member:
                _deflate_faster(member)
                member.write(head)
                for part in rows_xml(sheet, shared):
                    member.write(part)
                member.write(b"</sheetData>" + tail)
        target.writestr(_SHARED_PART, shared.xml())
    return out.getvalue()
