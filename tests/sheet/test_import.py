"""Importing an edited sheet changes exactly the edited lines, or nothing at all."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ocop.cli import cli
from ocop.errors import CatalogFileError, CatalogInvalid
from ocop.loading import load_catalog
from ocop.sheet.export import export_sheet
from ocop.sheet.importing import plan_import, write_catalog
from ocop.sheet.layout import META_SHEET
from tests.sheet.conftest import edit

NEW_SKU = [
    "MD-1000",
    "mien-dong-hoa-binh",
    "Gói 1 kg",
    "goi – Gói",
    1000,
    None,
    1080,
    110000,
    None,
    30,
]
NEW_SKU_TEXT = """\
      - sku: MD-1000
        label: Gói 1 kg
        unit: goi
        net_weight_g: 1000
        shipping_weight_g: 1080
        price: 110000
        stock: 30
"""


def _expected(original: str) -> str:
    """The catalogue with the three edits of ``_edited`` made by hand."""
    text = original.replace(
        "price: 250000 # giá niêm yết 2025", "price: 260000 # giá niêm yết 2025"
    )
    text = text.replace("name: Miến dong Hoà Bình", "name: Miến dong Hòa Bình")
    return text.replace("        stock: 100\n", "        stock: 100\n" + NEW_SKU_TEXT)


def _edited(exported: Path) -> Path:
    return edit(
        exported,
        {"SKU": {"H2": 260000}, "Sản phẩm": {"B3": "Miến dong Hòa Bình"}},
        {"SKU": NEW_SKU},
    )


def test_an_untouched_sheet_changes_nothing(exported: Path, catalogue: Path) -> None:
    plan = plan_import(exported, catalogue)
    assert not plan.changed and not plan.has_errors and not plan.stale
    assert plan.merge.missing == [] and plan.merge.updated == [] and plan.merge.added == []


def test_edits_become_exactly_those_lines(exported: Path, catalogue: Path) -> None:
    original = catalogue.read_text(encoding="utf-8")
    plan = plan_import(_edited(exported), catalogue)
    assert not plan.has_errors, plan.sheet_problems
    assert plan.new_text == _expected(original)
    assert plan.merge.added == ["SKU: MD-1000"]
    assert sorted(plan.merge.updated) == ["SKU: HD-CTN-100", "Sản phẩm: mien-dong-hoa-binh"]
    removed = [
        line
        for line in plan.diff().splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    assert removed == [
        "-        price: 250000 # giá niêm yết 2025",
        "-    name: Miến dong Hoà Bình",
    ]


def test_cli_writes_atomically_with_a_backup(exported: Path, catalogue: Path) -> None:
    original = catalogue.read_text(encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["sheet", "import", str(_edited(exported)), "--catalog", str(catalogue), "--yes"]
    )
    assert result.exit_code == 0, result.output
    assert "+        price: 260000 # giá niêm yết 2025" in result.output
    assert "SKU HD-CTN-100, Giá bán (đồng): 250000 → 260000" in result.output
    assert (
        "Sản phẩm mien-dong-hoa-binh, Tên sản phẩm: Miến dong Hoà Bình → Miến dong Hòa Bình"
        in result.output
    )
    assert "new: SKU: MD-1000" in result.output
    assert catalogue.read_text(encoding="utf-8") == _expected(original)
    backups = list(catalogue.parent.glob("catalog.yaml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == original
    assert load_catalog(catalogue).product("mien-dong-hoa-binh") is not None
    assert not list(catalogue.parent.glob(".catalog.yaml.*"))  # no temporary file left behind


def test_answering_no_writes_nothing(exported: Path, catalogue: Path) -> None:
    original = catalogue.read_bytes()
    result = CliRunner().invoke(
        cli, ["sheet", "import", str(_edited(exported)), "--catalog", str(catalogue)], input="n\n"
    )
    assert result.exit_code == 0
    assert "Write these changes" in result.output
    assert catalogue.read_bytes() == original
    assert not list(catalogue.parent.glob("*.bak"))


def test_bad_values_are_refused_naming_sheet_row_and_column_in_vietnamese(
    exported: Path, catalogue: Path
) -> None:
    original = catalogue.read_bytes()
    bad = edit(
        exported,
        {
            "SKU": {"H2": "125.000"},
            "Chủ thể": {"G3": "99999 – Xã Không Có"},
            "Sản phẩm": {"C3": "htx-khong-co"},
        },
    )
    result = CliRunner().invoke(
        cli, ["--lang", "vi", "sheet", "import", str(bad), "--catalog", str(catalogue), "--yes"]
    )
    assert result.exit_code == 1
    out = result.output
    assert "trang SKU, dòng 2, cột H (Giá bán (đồng)): giá là số nguyên tiền đồng" in out
    assert "'125.000'" in out
    assert "trang Chủ thể, dòng 3, cột G (Xã/phường (2025)): " in out
    assert "không có xã/phường mã 99999" in out
    assert (
        "trang Sản phẩm, dòng 3, cột C (Mã chủ thể): không có chủ thể nào mang mã 'htx-khong-co'"
        in out
    )
    assert "không có gì được ghi" in out
    assert catalogue.read_bytes() == original


def test_a_new_row_missing_a_required_value_is_refused(exported: Path, catalogue: Path) -> None:
    bad = edit(
        exported,
        {},
        {
            "Sản phẩm": [
                "mat-ong-moi",
                "Mật ong mới",
                None,
                "thuc_pham – Thực phẩm",
                None,
                "Mật ong rừng.",
                3,
                "12/QĐ-UBND",
                "2025-05-05",
                "tinh – Tỉnh",
            ]
        },
    )
    plan = plan_import(bad, catalogue)
    assert plan.has_errors
    [problem] = [p for p in plan.sheet_problems if p.is_error]
    assert (problem.sheet, problem.row, problem.letter) == ("Sản phẩm", 4, "C")
    assert "producer is required" in problem.message
    with pytest.raises(CatalogInvalid):
        write_catalog(plan)


def test_new_producer_product_and_sku_are_added(exported: Path, catalogue: Path) -> None:
    sheet = edit(
        exported,
        {},
        {
            "Chủ thể": [
                "htx-mat-ong",
                "HTX mật ong Tân Cương",
                "hop_tac_xa – Hợp tác xã",
                None,
                "0987654321",
                None,
                "Tân Cương",
            ],
            "Sản phẩm": [
                "mat-ong-tan-cuong",
                "Mật ong Tân Cương",
                "htx-mat-ong",
                "thuc_pham – Thực phẩm",
                "so_che – Thực phẩm thô, sơ chế (Thực phẩm)",
                "Mật ong hoa nhãn.",
                3,
                "12/QĐ-UBND",
                "15/05/2025",
                "tinh – Tỉnh",
            ],
            "SKU": [
                "MO-500",
                "mat-ong-tan-cuong",
                "Chai 500 ml",
                "chai – Chai",
                None,
                500,
                800,
                150000,
                None,
                5,
            ],
        },
    )
    plan = plan_import(sheet, catalogue)
    assert not plan.has_errors, [str(p) for p in plan.sheet_problems]
    assert (
        """\
  - id: htx-mat-ong
    name: HTX mật ong Tân Cương
    kind: hop_tac_xa
    phone: "0987654321"
    address:
      commune: "05503"

