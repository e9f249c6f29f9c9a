"""Read an edited workbook back: its rows as plain values, and what it says about its origin."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ocop.errors import CatalogFileError
from ocop.i18n import _
from ocop.sheet.export import BASE_KEY, fingerprint
from ocop.sheet.layout import LAYOUT_VERSION, META_SHEET, SHEETS, Column, SheetLayout
from ocop.sheet.values import Plain, read_cell


@dataclass(frozen=True)
class SheetRow:
    """One non-empty row of a sheet, as plain values by field."""

    layout: SheetLayout
    row: int
    values: dict[str, Plain]

    @property
    def key(self) -> Plain:
        """The record's id (or SKU) as typed; None on a row without one."""
        return self.values.get(self.layout.columns[0].field)


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


def read_workbook(path: Path) -> SheetContents:
    """Rows of every sheet; refuses files that are not an ocop export of this layout."""
    try:
        book = load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise CatalogFileError(path, _("no such file")) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise CatalogFileError(
            path, _("not an .xlsx workbook; save it as Excel 2007-365 (.xlsx)")
        ) from None
    meta = _meta(book, path)
    result = SheetContents({}, meta)
    for layout in SHEETS:
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
    meta = {
        str(r[0]): "" if r[1] is None else str(r[1])
        for r in sheet.iter_rows(min_col=1, max_col=2, values_only=True)
        if r[0] is not None
    }
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
    sheet: Worksheet, layout: SheetLayout, problems: list[SheetProblem], path: Path
) -> list[SheetRow]:
    lines = sheet.iter_rows(values_only=True)
    header = [str(v).strip() if v is not None else "" for v in next(lines, ())]
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
    rows = []
    for number, line in enumerate(lines, start=2):
        cells = {f: line[i] if i < len(line) else None for f, i in where.items()}
        values = {f: read_cell(layout.column_of(f), v) for f, v in cells.items()}
        if any(v is not None for v in values.values()):
            rows.append(SheetRow(layout, number, values))
    _check_repeats(layout, rows, problems)
    return rows


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
