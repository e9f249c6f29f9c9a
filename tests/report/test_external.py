"""The HTML report in a real headless browser, and the workbook in LibreOffice.

Needs Debian's ``chromium`` and ``libreoffice-calc``; each test is skipped, saying which
package is missing, when its program is not installed.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ocop.model import Catalog
from ocop.observation import Observation
from ocop.report import Report, build_report, render
from ocop.report.charts import PALETTE
from ocop.report.labels import Labels
from ocop.report.xlsx import SHEETS

from .conftest import AS_OF, LISTINGS, OBSERVATIONS, REFERENCE

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice")


@pytest.fixture(scope="module")
def report(catalog: Catalog) -> Report:
    seen: dict[tuple[str, str], Observation] = {(o.marketplace, o.sku): o for o in OBSERVATIONS}
    return build_report(catalog, LISTINGS, seen, as_of=AS_OF, reference_time=REFERENCE)


def _number(text: str) -> float | None:
    """A cell as LibreOffice writes it to CSV: 12, 0.5 or 50% (percent-formatted cells)."""
    if not text:
        return None
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def _rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_the_html_report_shows_its_bar_charts_in_a_browser(report: Report, tmp_path: Path) -> None:
    from PIL import Image

    page = tmp_path / "report.html"
    page.write_bytes(render(report, "html", "vi"))
    shot = tmp_path / "shot.png"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1240,1754",
        page.as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1240, 1754)
    bars = _bar_lefts(image, [_rgb(c) for c in PALETTE[:3]])
    for colour, lefts in bars.items():
        # every series of the first chart (OCOP products, on sale per marketplace) is drawn as bars
        assert len(lefts) > 5, f"no bars of colour {colour} in the screenshot"
    # the bars start at one left edge (the chart's axis), right of the category labels
    edges = {min(lefts) for lefts in bars.values()}
    assert max(edges) - min(edges) <= 2
    assert min(edges) > image.size[0] * 0.15


def _bar_lefts(
    image: Any, colours: list[tuple[int, int, int]]
) -> dict[tuple[int, int, int], list[int]]:
    """Left ends of horizontal runs at least 30 px long of each colour (legend keys are 12 px)."""
    found: dict[tuple[int, int, int], list[int]] = {c: [] for c in colours}
    width, height = image.size
    pixels = image.load()
    for y in range(0, height, 3):
        run_colour, run_start = None, 0
        for x in range(width + 1):
            colour = pixels[x, y] if x < width else None
            if colour != run_colour:
                if run_colour in found and x - run_start >= 30:
                    found[run_colour].append(run_start)
                run_colour, run_start = colour, x
    return found


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_the_html_report_prints_on_a4(report: Report, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_bytes(render(report, "html", "vi"))
    pdf = tmp_path / "report.pdf"
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}", page.as_uri(),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    assert boxes, "no page in the PDF"
    for width, height in boxes:  # A4 portrait is 595 × 842 points
        assert abs(float(width) - 595.3) < 1 and abs(float(height) - 841.9) < 1


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc)"
)
def test_libreoffice_opens_the_workbook_with_the_same_numbers(
    report: Report, tmp_path: Path
) -> None:
    book = tmp_path / "report.xlsx"
    book.write_bytes(render(report, "xlsx", "vi"))
    out = tmp_path / "out"
    # filter options: comma, quote, UTF-8, from row 1, …, sheet -1 = every sheet to its own file
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            csv_filter,
            "--outdir",
            str(out),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for table in report.tables:  # every breakdown's sheet, as LibreOffice computed it
        name = SHEETS[table.key][1]
        sheet = out / f"report-{name}.csv"
        assert sheet.exists(), sorted(p.name for p in out.iterdir())
        rows = list(csv.reader(sheet.open(encoding="utf-8")))
        assert rows[0][1] == Labels("vi").table(table.key)
        for line, row in zip(rows[2:], table.all_rows, strict=True):
            assert line[0] == row.key
            got = [_number(v) for v in line[2:]]
            want = [row.values[c.key] for c in table.columns]
            assert got == pytest.approx(want), (table.key, row.key)