# --- Sản phẩm ---"""
        in plan.new_text
    )
    assert (
        """\
  - id: mat-ong-tan-cuong
    name: Mật ong Tân Cương
    producer: htx-mat-ong
    group: thuc_pham
    subgroup: so_che
    description: Mật ong hoa nhãn.
    certifications:
      - stars: 3
        decision: 12/QĐ-UBND
        date: 15/05/2025
        level: tinh
    skus:
      - sku: MO-500
        label: Chai 500 ml
        unit: chai
        net_volume_ml: 500
        shipping_weight_g: 800
        price: 150000
        stock: 5
# end of catalogue
"""
        in plan.new_text
    )
    write_catalog(plan)
    catalog = load_catalog(catalogue)
    assert catalog.product("mat-ong-tan-cuong") is not None
    assert catalog.producer("htx-mat-ong") is not None


def test_rows_removed_in_the_sheet_are_reported_not_deleted(
    exported: Path, catalogue: Path
) -> None:
    book = openpyxl.load_workbook(exported)
    book["SKU"].delete_rows(3)
    book.save(exported)
    result = CliRunner().invoke(
        cli, ["sheet", "import", str(exported), "--catalog", str(catalogue), "--yes"]
    )
    assert result.exit_code == 0, result.output
    assert "not in the sheet, kept in the catalogue: SKU: HD-CTN-200" in result.output
    assert "no changes" in result.output
    assert "HD-CTN-200" in catalogue.read_text(encoding="utf-8")


