"""Read an edited workbook back: its rows as plain values, and what it says about its origin."""

from __future__ import annotations

import json
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ocop.cells import MAX_CELL, Formula, read_cell
from ocop.errors import CatalogFileError
from ocop.i18n import _
from ocop.sheet.export import BASE_KEY, MARKETS_KEY, fingerprint
from ocop.sheet.layout import (
    LAYOUT_VERSION,
    META_SHEET,
    ORIGIN_FIELD,
    Column,
    SheetLayout,
    layouts,
)
from ocop.sheet.values import Plain, read_value


@dataclass(frozen=True)
class SheetRow:
    """One non-empty row of a sheet, as plain values by field."""

    layout: SheetLayout
    row: int
    values: dict[str, Plain]
    refused: frozenset[str] = frozenset()  # fields whose cell could not be read (left as is)

    @property
    def key(self) -> Plain:
        """The record's id (or SKU) as typed; None on a row without one."""
        return self.values.get(self.layout.columns[0].field)

    @property
    def origin(self) -> Plain:
        """The id the row had when it was exported (None on a row added since)."""
        return self.values.get(ORIGIN_FIELD)


@dataclass(frozen=True)
class SheetProblem:
    """Something wrong in the sheet, at a sheet, row and column people can find."""

    sheet: str
    row: int | None
    column: Column | None
    message: str
    letter: str = ""
    is_error: bool = True

    def __str__(self) -> str:
        if self.row is None:
            return _("sheet {sheet}: {message}").format(sheet=self.sheet, message=self.message)
        if self.column is None:
            return _("sheet {sheet}, row {row}: {message}").format(
                sheet=self.sheet, row=self.row, message=self.message
            )
        return _("sheet {sheet}, row {row}, column {letter} ({header}): {message}").format(
            sheet=self.sheet,
            row=self.row,
            letter=self.letter,
            header=self.column.header,
            message=self.message,
        )


@dataclass
class SheetContents:
    """What an exported-then-edited workbook holds."""

    rows: dict[str, list[SheetRow]]  # by section: producers, products, skus
    meta: dict[str, str]
    problems: list[SheetProblem] = field(default_factory=list)

    def base_text(self) -> str | None:
        """The catalog.yaml text the sheet was exported from, if it came through intact."""
        chunks, n = [], 0
        while (chunk := self.meta.get(f"{BASE_KEY}{n}")) is not None:
            chunks.append(chunk)
            n += 1
        text = "".join(chunks)
        if not chunks or fingerprint(text.encode()) != self.meta.get("catalog_sha256"):
            return None
        return text


# What an edited sheet may hold. A province's catalogue fills a few hundred rows, a national one
# about 40,000 SKU rows; each bound is far above that and far below what hurts. docs/sheet.md
# lists them.
MAX_ROWS = 100_000  # rows with something in them, per sheet
MAX_COLUMNS = 100  # ocop's columns must be among the first 100
MAX_UNZIPPED = 200 * 2**20  # bytes of the workbook's parts once unzipped (a zip bomb stops here)
MAX_META_ROWS = 10_000  # the _ocop sheet: the exported catalogue in 30,000-character chunks
LAST_ROW = 1_048_576  # Excel's and Calc's last row: a row number beyond it is forged


def read_workbook(path: Path) -> SheetContents:
    """Rows of every sheet; refuses files that are not an ocop export of this layout.

    The workbook is streamed (openpyxl's read-only mode) and every bound is checked while
    reading, so a sheet of a million rows or a cell of 20 MB gets a message at its sheet, row
    and column, never a MemoryError. Whatever the lower layers raise on a damaged or forged
    file becomes one ``CatalogFileError`` here.
    """
    _check_size(path)
    with warnings.catch_warnings():  # openpyxl warns on stderr about what it skips; ocop says
        warnings.simplefilter("ignore", UserWarning)
        return _stream(path)


def _stream(path: Path) -> SheetContents:
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except FileNotFoundError:
        raise CatalogFileError(path, _("no such file")) from None
    except Exception:  # zipfile, XML and openpyxl errors of every kind: not a workbook
        raise CatalogFileError(
            path, _("not an .xlsx workbook; save it as Excel 2007-365 (.xlsx)")
        ) from None
    try:
        return _read(book, path)
    except CatalogFileError:
        raise
    except Exception as exc:  # a forged part openpyxl or the XML parser stops at
        raise CatalogFileError(
            path,
            _("the workbook is damaged and cannot be read ({reason}); export again").format(
                reason=type(exc).__name__
            ),
        ) from None
    finally:
        book.close()


