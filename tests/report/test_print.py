"""The report as a department prints it: the HTML page through Chromium, the workbook through
LibreOffice, both to PDF, read back with poppler's pdftotext and pdfinfo.

Each printed copy must carry the official header block, page numbers, every column of every
table inside the page's margins, no ### where a number did not fit, no mostly blank page,
and — in Vietnamese — no English word of the report's own.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ocop.model import Catalog
from ocop.observation import Observation
from ocop.report import Letterhead, Report, build_report, render
from ocop.report.labels import TEXTS, Labels

from .conftest import AS_OF, LISTINGS, OBSERVATIONS, REFERENCE

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
MM = 72 / 25.4  # points in a millimetre
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None or not POPPLER, reason="needs chromium and poppler-utils (apt-get install)"
)
needs_soffice = pytest.mark.skipif(
    SOFFICE is None or not POPPLER, reason="needs libreoffice-calc and poppler-utils"
)


@pytest.fixture(scope="module")
def report(catalog: Catalog) -> Report:
    seen: dict[tuple[str, str], Observation] = {(o.marketplace, o.sku): o for o in OBSERVATIONS}
    return build_report(catalog, LISTINGS, seen, as_of=AS_OF, reference_time=REFERENCE)


def _html_pdf(report: Report, language: str, folder: Path, head: Letterhead | None = None) -> Path:
    page, pdf = folder / f"report-{language}.html", folder / f"report-{language}.pdf"
    page.write_bytes(render(report, "html", language, head))
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}", page.as_uri(),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return pdf


def _xlsx_pdf(report: Report, language: str, folder: Path) -> Path:
    book = folder / f"report-{language}.xlsx"
    book.write_bytes(render(report, "xlsx", language))
    command = [
        str(SOFFICE), f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
        "--convert-to", "pdf", "--outdir", str(folder), str(book),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return book.with_suffix(".pdf")


def _text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    command = ["pdftotext", "-layout", *pages, str(pdf), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert found is not None
    return int(found.group(1))


class _Words(HTMLParser):
    """Each page's size and its words' boxes, from ``pdftotext -bbox``."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[tuple[float, float, list[tuple[str, float, float, float, float]]]] = []
        self._word: dict[str, float] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: float(v) for k, v in attrs if v and k in ("width", "height")}
        boxes = {k: float(v) for k, v in attrs if v and k in ("xmin", "ymin", "xmax", "ymax")}
        if tag == "page":
            self.pages.append((values["width"], values["height"], []))
        elif tag == "word":
            self._word = boxes

    def handle_data(self, data: str) -> None:
        if self._word is not None and data.strip():
            box = self._word
            self.pages[-1][2].append(
                (data.strip(), box["xmin"], box["ymin"], box["xmax"], box["ymax"])
            )
            self._word = None


def _words(pdf: Path) -> _Words:
    command = ["pdftotext", "-bbox", str(pdf), "-"]
    parser = _Words()
    parser.feed(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return parser


def _english_words() -> set[str]:
    """The report's own English words that Vietnamese labels never use."""

    def words(text: str) -> set[str]:
        return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}

    english = set().union(*(words(en) for en, _vi in TEXTS.values()))
    vietnamese = set().union(*(words(vi) for _en, vi in TEXTS.values()))
    return english - vietnamese - {"ocop", "sku", "skus", "api", "html", "json", "xlsx", "csv"}


def _assert_vietnamese(text: str) -> None:
    for listing in LISTINGS:  # the state's own codes are data, not the report's words
        text = text.replace(listing.product_id, "").replace(listing.sku, "")
    text = re.sub(r"https?://\S+", "", text)  # a page's address is the marketplace's
    found = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}
    found -= {"voso", "postmart"}  # marketplace names
    assert not found & _english_words(), sorted(found & _english_words())


@needs_chromium
def test_the_html_report_prints_as_an_administrative_document(
    report: Report, tmp_path: Path
) -> None:
    pdf = _html_pdf(report, "vi", tmp_path)
    text = _text(pdf)
    # Quốc hiệu, Tiêu ngữ, the issuing body, number, place and date, title, signature block
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH THÁI NGUYÊN",
        "Số:",
        "/BC-SNNMT",
        "Thái Nguyên, ngày 15 tháng 01 năm 2026",
        "BÁO CÁO",
        "Nơi nhận:",
        "GIÁM ĐỐC",
    ):
        assert line in text, line
    assert "Dữ liệu quét tính đến (giờ Việt Nam)" in text and "15/01/2026 19:00" in text
    _assert_vietnamese(text)
    pages = _pages(pdf)
    assert pages >= 3
    for number in range(2, pages + 1):  # the page number heads every page after the first
        first = next(line for line in _text(pdf, number).splitlines() if line.strip())
        assert first.strip() == str(number)
    assert not _text(pdf, 1).splitlines()[0].strip().isdigit()