def _change_after_export(catalogue: Path, old: str, new: str) -> str:
    text = catalogue.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new) + "# edited after the export\n"
    catalogue.write_text(text, encoding="utf-8")
    return text


def test_a_sheet_older_than_the_catalogue_applies_only_its_own_edits(
    exported: Path, catalogue: Path
) -> None:
    sheet = _edited(exported)  # price of HD-CTN-100, a name, a new SKU
    text = _change_after_export(catalogue, "price: 60000", "price: 65000")
    result = CliRunner().invoke(
        cli, ["sheet", "import", str(sheet), "--catalog", str(catalogue), "--yes"]
    )
    assert result.exit_code == 0, result.output
    assert "only the cells edited in the sheet are applied" in result.output
    # the sheet still says 60000 for MD-500, but that cell was not edited: 65000 stays
    assert catalogue.read_text(encoding="utf-8") == _expected(text)


def test_a_cell_changed_in_both_places_is_a_conflict(exported: Path, catalogue: Path) -> None:
    sheet = _edited(exported)
    before = _change_after_export(catalogue, "price: 250000", "price: 270000")
    plan = plan_import(sheet, catalogue)
    assert plan.three_way and plan.has_errors
    [conflict] = [p for p in plan.sheet_problems if p.is_error]
    assert (conflict.sheet, conflict.row, conflict.letter) == ("SKU", 2, "H")
    assert "changed here too" in conflict.message and "270000" in conflict.message
    assert catalogue.read_text(encoding="utf-8") == before


def test_records_deleted_or_added_after_the_export(exported: Path, catalogue: Path) -> None:
    text = catalogue.read_text(encoding="utf-8")
    block = text[text.index("      - sku: HD-CTN-200") : text.index("  - id: mien-dong-hoa-binh")]
    added = block.replace("HD-CTN-200", "HD-CTN-500")
    catalogue.write_text(text.replace(block, added), encoding="utf-8")
    plan = plan_import(exported, catalogue)
    assert not plan.changed and plan.merge.missing == []  # HD-CTN-500 was never in the sheet
    [note] = plan.sheet_problems
    assert not note.is_error and note.row == 3 and "deleted from catalog.yaml" in note.message


def test_an_older_sheet_without_its_export_text_is_refused_unless_forced(
    exported: Path, catalogue: Path
) -> None:
    book = openpyxl.load_workbook(exported)
    meta = book[META_SHEET]
    first = next(r for r in meta.iter_rows() if r[0].value == "catalog_text_0")
    first[1].value = "damaged"  # the first chunk of the exported text
    book.save(exported)
    sheet = _edited(exported)
    _change_after_export(catalogue, "price: 60000", "price: 65000")
    refused = CliRunner().invoke(
        cli, ["sheet", "import", str(sheet), "--catalog", str(catalogue), "--yes"]
    )
    assert refused.exit_code == 1
    assert "older catalog.yaml" in refused.output
    assert "price: 65000" in catalogue.read_text(encoding="utf-8")
    forced = CliRunner().invoke(
        cli, ["sheet", "import", str(sheet), "--catalog", str(catalogue), "--yes", "--force"]
    )
    assert forced.exit_code == 0, forced.output
    text = catalogue.read_text(encoding="utf-8")
    assert "price: 260000" in text and "price: 60000" in text  # the sheet's values win
    assert text.endswith("# edited after the export\n")


