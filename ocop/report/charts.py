"""Horizontal grouped bar charts as inline SVG: no script, no external asset, prints as is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

# Colour-blind-safe, and distinct enough in greyscale print; the tests look for these pixels.
PALETTE = ("#1f5fa8", "#e07b00", "#2a9d4b", "#8e44ad", "#c0392b", "#7f8c8d")
WIDTH = 700
LABEL_WIDTH = 230
BAR_AREA = WIDTH - LABEL_WIDTH - 70
BAR_HEIGHT = 12
GAP = 10
LEGEND_HEIGHT = 26


LABEL_CHARS = 36  # what fits in LABEL_WIDTH at the chart's 10 px font
LINE_HEIGHT = 11


def _label_lines(text: str, limit: int = LABEL_CHARS, most: int = 3) -> list[str]:
    """Break a long category name ("Thực phẩm — Thực phẩm chức năng") at words, so it is
    not cut off at the chart's left edge; a name longer than ``most`` lines ends in "…"."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], (lines[most - 1][: limit - 1]) + "…"]
    return lines


def _category_label(category: str, middle: float) -> str:
    lines = _label_lines(category)
    first = middle - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{LABEL_WIDTH - 8}" y="{first + n * LINE_HEIGHT:.1f}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text class="cat" text-anchor="end">{spans}</text>'


@dataclass(frozen=True)
class Series:
    """One coloured set of bars, a value per category."""

    name: str
    values: Sequence[float | None]


def _legend(series: Sequence[Series]) -> tuple[list[str], float]:
    """Legend items left to right, wrapping onto new lines; returns the parts and the height."""
    parts, x, y = [], 0.0, 0.0
    for index, each in enumerate(series):
        item_width = 26 + 6.2 * len(each.name)  # rough width of 10 px text
        if x and x + item_width > WIDTH:
            x, y = 0.0, y + LEGEND_HEIGHT - 8
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x:.0f}" y="{y + 4:.0f}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 16:.0f}" y="{y + 14:.0f}" class="legend">{escape(each.name)}</text>'
        )
        x += item_width
    return parts, y + LEGEND_HEIGHT


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_text: Callable[[float | None], str],
    maximum: float | None = None,
) -> str:
    """An SVG element: for each category, one bar per series, labelled with its value."""
    top = max((v or 0 for s in series for v in s.values), default=0)
    scale = BAR_AREA / (maximum or top or 1)
    group_height = len(series) * BAR_HEIGHT + GAP
    legend, legend_height = _legend(series)
    height = legend_height + len(categories) * group_height + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        *legend,
    ]
    for row, category in enumerate(categories):
        y0 = legend_height + row * group_height
        parts.append(_category_label(category, y0 + group_height / 2))
        for index, each in enumerate(series):
            value = each.values[row]
            y = y0 + index * BAR_HEIGHT
            length = max((value or 0) * scale, 0)
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT - 2}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + BAR_HEIGHT - 3}" '
                f'class="val">{escape(value_text(value))}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