@needs_chromium
def test_every_column_prints_inside_the_a4_margins(report: Report, tmp_path: Path) -> None:
    pdf = _html_pdf(report, "vi", tmp_path)
    words = _words(pdf)
    for width, height, boxes in words.pages:
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 portrait
        # left 30 mm, right 15 mm (Nghị định 30/2020/NĐ-CP); a point of rounding either way
        assert all(x0 >= 30 * MM - 1 and x1 <= width - 15 * MM + 1 for _w, x0, _y, x1, _ in boxes)
    # the coverage table's last column (on any marketplace, coverage on sale) is printed,
    # total row included, though the table is wider than the page: it is split into parts
    labels = Labels("vi")
    coverage = report.table("coverage")
    assert coverage is not None
    last = coverage.columns[-1]
    total = labels.number(coverage.total.values[last.key], last.is_ratio)
    lines = [line for line in _text(pdf).splitlines() if line.strip().startswith("Tổng cộng")]
    assert any(line.rstrip().endswith(total) for line in lines), total
    assert "(tiếp" in _text(pdf)  # the part after the first says it continues


@needs_chromium
def test_no_page_is_left_mostly_blank(report: Report, tmp_path: Path) -> None:
    pdf = _html_pdf(report, "vi", tmp_path)
    words = _words(pdf)
    short = []
    for number, (_width, height, boxes) in enumerate(words.pages[:-1], start=1):
        bottom = max(y1 for *_rest, y1 in boxes)
        if bottom < height * 0.45:
            short.append(number)
    # only the page the body ends on (its signature) may stop early: the annex starts anew
    signed = [n for n in range(1, len(words.pages) + 1) if "Nơi nhận:" in _text(pdf, n)]
    assert set(short) <= set(signed), short


@needs_chromium
def test_the_letterhead_comes_from_ocop_toml(report: Report, tmp_path: Path) -> None:
    head = Letterhead(
        authority="UBND TỈNH THÁI NGUYÊN",
        agency="SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        number="125/BC-SNNMT",
        place="Phổ Yên",
        signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn A",
        recipients=("UBND tỉnh (b/c);", "Lưu: VT, KHTC."),
    )
    text = _text(_html_pdf(report, "vi", tmp_path, head))
    for line in ("Số: 125/BC-SNNMT", "Phổ Yên, ngày 15 tháng 01 năm 2026", "KT. GIÁM ĐỐC"):
        assert line in text, line
    assert "PHÓ GIÁM ĐỐC" in text and "Nguyễn Văn A" in text and "Lưu: VT, KHTC." in text


@needs_chromium
def test_the_english_copy_is_english(report: Report, tmp_path: Path) -> None:
    text = _text(_html_pdf(report, "en", tmp_path))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "Thái Nguyên, 15 January 2026" in text
    for word in ("Tổng cộng", "Nơi nhận", "Độc lập", "giờ Việt Nam", "ngày", "Định nghĩa"):
        assert word not in text, word


@needs_soffice
def test_the_workbook_prints_without_hashes_and_with_page_numbers(
    report: Report, tmp_path: Path
) -> None:
    pdf = _xlsx_pdf(report, "vi", tmp_path)
    text = _text(pdf)
    assert "###" not in text  # every number and time fits its column
    pages = _pages(pdf)
    for number in range(1, pages + 1):
        assert f"Trang {number}/{pages}" in _text(pdf, number)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    # the definitions wrap inside their rows, readable: a whole sentence on consecutive lines
    assert "Sản phẩm có giấy chứng nhận OCOP còn hiệu lực vào ngày báo cáo" in text
    # Vietnamese number formats: 85,7 % and 100.000 (the price seen on a page)
    assert "60,0%" in text and "100.000" in text
    # the evidence's marketplaces and codes in words are shared strings: Calc reads them
    che = next(line for line in text.splitlines() if "voso.example/p/che-200" in line)
    assert che.split()[0] == "voso" and "Đang bán" in che and "đang bán" in che, che
    _assert_vietnamese(text)
    for width, _height, boxes in _words(pdf).pages:  # nothing beyond the page's right edge
        assert all(x1 <= width - 0.4 * 72 for _w, _x0, _y, x1, _ in boxes)
    labels = Labels("vi")
    for table in report.tables:  # every table's title is printed whole
        assert labels.table(table.key) in text, table.key
    for table in report.tables:  # every table's last column, total row included, is printed
        last = table.columns[-1]
        total = labels.number(table.total.values[last.key], last.is_ratio).replace(" %", "%")
        lines = [line.rstrip() for line in text.splitlines() if "Tổng cộng" in line]
        assert any(line.endswith(total) for line in lines), (table.key, total)