def test_a_sheet_of_an_older_layout_is_refused(exported: Path, catalogue: Path) -> None:
    book = openpyxl.load_workbook(exported)
    book[META_SHEET]["B1"] = 0
    book.save(exported)
    with pytest.raises(CatalogFileError, match="older export"):
        plan_import(exported, catalogue)


def test_a_workbook_not_made_by_ocop_is_refused(tmp_path: Path, catalogue: Path) -> None:
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    result = CliRunner().invoke(cli, ["sheet", "import", str(other), "--catalog", str(catalogue)])
    assert result.exit_code == 1
    assert "not made by `ocop sheet export`" in result.output
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(CatalogFileError, match=r"\.xlsx"):
        plan_import(text, catalogue)


def test_a_sku_cannot_move_to_another_product(exported: Path, catalogue: Path) -> None:
    book = openpyxl.load_workbook(exported)
    book["SKU"]["B4"] = "che-tom-non-hao-dat"
    book.save(exported)
    plan = plan_import(exported, catalogue)
    assert plan.has_errors
    assert [(p.sheet, p.row, p.letter) for p in plan.sheet_problems] == [("SKU", 4, "B")]


def test_an_id_on_two_rows_is_refused(exported: Path, catalogue: Path) -> None:
    plan = plan_import(
        edit(
            exported,
            {},
            {"SKU": ["MD-500", "mien-dong-hoa-binh", "x", "goi", 1, None, 1, 1000, None, 1]},
        ),
        catalogue,
    )
    assert plan.has_errors
    assert [(p.row, p.letter) for p in plan.sheet_problems if p.is_error] == [(5, "A")]


def test_a_block_description_keeps_its_style(catalogue: Path, tmp_path: Path) -> None:
    text = catalogue.read_text(encoding="utf-8").replace(
        "    description: Chè búp tôm nõn hái thủ công ở Tân Cương, sao tay.\n",
        "    description: |\n      Chè búp tôm nõn hái thủ công ở Tân Cương.\n      Sao tay  trên chảo gang.\n",
    )
    catalogue.write_text(text, encoding="utf-8")
    sheet = tmp_path / "block.xlsx"
    export_sheet(load_catalog(catalogue), catalogue.read_bytes(), catalogue.name, sheet)
    assert not plan_import(sheet, catalogue).changed  # the final line break is no edit
    plan = plan_import(edit(sheet, {"Sản phẩm": {"F2": "Chè búp tôm nõn.\nSao tay."}}), catalogue)
    assert plan.new_text == text.replace(
        "      Chè búp tôm nõn hái thủ công ở Tân Cương.\n      Sao tay  trên chảo gang.\n",
        "      Chè búp tôm nõn.\n      Sao tay.\n",
    )


def test_a_catalogue_with_windows_line_ends_keeps_them(catalogue: Path, tmp_path: Path) -> None:
    text = catalogue.read_text(encoding="utf-8").replace("\n", "\r\n")
    catalogue.write_bytes(text.encode("utf-8"))
    sheet = tmp_path / "crlf.xlsx"
    export_sheet(load_catalog(catalogue), catalogue.read_bytes(), catalogue.name, sheet)
    plan = plan_import(edit(sheet, {"SKU": {"H4": 65000}}), catalogue)
    assert plan.new_text == text.replace("price: 60000\r\n", "price: 65000\r\n")
