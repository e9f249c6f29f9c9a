"""The report as one self-contained HTML page (inline CSS and SVG), printable on A4.

Every number cell carries ``data-table``/``data-row``/``data-col``/``data-value`` so the page
can be checked against the other formats by a program as well as by eye.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ocop.report.charts import Series, bar_chart
from ocop.report.glossary import glossary
from ocop.report.labels import Labels
from ocop.report.model import ListingEvidence, Report, Table
from ocop.report.tables import ANY

LIST_LIMIT = 200  # longer lists are in the JSON and XLSX; a printed page stops here

STYLE = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 10pt;
       color: #222; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12pt; margin: 14pt 0 4pt; }
table { border-collapse: collapse; width: 100%; font-size: 7.5pt; margin-bottom: 6pt; }
th, td { border: 1px solid #bbb; padding: 2pt 3pt; }
th { background: #ddebf7; vertical-align: bottom; font-weight: 600; }
td:first-child { min-width: 26mm; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; background: #f3f3f3; }
tr.apart td { font-style: italic; color: #444; }
dl.glossary dt { font-weight: 600; margin-top: 4pt; } dl.glossary dd { margin: 0 0 0 8pt; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 1pt 8pt; margin: 0; }
dl.meta dt { color: #555; } dl.meta dd { margin: 0; }
svg.chart { max-width: 100%; height: auto; display: block; margin: 4pt 0 8pt; }
svg text { font-family: inherit; font-size: 10px; fill: #222; }
section { break-inside: avoid-page; }
thead { display: table-header-group; } tr { break-inside: avoid; }
p.more { font-style: italic; color: #555; }
"""


def _table_html(table: Table, labels: Labels) -> str:
    head = "".join(
        f"<th>{escape(labels.short_column(c)).replace(chr(10), '<br>')}</th>" for c in table.columns
    )
    lines = [
        f"<table><thead><tr><th>{escape(labels.table(table.key))}</th>{head}</tr></thead><tbody>"
    ]
    apart = {id(row) for row in table.apart}
    for row in table.all_rows:
        cells = []
        for column in table.columns:
            value = row.values.get(column.key)
            cells.append(
                f'<td class="n" data-table="{table.key}" data-row="{escape(row.key)}" '
                f'data-col="{escape(column.key)}" data-value="{"" if value is None else value}">'
                f"{labels.number(value, column.is_ratio)}</td>"
            )
        css = (
            ' class="total"' if row.key == "total" else ' class="apart"' if id(row) in apart else ""
        )
        lines.append(f"<tr{css}><td>{escape(labels.row(table.key, row))}</td>{''.join(cells)}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _chart(table: Table, labels: Labels, report: Report) -> str:
    rows = table.rows  # OCOP products only: the row apart is not charted
    categories = [labels.row(table.key, r) for r in rows]
    if table.key == "coverage":
        series = [
            Series(labels.marketplace(n), [r.values.get(f"{n}.coverage") for r in rows])
            for n in [*report.marketplaces, ANY]
        ]
        return bar_chart(
            labels.table(table.key), categories, series, lambda v: labels.number(v, True), 1.0
        )
    keys = ["products"] + [f"{n}.on_sale" for n in report.marketplaces] + [f"{ANY}.on_sale"]
    columns = {c.key: c for c in table.columns}
    series = [Series(labels.column(columns[k]), [r.values.get(k) for r in rows]) for k in keys]
    return bar_chart(labels.table(table.key), categories, series, labels.number)


CHARTED = ("star", "coverage", "group", "kind", "district")


def _listings(title: str, items: Sequence[ListingEvidence], labels: Labels, why: str) -> str:
    fields = ("marketplace", "product_name", "sku", "status", "observed_at", why)
    head = "".join(f"<th>{escape(labels.text('field.' + f))}</th>" for f in fields)
    lines = [f"<section><h2>{escape(title)} ({labels.number(len(items))})</h2>"]
    lines.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
    for item in items[:LIST_LIMIT]:
        seen = item.observed_at.strftime("%Y-%m-%d %H:%M") if item.observed_at else ""
        status = f"{item.status}: {item.detail}" if item.detail else item.status or ""
        because = labels.code("reason", item.reason) if why == "reason" else item.older_why
        values = [item.marketplace, item.product_name, item.sku, status, seen, because or ""]
        lines.append("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in values) + "</tr>")
    lines.append("</tbody></table>")
    if len(items) > LIST_LIMIT:
        lines.append(
            f'<p class="more">… +{labels.number(len(items) - LIST_LIMIT)} (JSON, XLSX)</p>'
        )
    return "\n".join([*lines, "</section>"])


def _glossary(report: Report, labels: Labels) -> str:
    items = "".join(
        f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>"
        for _key, term, text in glossary(report, labels)
    )
    title = escape(labels.table("glossary"))
    return f'<section><h2>{title}</h2><dl class="glossary">{items}</dl></section>'


def _watchlist(report: Report, labels: Labels) -> str:
    fields = (
        "product_name",
        "producer",
        "stars",
        "decision",
        "valid_until",
        "days_left",
        "live_listings",
    )
    head = "".join(f"<th>{escape(labels.text('field.' + f))}</th>" for f in fields)
    lines = [f"<section><h2>{escape(labels.table('watchlist'))}</h2>"]
    lines.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
    for w in report.watchlist[:LIST_LIMIT]:
        live = ", ".join(dict.fromkeys(labels.marketplace(e.marketplace) for e in w.live_listings))
        values = [
            w.product_name,
            w.producer,
            w.stars,
            w.decision or "",
            w.valid_until,
            w.days_left,
            live,
        ]
        lines.append("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in values) + "</tr>")
    return "\n".join([*lines, "</tbody></table></section>"])


def _meta(report: Report, labels: Labels) -> str:
    pairs = [
        ("report.province", labels.place(report)),
        ("report.as_of", report.as_of.strftime("%d/%m/%Y")),
        ("report.reference", report.reference_time.strftime("%d/%m/%Y %H:%M UTC")),
        ("report.fresh", str(report.fresh_days)),
        ("report.marketplaces", ", ".join(labels.marketplace(n) for n in report.marketplaces)),
    ]
    items = "".join(f"<dt>{escape(labels.text(k))}</dt><dd>{escape(v)}</dd>" for k, v in pairs)
    return f'<dl class="meta">{items}</dl>'


def render(report: Report, language: str = "vi") -> bytes:
    """``report`` as a standalone HTML document."""
    labels = Labels(language)
    title = labels.text("report.title")
    body = [f"<h1>{escape(title)} — {escape(labels.place(report))}</h1>", _meta(report, labels)]
    for table in report.tables:
        body.append(f"<section><h2>{escape(labels.table(table.key))}</h2>")
        if table.key in CHARTED:
            body.append(_chart(table, labels, report))
        body.append(_table_html(table, labels) + "</section>")
    body.append(_glossary(report, labels))
    body.append(_watchlist(report, labels))
    older = [e for e in report.evidence if e.older is not None]
    body.append(
        _listings(labels.table("taken_down"), report.listings("taken_down"), labels, "reason")
    )
    body.append(
        _listings(labels.table("unverified"), report.listings("unverified"), labels, "reason")
    )
    body.append(_listings(labels.text("measure.skus_older"), older, labels, "older_why"))
    page = (
        f'<!DOCTYPE html>\n<html lang="{labels.language}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>\n{chr(10).join(body)}\n</body></html>\n"
    )
    return page.encode("utf-8")
