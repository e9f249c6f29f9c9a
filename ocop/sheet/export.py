"""Write the catalogue as an XLSX workbook cooperative staff can edit in Excel or LibreOffice.

    Chủ thể | Sản phẩm | SKU      one row per producer, product, SKU; notes on every header
    Danh mục (hidden)            the choices behind every drop-down
    _ocop (very hidden)          layout version and fingerprint of the catalogue it came from

The sheets are protected without a password (a guard against slips, not security): headers
cannot be renamed and columns cannot be inserted or deleted, while every data cell stays
editable and rows may be sorted and filtered (each sheet has its filter buttons; a hidden last
column keeps each row's exported id, so a changed id is still recognised after a sort). Id
cells are shaded: changing one is refused on import. The product sheet has a "Bán trên …"
column per installed marketplace. Text goes in through ``ocop.cells``: a name starting with
"=" is text, never a formula.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ocop.cells import text_cell
from ocop.model import Catalog, Product, Record
from ocop.sheet.layout import (
    EXTRA_ROWS,
    LAYOUT_VERSION,
    LISTS_SHEET,
    META_SHEET,
    PRODUCERS,
    PRODUCTS,
    Column,
    SheetLayout,
    drop_down_lists,
    layouts,
)
from ocop.sheet.values import display, model_value

BASE_KEY = "catalog_text_"
MARKETS_KEY = "marketplace_columns"  # {name: the label its header shows}, as JSON
BASE_CHUNK = 30_000
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
NOTE_AUTHOR = "ocop"


def fingerprint(raw: bytes) -> str:
    """What identifies the catalogue a sheet was made from."""
    return hashlib.sha256(raw).hexdigest()


def rows_of(catalog: Catalog, layout: SheetLayout) -> Iterator[tuple[Record, Product | None]]:
    """The records one sheet lists, each with its product when it is a SKU."""
    if layout.section == "producers":
        yield from ((p, None) for p in catalog.producers)
    elif layout.section == "products":
        yield from ((p, None) for p in catalog.products)
    else:
        yield from ((sku, product) for product, sku in catalog.skus())


def installed_markets() -> dict[str, str]:
    """The installed marketplaces (entry points), each with its Vietnamese display name."""
    from ocop.registry import marketplaces

    return {name: market.label.vi for name, market in marketplaces().items()}


def build_workbook(
    catalog: Catalog, raw: bytes, source_name: str, markets: dict[str, str] | None = None
) -> Workbook:
    """The workbook for ``catalog``; ``raw`` is the catalogue file it was read from;
    ``markets`` the marketplace columns (default: every installed marketplace)."""
    markets = installed_markets() if markets is None else markets
    book = Workbook()
    book.remove(book.active)
    lists = _list_ranges()
    for layout in layouts(markets):
        sheet = book.create_sheet(layout.title)
        count = _fill(sheet, layout, catalog)
        _protect(sheet, layout, count)
        _drop_downs(sheet, layout, lists, count)
    _lists_sheet(book)
    _meta_sheet(book, raw, source_name, markets)
    book.active = 0
    return book


def export_sheet(catalog: Catalog, raw: bytes, source_name: str, target: Path) -> None:
    """Write the workbook to ``target`` (.xlsx)."""
    build_workbook(catalog, raw, source_name).save(target)


def _fill(sheet: Worksheet, layout: SheetLayout, catalog: Catalog) -> int:
    for index, column in enumerate(layout.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(column.note, NOTE_AUTHOR, width=260, height=110)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    count = 0
    for count, (record, product) in enumerate(rows_of(catalog, layout), start=1):
        for index, column in enumerate(layout.columns, start=1):
            _put(
                sheet.cell(row=count + 1, column=index),
                display(column, model_value(column, record, product, catalog)),
            )
    sheet.freeze_panes = "B2"
    last = get_column_letter(len(layout.columns))
    sheet.column_dimensions[last].hidden = True  # the row's id as exported
    sheet.auto_filter.ref = f"A1:{last}{count + EXTRA_ROWS + 1}"
    return count


def _put(cell: Any, value: Any) -> None:
    """A value into a cell; text through ocop.cells, so a name is never a formula."""
    if isinstance(value, str):
        text_cell(cell, value)
    else:
        cell.value = value


def _protect(sheet: Worksheet, layout: SheetLayout, count: int) -> None:
    """Headers locked; every data cell open, so Excel and Calc let rows be sorted (a sort
    refuses a range with a locked cell) and filtered."""
    open_cell = Protection(locked=False)
    for row in range(2, count + EXTRA_ROWS + 2):
        for index, column in enumerate(layout.columns, start=1):
            cell = sheet.cell(row=row, column=index)
            cell.protection = open_cell
            if (column.key or column.fixed) and row <= count + 1:
                cell.fill = LOCKED_FILL  # shaded: an id is not changed here
            _format(cell, column)
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False  # allowed: widen a column to read it
    protection.formatRows = False
    protection.insertRows = False  # allowed: records are added as rows…
    protection.deleteRows = False  # …and a deleted row is reported by import, never applied
    protection.autoFilter = False  # allowed: the filter buttons (False = not protected)
    protection.sort = False


def _format(cell: Any, column: Column) -> None:
    if column.kind == "int":
        cell.number_format = "#,##0"
    elif column.kind == "date":
        cell.number_format = "DD/MM/YYYY"
    elif column.kind in ("text", "images", "origin"):
        cell.number_format = "@"  # keeps the leading 0 of phone numbers and tax codes


def _list_ranges() -> dict[str, str]:
    ranges: dict[str, str] = {}
    for index, (name, items) in enumerate(drop_down_lists().items(), start=1):
        letter = get_column_letter(index)
        last = len(items) + 1
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    for name, layout in (("@producers", PRODUCERS), ("@products", PRODUCTS)):
        ranges[name] = f"{quote_sheetname(layout.title)}!$A$2:$A$5000"
    return ranges


def _lists_sheet(book: Workbook) -> None:
    sheet = book.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    for index, (name, items) in enumerate(drop_down_lists().items(), start=1):
        _put(sheet.cell(row=1, column=index), name)
        for row, item in enumerate(items, start=2):
            # stars are numbers in the cells, so the list must hold numbers too
            _put(sheet.cell(row=row, column=index), int(item) if item.isdigit() else item)


def _drop_downs(sheet: Worksheet, layout: SheetLayout, lists: dict[str, str], count: int) -> None:
    last = count + EXTRA_ROWS + 1
    for index, column in enumerate(layout.columns, start=1):
        check = _cell_check(column, lists)
        if check is None:
            continue
        letter = get_column_letter(index)
        check.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(check)


def _cell_check(column: Column, lists: dict[str, str]) -> DataValidation | None:
    """What Excel/Calc refuse as it is typed: a value off the list, a price that is no price.

    Import validates again (a check can be pasted over), but catching "125.000" while
    typing is kinder: in an English-locale Calc it would otherwise become 125 đồng.
    """
    if column.choices is not None:
        return DataValidation(
            type="list",
            formula1=lists[column.choices],
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không có trong danh sách",
            error="Hãy chọn một giá trị trong danh sách thả xuống.",
        )
    if column.kind != "int":
        return None
    money = column.field in ("price", "list_price")
    return DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="1000" if money else "0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Cần một số nguyên",
        error=(
            "Giá là số nguyên tiền đồng, từ 1000 trở lên, không có dấu chấm hay phẩy: 125000."
            if money
            else "Hãy nhập một số nguyên, không có dấu chấm hay phẩy."
        ),
    )


def _meta_sheet(book: Workbook, raw: bytes, source_name: str, markets: dict[str, str]) -> None:
    sheet = book.create_sheet(META_SHEET)
    sheet.sheet_state = "veryHidden"
    rows: tuple[tuple[str, str | int], ...] = (
        ("layout", LAYOUT_VERSION),
        ("catalog_sha256", fingerprint(raw)),
        ("catalog_file", source_name),
        ("exported_at", datetime.now(UTC).replace(microsecond=0).isoformat()),
        (MARKETS_KEY, json.dumps(markets, ensure_ascii=False)),
    )
    # the exported text itself, so a sheet imported after catalog.yaml changed can be merged
    # three ways (cells hold at most 32767 characters)
    text = raw.decode("utf-8-sig")
    chunks = [text[i : i + BASE_CHUNK] for i in range(0, len(text), BASE_CHUNK)]
    rows += tuple((f"{BASE_KEY}{n}", chunk) for n, chunk in enumerate(chunks))
    for row, (key, value) in enumerate(rows, start=1):
        _put(sheet.cell(row=row, column=1), key)
        _put(sheet.cell(row=row, column=2), value)  # a chunk of YAML may start with "-" or "="