def _check_size(path: Path) -> None:
    """Refuse a workbook that would unzip to more than MAX_UNZIPPED before reading any of it."""
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except FileNotFoundError:
        raise CatalogFileError(path, _("no such file")) from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CatalogFileError(
            path, _("not an .xlsx workbook; save it as Excel 2007-365 (.xlsx)")
        ) from None
    if unzipped > MAX_UNZIPPED:
        raise CatalogFileError(
            path,
            _(
                "the workbook unpacks to {mb} MB; ocop reads sheets up to {limit} MB (a "
                "catalogue's sheet is a few MB): is it the right file?"
            ).format(mb=unzipped // 2**20, limit=MAX_UNZIPPED // 2**20),
        )


def _read(book: Any, path: Path) -> SheetContents:
    meta = _meta(book, path)
    result = SheetContents({}, meta)
    try:
        markets = {str(k): str(v) for k, v in json.loads(meta.get(MARKETS_KEY, "{}")).items()}
    except (ValueError, AttributeError):
        markets = {}
    for layout in layouts(markets):
        if layout.title not in book.sheetnames:
            raise CatalogFileError(
                path, _("the sheet {sheet} is missing; export again").format(sheet=layout.title)
            )
        result.rows[layout.section] = _rows(book[layout.title], layout, result.problems, path)
    return result


def _meta(book: Any, path: Path) -> dict[str, str]:
    if META_SHEET not in book.sheetnames:
        raise CatalogFileError(
            path, _("this workbook was not made by `ocop sheet export`; export the catalogue first")
        )
    sheet = book[META_SHEET]
    lines = sheet.iter_rows(min_col=1, max_col=2, max_row=MAX_META_ROWS, values_only=True)
    meta = {str(r[0]): "" if r[1] is None else str(r[1]) for r in lines if r and r[0] is not None}
    if meta.get("layout") != str(LAYOUT_VERSION):
        raise CatalogFileError(
            path,
            _(
                "this sheet comes from an older export (layout {found}, now {known}); "
                "export the catalogue again and copy your changes into the new sheet"
            ).format(found=meta.get("layout", "?"), known=LAYOUT_VERSION),
        )
    return meta


def _rows(
    sheet: Any, layout: SheetLayout, problems: list[SheetProblem], path: Path
) -> list[SheetRow]:
    # openpyxl stops at the size the file declares; a file that understates it would lose
    # its last rows without a word, so every row the file holds is read.
    sheet.reset_dimensions()
    first = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
    header = [str(v).strip() if v is not None else "" for v in first]
    where: dict[str, int] = {}
    for column in layout.columns:
        if column.header not in header:
            raise CatalogFileError(
                path,
                _("the sheet {sheet} has no column {header!r}; export again").format(
                    sheet=layout.title, header=column.header
                ),
            )
        where[column.field] = header.index(column.header)
    width = max(where.values()) + 1
    rows = []
    for number, line in enumerate(sheet.iter_rows(min_row=2, max_col=width), start=2):
        if number > LAST_ROW:  # openpyxl makes up empty rows up to a forged row number
            raise CatalogFileError(path, str(_beyond_the_last_row(layout, number)))
        cells = {f: line[i] if i < len(line) else None for f, i in where.items()}
        if all(cell is None or cell.value is None for cell in cells.values()):
            continue
        if number > MAX_ROWS + 1:  # stop reading: what follows would not be imported anyway
            raise CatalogFileError(path, str(_too_many_rows(layout, number)))
        row = _row(layout, number, cells, problems)
        if row is not None:
            rows.append(row)
    _check_repeats(layout, rows, problems)
    return rows


def _beyond_the_last_row(layout: SheetLayout, number: int) -> SheetProblem:
    message = _(
        "the sheet has rows past row {last}, the last a spreadsheet has: it was not saved by "
        "Excel or Calc; export again"
    ).format(last=LAST_ROW)
    return SheetProblem(layout.title, number, None, message)


def _too_many_rows(layout: SheetLayout, number: int) -> SheetProblem:
    message = _(
        "ocop reads at most {limit} rows a sheet, and this one goes on further: split the "
        "work into several sheets, or check that the rows below are meant to be there"
    ).format(limit=MAX_ROWS)
    return SheetProblem(layout.title, number, None, message)


def _row(
    layout: SheetLayout, number: int, cells: dict[str, Any], problems: list[SheetProblem]
) -> SheetRow | None:
    """One row's values; None (after reporting) when a cell cannot be read as a value."""
    values: dict[str, Plain] = {}
    refused: set[str] = set()
    for name, cell in cells.items():
        column = layout.column_of(name)
        try:
            value = None if cell is None else read_cell(cell)
        except Formula as formula:
            problems.append(_cell_problem(layout, number, column, _formula_message(formula)))
            refused.add(name)
            continue
        if isinstance(value, str) and len(value) > MAX_CELL:
            too_long = _(
                "the cell holds {count} characters; a spreadsheet cell holds at most {limit} "
                "(the text was not made in Excel or Calc)"
            ).format(count=len(value), limit=MAX_CELL)
            problems.append(_cell_problem(layout, number, column, too_long))
            refused.add(name)
            continue
        values[name] = read_value(column, value)
    if all(v is None for v in values.values()) and not refused:
        return None
    # a refused cell is left as the catalogue has it, the rest of the row is still merged and
    # checked: every problem of the sheet in one pass
    return SheetRow(layout, number, values, frozenset(refused))


def _formula_message(formula: Formula) -> str:
    shown = formula.formula if len(formula.formula) <= 40 else formula.formula[:39] + "…"
    return _(
        "the cell holds a formula ({formula}); ocop reads the values people type: copy the "
        "cell and paste it back as a value only"
    ).format(formula=shown)


def _cell_problem(layout: SheetLayout, number: int, column: Column, message: str) -> SheetProblem:
    return SheetProblem(layout.title, number, column, message, layout.letter(column))


def _check_repeats(layout: SheetLayout, rows: list[SheetRow], problems: list[SheetProblem]) -> None:
    first: dict[Plain, int] = {}
    key = layout.columns[0]
    for row in rows:
        if row.key is None:
            continue
        if row.key in first:
            problems.append(
                SheetProblem(
                    layout.title,
                    row.row,
                    key,
                    _("{id!r} is already on row {first}; each record has one row").format(
                        id=row.key, first=first[row.key]
                    ),
                    layout.letter(key),
                )
            )
        else:
            first[row.key] = row.row
