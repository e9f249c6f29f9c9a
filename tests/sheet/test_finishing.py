"""A product finished in the sheet: its pictures and marketplaces, phone numbers as the
catalogue writes them, photos fitted to the marketplaces, sorted rows, every problem at once."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
from PIL import Image

from ocop.loading import load_catalog
from ocop.registry import capabilities_of
from ocop.selection import offers
from ocop.sheet.export import export_sheet
from ocop.sheet.importing import plan_import, write_catalog
from tests.sheet.conftest import edit, letter_of, row_for

PRODUCT = {
    "Mã sản phẩm": "mat-ong-tan-cuong",
    "Tên sản phẩm": "Mật ong Tân Cương",
    "Mã chủ thể": "htx-che-hao-dat",
    "Nhóm OCOP": "Thực phẩm – thuc_pham",
    "Phân nhóm": "Thực phẩm thô, sơ chế (Thực phẩm) – so_che",
    "Mô tả": "Mật ong hoa nhãn, khai thác ở Tân Cương.",
    "Số sao": 3,
    "Số quyết định": "12/QĐ-UBND",
    "Ngày quyết định": "15/05/2025",
    "Cấp công nhận": "Tỉnh – tinh",
    "Ảnh sản phẩm": "mat-ong.jpg",  # typed without its folder
    "Bán trên Postmart.vn": "Không",
    "Bán trên Voso.vn": "Có",
}
SKU = ["MO-500", "mat-ong-tan-cuong", "Chai 500 ml", "Chai – chai", None, 500, 800, 150000, None, 5]


def photo(path: Path, size: tuple[int, int], orientation: int | None = None) -> Path:
    """A phone-like JPEG: noise compresses badly, so 4000 × 3000 is several MB."""
    path.parent.mkdir(parents=True, exist_ok=True)
    noise = random.Random(7).randbytes(size[0] * size[1] * 3)
    picture = Image.frombytes("RGB", size, noise)
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation  # the camera was held upright
    picture.save(path, "JPEG", quality=95, exif=exif)
    return path


ON_VOSO = """marketplaces:
  voso:
    products:
      - che-tom-non-hao-dat
    categories:
      thuc_pham: 1001
