"""How each sheet of the report's workbook looks on screen and on paper.

Column widths from what the columns hold (a number or a time never shows as ###, a header
wraps instead of running over its neighbours), an autofilter on the header row, and a print
setup a department files: A4, fit to the page's width (landscape when the sheet is wider than
a portrait page), the title and header rows repeated on every page, the report's title in the
page header and "Trang 1/3" in the footer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import islice, zip_longest
from typing import Any

from openpyxl.utils import get_column_letter

from ocop.report.labels import Labels

MIN_WIDTH, MAX_WIDTH = 6.0, 60.0
WRAPPED_WIDTH = 80.0  # a definition column: its text wraps
PORTRAIT_WIDTH = 100.0  # characters that fit across a portrait A4 page at 100 %
A4 = 9  # the paper size code for A4 (ECMA-376 §18.18.43)
TIME_CHARACTERS = 17  # 03/12/2026 14:05
DAY_CHARACTERS = 11  # 03/12/2026


def shown_length(value: Any, ratio: bool = False) -> int:
    """About how many characters ``value`` takes in its cell's format."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return TIME_CHARACTERS
    if isinstance(value, date):
        return DAY_CHARACTERS
    if isinstance(value, bool):
        return 5
    if isinstance(value, int | float):
        return 7 if ratio else len(f"{value:,.0f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], ratios: Sequence[bool] = ()
) -> list[float]:
    """A width per column: its longest value (the first rows looked at), and the longest word
    of its header (which wraps), with room for the filter button; capped."""
    widths = [max((len(word) for word in h.split()), default=0) + 3.0 for h in headers]
    first = islice(rows, 500)  # a long list's first rows are enough to size it
    for index, column in enumerate(islice(zip_longest(*first), len(widths))):
        ratio = index < len(ratios) and ratios[index]
        widths[index] = max(widths[index], _longest(column, ratio) + 2.0)
    return [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]


def _longest(column: Sequence[Any], ratio: bool) -> int:
    """The largest ``shown_length`` of a column's values: a column of one-line texts (as
    most are) measured at C speed, not a call a value (500 rows × 17 columns a long list)."""
    if all(type(value) is str for value in column) and "".join(column).isprintable():
        return max(map(len, column), default=0)  # printable: no line break, one line each
    return max((shown_length(value, ratio) for value in column), default=0)


LINE_POINTS = 15.0  # one line of 11 pt text


def wrapped_height(texts: Sequence[str], widths: Sequence[float]) -> float:
    """The height in points of a row whose texts wrap in columns of ``widths``: Calc does
    not work it out when it opens the file, and a wrapped text would run over the next row."""
    lines = 1
    for text, width in zip(texts, widths, strict=False):
        per_line = max(width - 1.0, 1.0)
        needed = sum(max(math.ceil(len(part) / per_line), 1) for part in text.split("\n"))
        lines = max(lines, needed)
    return lines * LINE_POINTS + 2.0


def set_up(
    sheet: Any, widths: Sequence[float], labels: Labels, *, rows: int, filtered: bool, keyed: bool
) -> None:
    """Widths, the filter over ``rows`` rows below the header, and the print setup; a
    ``keyed`` sheet's first column (codes, for programs) is left off the printed page."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last = get_column_letter(max(len(widths), 1))
    if filtered and rows:
        sheet.auto_filter.ref = f"A2:{last}{rows + 2}"
    setup = sheet.page_setup
    setup.paperSize = A4
    printed = sum(widths[1:] if keyed else widths)
    setup.orientation = "landscape" if printed > PORTRAIT_WIDTH else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:2"
    sheet.print_area = f"{'B' if keyed else 'A'}1:{last}{rows + 2}"
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.oddHeader.center.text = labels.text("report.title")
    sheet.oddHeader.center.size = 9
    # &P the page number, &N the number of pages (ECMA-376 §18.3.1.46)
    sheet.oddFooter.center.text = labels.text("print.page_of").format(page="&P", pages="&N")
    sheet.oddFooter.center.size = 9
