"""Every format shows the same numbers: each is read back and compared with the report."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocop.model import Catalog
from ocop.observation import Observation
from ocop.report import FORMATS, Report, build_report, render
from ocop.report import text as text_format
from ocop.report.labels import Labels

from . import readback
from .conftest import AS_OF, LISTINGS, REFERENCE


@pytest.fixture(scope="module")
def report(catalog: Catalog) -> Report:
    from .conftest import OBSERVATIONS

    seen: dict[tuple[str, str], Observation] = {(o.marketplace, o.sku): o for o in OBSERVATIONS}
    return build_report(catalog, LISTINGS, seen, as_of=AS_OF, reference_time=REFERENCE)


def _close(got: readback.Cells, want: readback.Cells) -> None:
    assert set(got) == set(want)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, abs=1e-4), key


@pytest.mark.parametrize("language", ["vi", "en"])
def test_csv_json_xlsx_html_show_the_same_numbers(
    report: Report, language: str, tmp_path: Path
) -> None:
    labels = Labels(language)
    want = readback.expected(report)
    _close(readback.from_csv(render(report, "csv", language), report, labels), want)
    _close(readback.from_json(render(report, "json", language)), want)
    _close(readback.from_html(render(report, "html", language)), want)
    path = tmp_path / "report.xlsx"
    path.write_bytes(render(report, "xlsx", language))
    _close(readback.from_xlsx(str(path), report, labels), want)


def test_the_terminal_table_shows_the_same_numbers(report: Report) -> None:
    labels = Labels("vi")
    lines = [
        line.rstrip() for line in text_format.render(report, "vi", width=600).decode().splitlines()
    ]
    at = 0
    for table in report.tables:
        at = lines.index(labels.table(table.key), at)
        for row in table.all_rows:
            label = labels.row(table.key, row)
            at = next(i for i in range(at + 1, len(lines)) if lines[i].startswith(f" {label} "))
            cells = [c.strip() for c in lines[at].split("│")[1:]]
            assert cells == [labels.number(row.values[c.key], c.is_ratio) for c in table.columns]


def test_xlsx_has_vietnamese_headers_frozen_rows_bold_totals_and_evidence(
    report: Report, tmp_path: Path
) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(render(report, "xlsx", "vi"))
    book = load_workbook(path)
    star = book["Theo hạng sao"]
    assert star["B1"].value == "Theo hạng sao"  # above the row names: column A is not printed
    assert star["C2"].value == "Sản phẩm"
    assert star.freeze_panes == "C3"
    total, apart = star.max_row - 1, star.max_row
    assert star.cell(total, 2).value == "Tổng cộng" and star.cell(total, 3).font.b
    assert star.cell(apart, 1).value == "none" and star.cell(apart, 3).font.i
    sheets = {"Đang bán (đã xác minh)": 5, "Đã gỡ (đã xác minh)": 1, "Chưa xác minh": 3}
    lists = {name: list(book[name].iter_rows(min_row=3, values_only=True)) for name in sheets}
    assert {name: len(rows) for name, rows in lists.items()} == sheets
    assert len(report.listings("on_sale")) == 5
    # each counted listing carries the observation it was counted from: page, time, status, price
    che = next(r for r in lists["Đang bán (đã xác minh)"] if r[0] == "voso" and r[3] == "CHE-200")
    assert che[6] == "https://voso.example/p/che-200" and che[7] == "Đang bán"
    assert che[9] == "đang bán" and che[11] == 99000  # the page's status in words
    seen = next(e for e in report.listings("on_sale") if e.sku == "CHE-200")
    assert seen.observed_at is not None  # written in Vietnam time (UTC+7), as its header says
    assert che[8] == (seen.observed_at + timedelta(hours=7)).replace(tzinfo=None)
    assert book["Đang bán (đã xác minh)"]["I2"].value == "Thời điểm quét (giờ Việt Nam)"
    blocked = next(r for r in lists["Chưa xác minh"] if r[3] == "MIEN-1")
    assert blocked[13] == "chỉ bị chặn"
    terms = [row[1] for row in book["Định nghĩa"].iter_rows(min_row=3, values_only=True)]
    assert "Đang bán (đã xác minh)" in terms and "ocop báo đã đăng" in terms


def test_json_lists_the_evidence_by_verdict_and_the_definitions(report: Report) -> None:
    doc = json.loads(render(report, "json", "en"))
    on_sale = doc["listings"]["on_sale"]
    assert {(e["marketplace"], e["sku"]) for e in on_sale} == {
        ("voso", "CHE-100"),
        ("voso", "CHE-200"),
        ("voso", "RUOU-1"),
        ("voso", "GIO-1"),
        ("postmart", "MIEN-1"),
    }
    assert all(e["observed_at"] and e["url"] and e["status"] for e in on_sale)
    assert [e["detail"] for e in doc["listings"]["taken_down"]] == [None]
    assert {e["reason"] for e in doc["listings"]["unverified"]} == {
        "blocked",
        "too_old",
        "never_observed",
    }
    assert doc["watchlist"][0]["live_listings"][0]["sku"] == "MIEN-1"
    assert doc["tables"][0]["title"] == "Listings by marketplace"
    assert doc["tables"][2]["apart"][0]["key"] == "none"
    assert set(doc["definitions"]) >= {"on_sale", "taken_down", "unverified", "claimed"}
    assert "7 days" in doc["definitions"]["on_sale"]["definition"]


def test_the_glossary_is_in_every_format(report: Report) -> None:
    for language, term in (("vi", "Đang bán (đã xác minh)"), ("en", "On sale (verified)")):
        for fmt in ("table", "csv", "json", "html"):
            text = render(report, fmt, language).decode("utf-8-sig")
            assert term in text, (fmt, language)


def test_html_is_self_contained_with_a_chart_per_breakdown(report: Report) -> None:
    page = render(report, "html", "vi").decode("utf-8")
    assert page.count("<svg") == 5  # star, coverage, group, kind, district
    assert (
        "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").split("<body>")[0]
    )
    assert "<script" not in page and "<link" not in page and "@page { size: A4" in page
    assert 'lang="vi"' in page and "Theo hạng sao" in page
    assert '<dl class="glossary">' in page and "Định nghĩa các số liệu" in page


def test_every_format_renders(report: Report) -> None:
    for fmt in FORMATS:
        assert render(report, fmt, "en")