"""


def on_voso(catalogue: Path) -> Path:
    """The test catalogue with a Voso section listing one product, and its sheet."""
    text = catalogue.read_text(encoding="utf-8").replace("marketplaces: {}\n", ON_VOSO)
    catalogue.write_text(text, encoding="utf-8")
    sheet = catalogue.with_suffix(".xlsx")
    export_sheet(load_catalog(catalogue), catalogue.read_bytes(), catalogue.name, sheet)
    return sheet


def test_a_product_is_added_with_its_picture_and_marketplace(catalogue: Path) -> None:
    exported = on_voso(catalogue)
    photo(catalogue.parent / "images" / "mat-ong.jpg", (800, 600))
    sheet = edit(exported, {}, {"Sản phẩm": row_for(exported, "Sản phẩm", PRODUCT), "SKU": SKU})
    plan = plan_import(sheet, catalogue)
    assert not plan.has_errors, [str(p) for p in plan.sheet_problems + plan.catalog_problems]
    assert "    images:\n      - images/mat-ong.jpg\n" in plan.new_text
    assert "      - che-tom-non-hao-dat\n      - mat-ong-tan-cuong\n" in plan.new_text
    write_catalog(plan)
    catalog = load_catalog(catalogue)
    assert [o.sku.sku for o in offers(catalog, "voso")] == ["HD-CTN-100", "HD-CTN-200", "MO-500"]
    assert offers(catalog, "postmart") == []


def test_a_large_phone_photo_is_fitted_and_the_original_kept(catalogue: Path) -> None:
    exported = on_voso(catalogue)
    original = photo(catalogue.parent / "images" / "mat-ong.jpg", (2400, 1800), orientation=6)
    before = original.read_bytes()
    limit = capabilities_of("voso").image_bytes_max  # type: ignore[union-attr]
    assert limit is not None and len(before) > limit  # too large for Voso as it is
    plan = plan_import(
        edit(exported, {}, {"Sản phẩm": row_for(exported, "Sản phẩm", PRODUCT), "SKU": SKU}),
        catalogue,
    )
    assert not plan.has_errors, [str(p) for p in plan.sheet_problems]
    assert "      - images/mat-ong.fit.jpg\n" in plan.new_text
    [notice] = plan.notices
    assert "images/mat-ong.jpg" in str(notice) and "images/mat-ong.fit.jpg" in str(notice)
    fitted = catalogue.parent / "images" / "mat-ong.fit.jpg"
    assert len(fitted.read_bytes()) <= limit
    with Image.open(fitted) as picture:
        assert picture.format == "JPEG"
        assert picture.height > picture.width  # turned upright by its EXIF orientation
        assert not picture.getexif().get(0x0112)
    assert original.read_bytes() == before


def test_phone_numbers_are_written_as_the_catalogue_writes_them(
    exported: Path, catalogue: Path
) -> None:
    plan = plan_import(edit(exported, {"Chủ thể": {"E2": "0912 345 678"}}), catalogue)
    assert not plan.changed  # the same number, spaced out
    plan = plan_import(edit(exported, {"Chủ thể": {"E3": "+84 (208) 3855 123"}}), catalogue)
    assert '    phone: "02083855123"\n' in plan.new_text


def test_a_product_taken_off_a_marketplace_that_lists_every_product(
    catalogue: Path, tmp_path: Path
) -> None:
    text = catalogue.read_text(encoding="utf-8").replace(
        "marketplaces: {}",
        "marketplaces:\n  voso: {categories: {thuc_pham: 1}}\n  postmart:\n"
        "    categories:\n      thuc_pham: 1",
    )
    catalogue.write_text(text, encoding="utf-8")
    sheet = tmp_path / "catalog.xlsx"
    export_sheet(load_catalog(catalogue), catalogue.read_bytes(), catalogue.name, sheet)
    products = openpyxl.load_workbook(sheet)["Sản phẩm"]
    postmart, voso = (
        letter_of(sheet, "Sản phẩm", f"Bán trên {n}.vn") for n in ("Postmart", "Voso")
    )
    assert [products[f"{postmart}3"].value, products[f"{voso}3"].value] == ["Có", "Có"]
    plan = plan_import(edit(sheet, {"Sản phẩm": {f"{voso}3": "Không"}}), catalogue)
    assert not plan.has_errors, [str(p) for p in plan.sheet_problems]
    assert "  voso: {categories: {thuc_pham: 1}, exclude: [mien-dong-hoa-binh]}" in plan.new_text
    assert [str(e) for e in plan.merge.edits] == [
        "Sản phẩm mien-dong-hoa-binh, Bán trên Voso.vn: Có → Không"
    ]


def test_sorted_rows_change_nothing(exported: Path, catalogue: Path) -> None:
    book = openpyxl.load_workbook(exported)
    sheet = book["SKU"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=4)]
    rows.sort(key=lambda r: -int(r[7]))  # by price, highest first, as Excel's sort would
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column).value = value
    sorted_sheet = exported.with_name("sorted.xlsx")
    book.save(sorted_sheet)
    plan = plan_import(sorted_sheet, catalogue)
    assert not plan.has_errors and not plan.changed and not plan.merge.missing


def test_an_id_changed_in_place_is_refused(exported: Path, catalogue: Path) -> None:
    plan = plan_import(edit(exported, {"SKU": {"A2": "HD-CTN-101"}}), catalogue)
    assert plan.has_errors
    assert any(
        "cannot be changed in the sheet (it was 'HD-CTN-100')" in str(p)
        for p in plan.sheet_problems
    )


def test_every_problem_of_the_sheet_comes_in_one_pass(exported: Path, catalogue: Path) -> None:
    bad_sku = [*SKU[:1], "khong-co-san-pham", *SKU[2:7], "125.000", None, 5]
    sheet = edit(
        exported,
        {"SKU": {"J2": "=1+1", "H2": "125k"}, "Chủ thể": {"E2": "12345"}},
        {"SKU": bad_sku},
    )
    plan = plan_import(sheet, catalogue)
    said = "\n".join(str(p) for p in plan.sheet_problems)
    assert "row 2, column J (Tồn kho): the cell holds a formula" in said
    assert "row 2, column H (Giá bán (đồng))" in said  # the same row's other cell too
    assert "column E (Điện thoại)" in said
    assert "row 5, column B (Mã sản phẩm): no product 'khong-co-san-pham'" in said
    assert "row 5, column H (Giá bán (đồng)): a price is a whole number" in said  # same row
