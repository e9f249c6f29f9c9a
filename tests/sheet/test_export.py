"""The exported workbook: Vietnamese headers with notes, drop-downs (the Vietnamese word
first), pictures and a column per installed marketplace, rows that sort and filter on a
protected sheet, origin."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl

from ocop.sheet.export import fingerprint, installed_markets
from ocop.sheet.layout import LAYOUT_VERSION, LISTS_SHEET, META_SHEET, layouts

SHEETS = layouts(installed_markets())


def test_one_row_per_record_with_vietnamese_headers(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    assert book.sheetnames[:3] == ["Chủ thể", "Sản phẩm", "SKU"]
    skus = book["SKU"]
    assert [c.value for c in skus[1]][:3] == ["Mã SKU", "Mã sản phẩm", "Quy cách"]
    assert [skus.cell(row=r, column=1).value for r in (2, 3, 4, 5)] == [
        "HD-CTN-100",
        "HD-CTN-200",
        "MD-500",
        None,
    ]
    assert skus["H2"].value == 250000
    producers = book["Chủ thể"]
    assert producers["G2"].value == "Xã Tân Cương – 05503"
    assert producers["C2"].value == "Hợp tác xã – hop_tac_xa"
    assert producers["E2"].value == "0912345678"
    products = book["Sản phẩm"]
    assert products["G2"].value == 5
    assert products["I2"].value == datetime(2025, 6, 26)  # a real date cell, shown dd/mm/yyyy


def test_every_header_has_a_note(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    for layout in SHEETS:
        for cell in book[layout.title][1]:
            assert cell.comment is not None and len(cell.comment.text) > 10, cell.coordinate


def test_every_enumeration_has_a_drop_down(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    for layout in SHEETS:
        sheet = book[layout.title]
        lists_at = {
            str(v.sqref).split(":")[0][:1]
            for v in sheet.data_validations.dataValidation
            if v.type == "list"
        }
        assert lists_at == {layout.letter(c) for c in layout.columns if c.choices}, layout.title
    lists = book[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    communes = [c.value for c in next(lists.iter_cols(min_col=7, max_col=7))][1:]
    assert len([c for c in communes if c]) == 92
    assert "Xã Tân Cương – 05503" in communes
    assert [c.value for c in next(lists.iter_cols(min_col=8, max_col=8))][1:3] == ["Có", "Không"]


def test_prices_must_be_whole_numbers_of_at_least_1000_dong(exported: Path) -> None:
    sheet = openpyxl.load_workbook(exported)["SKU"]
    checks = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert (checks["H2"].type, checks["H2"].operator, checks["H2"].formula1) == (
        "whole",
        "greaterThanOrEqual",
        "1000",
    )
    assert checks["J2"].formula1 == "0"  # stock may be 0


def test_rows_sort_and_filter_on_a_protected_sheet(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    for layout in SHEETS:
        sheet = book[layout.title]
        assert sheet.protection.sheet
        # sort and filter are not protected, and no data cell is locked (a sort refuses those)
        assert sheet.protection.sort is False and sheet.protection.autoFilter is False
        assert sheet["A1"].protection.locked  # the headers are how import finds the columns
        assert not any(c.protection.locked for c in sheet[2])
        last = layout.letter(layout.columns[-1])
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
        assert sheet.column_dimensions[last].hidden  # each row's id as exported
        assert sheet[f"{last}1"].value == "Mã gốc" and sheet[f"{last}2"].value == sheet["A2"].value


def test_pictures_and_a_column_per_installed_marketplace(exported: Path) -> None:
    products = openpyxl.load_workbook(exported)["Sản phẩm"]
    headers = [c.value for c in products[1]]
    markets = [f"Bán trên {label}" for label in installed_markets().values()]
    assert {"Bán trên Postmart.vn", "Bán trên Voso.vn"} <= set(markets)  # one per package
    assert headers[11:] == ["Ảnh sản phẩm", *markets, "Mã gốc"]
    rows = list(products.iter_rows(min_row=2, max_row=3, values_only=True))
    assert {r[12 : 12 + len(markets)] for r in rows} == {("Không",) * len(markets)}


def test_origin_is_recorded(exported: Path, catalogue: Path) -> None:
    meta = openpyxl.load_workbook(exported)[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    values = {r[0]: r[1] for r in meta.iter_rows(values_only=True)}
    assert values["layout"] == LAYOUT_VERSION
    assert values["catalog_sha256"] == fingerprint(catalogue.read_bytes())
