"""The report as one self-contained HTML page (inline CSS and SVG), printable on A4.

Every number cell carries ``data-table``/``data-row``/``data-col``/``data-value`` so the page
can be checked against the other formats by a program as well as by eye.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from ocop.display import in_vietnam
from ocop.report.charts import Series, bar_chart
from ocop.report.glossary import glossary
from ocop.report.labels import Labels
from ocop.report.letterhead import Letterhead, nation, written_date
from ocop.report.model import Column, ListingEvidence, Report, Table
from ocop.report.tables import ANY

LIST_LIMIT = 200  # longer lists are in the JSON and XLSX; a printed page stops here
# numbers columns beside the row names that fit across the page; a wider table (coverage
# with several marketplaces) is split into parts, each marketplace's columns kept together
MAX_COLUMNS = 9

# A4 with the margins of Nghị định 30/2020/NĐ-CP (top and bottom 20 mm, left 30, right 15);
# the page number centred in the top margin from the second page on, as the decree sets it.
STYLE = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
        @top-center { content: counter(page); font: 11pt "Times New Roman", serif; } }
@page :first { @top-center { content: none; } }
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif;
       font-size: 11pt; color: #111; margin: 0 auto; max-width: 165mm; }
.letterhead { display: flex; justify-content: space-between; text-align: center;
              font-size: 10.5pt; line-height: 1.25; }
.letterhead .agency { flex: 0 0 42%; } .letterhead .nation { flex: 0 0 57%; white-space: nowrap; }
.letterhead .strong { font-weight: bold; }
.letterhead hr { width: 35%; margin: 1pt auto 4pt; border: 0; border-top: 1px solid #111; }
.letterhead .nation hr { width: 55%; } .letterhead .date { font-style: italic; }
.letterhead .number { white-space: pre; }
h1 { font-size: 14pt; margin: 12pt 0 0; text-align: center; }
p.subtitle { text-align: center; font-weight: bold; margin: 2pt 0 10pt; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-family: "DejaVu Sans", Arial, sans-serif;
        font-size: 7.5pt; margin-bottom: 6pt; table-layout: auto; }
th, td { border: 1px solid #999; padding: 2pt 3pt; overflow-wrap: anywhere; }
th { overflow-wrap: break-word; }  /* a header breaks between words, never inside one */
th { background: #ddebf7; vertical-align: bottom; font-weight: 600; }
td:first-child { min-width: 26mm; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; background: #f3f3f3; }
tr.apart td { font-style: italic; color: #444; }
dl.glossary dt { font-weight: bold; margin-top: 4pt; } dl.glossary dd { margin: 0 0 0 8pt; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 1pt 8pt; margin: 0; }
dl.meta dt { color: #444; } dl.meta dd { margin: 0; }
svg.chart { max-width: 100%; height: auto; display: block; margin: 4pt 0 8pt; break-inside: avoid; }
svg text { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10px; fill: #222; }
thead { display: table-header-group; } tr { break-inside: avoid; }
p.more { font-style: italic; color: #444; }
.signature { display: flex; justify-content: space-between; margin-top: 14pt; break-inside: avoid; }
.signature .recipients { font-size: 9pt; } .signature .recipients b { font-style: italic; }
.signature .signer { text-align: center; flex: 0 0 45%; }
.signature .signer .name { margin-top: 22mm; font-weight: bold; }
section.annex { break-before: page; }
"""


def _column_parts(columns: Sequence[Column]) -> list[list[Column]]:
    """``columns`` in parts of at most ``MAX_COLUMNS``, never splitting one marketplace's."""
    groups: list[list[Column]] = []
    for column in columns:
        if groups and groups[-1][0].marketplace == column.marketplace:
            groups[-1].append(column)
        else:
            groups.append([column])
    parts: list[list[Column]] = []
    for group in groups:
        if parts and len(parts[-1]) + len(group) <= MAX_COLUMNS:
            parts[-1] += group
        else:
            parts.append(list(group))
    return parts


def _table_html(table: Table, labels: Labels) -> str:
    parts = _column_parts(table.columns)
    title = escape(labels.table(table.key))
    tables = []
    for number, columns in enumerate(parts, start=1):
        heading = title if number == 1 else f"{title} ({labels.text('print.continued')})"
        tables.append(_table_part(table, columns, heading, labels))
    return "\n".join(tables)


def _table_part(table: Table, columns: Sequence[Column], heading: str, labels: Labels) -> str:
    head = "".join(
        f"<th>{escape(labels.short_column(c)).replace(chr(10), '<br>')}</th>" for c in columns
    )
    lines = [f"<table><thead><tr><th>{heading}</th>{head}</tr></thead><tbody>"]
    apart = {id(row) for row in table.apart}
    for row in table.all_rows:
        cells = []
        for column in columns:
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


def _moment(value: datetime | None, labels: Labels) -> str:
    """A time in Vietnam time, day first in Vietnamese."""
    if value is None:
        return ""
    shown = in_vietnam(value)
    return shown.strftime("%d/%m/%Y %H:%M" if labels.language == "vi" else "%Y-%m-%d %H:%M")


def _rows(items: Sequence[Sequence[object]]) -> list[str]:
    return ["<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in items]


def _listings(title: str, items: Sequence[ListingEvidence], labels: Labels, why: str) -> str:
    fields = ("marketplace", "product_name", "sku", "status", "observed_at", why)
    zone = f" ({labels.text('print.zone')})"
    head = "".join(
        f"<th>{escape(labels.text('field.' + f) + (zone if f == 'observed_at' else ''))}</th>"
        for f in fields
    )
    lines = [f"<section><h2>{escape(title)} ({labels.number(len(items))})</h2>"]
    lines.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
    rows = []
    for item in items[:LIST_LIMIT]:
        status = labels.code("status", item.status)
        status = f"{status} ({item.detail})" if item.detail else status
        because = labels.code("reason", item.reason) if why == "reason" else item.older_why
        name = labels.marketplace(item.marketplace)
        rows.append(
            [
                name,
                item.product_name,
                item.sku,
                status,
                _moment(item.observed_at, labels),
                because or "",
            ]
        )
    lines += _rows(rows)
    lines.append("</tbody></table>")
    if len(items) > LIST_LIMIT:
        more = labels.text("print.more").format(count=labels.number(len(items) - LIST_LIMIT))
        lines.append(f'<p class="more">{escape(more)}</p>')
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
    day = "%d/%m/%Y" if labels.language == "vi" else "%Y-%m-%d"
    rows = []
    for w in report.watchlist[:LIST_LIMIT]:
        live = ", ".join(dict.fromkeys(labels.marketplace(e.marketplace) for e in w.live_listings))
        rows.append(
            [
                w.product_name,
                w.producer,
                w.stars,
                w.decision or "",
                w.valid_until.strftime(day),
                w.days_left,
                live,
            ]
        )
    lines += _rows(rows)
    return "\n".join([*lines, "</tbody></table></section>"])


def _meta(report: Report, labels: Labels) -> str:
    zone = f" ({labels.text('print.zone')})"
    day = "%d/%m/%Y" if labels.language == "vi" else "%Y-%m-%d"
    pairs = [
        (labels.text("report.province"), labels.place(report)),
        (labels.text("report.as_of"), report.as_of.strftime(day)),
        (labels.text("report.reference") + zone, _moment(report.reference_time, labels)),
        (labels.text("report.fresh"), str(report.fresh_days)),
        (
            labels.text("report.marketplaces"),
            ", ".join(labels.marketplace(n) for n in report.marketplaces),
        ),
    ]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in pairs)
    return f'<dl class="meta">{items}</dl>'


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines())


def _letterhead(report: Report, head: Letterhead, labels: Labels) -> str:
    """Quốc hiệu and Tiêu ngữ, the issuing body, number, place and date, then the title."""
    country, motto = nation(labels.language)
    day = in_vietnam(report.reference_time).date()
    number = labels.text("print.number")
    return (
        '<header class="letterhead"><div class="agency">'
        f"<div>{_lines(head.authority)}</div>"
        f'<div class="strong">{_lines(head.agency)}</div><hr>'
        f'<div class="number">{escape(number)} {escape(head.number)}</div></div>'
        f'<div class="nation"><div class="strong">{escape(country)}</div>'
        f'<div class="strong">{escape(motto)}</div><hr>'
        f'<div class="date">{escape(written_date(day, head.place, labels.language))}</div>'
        f"</div></header><h1>{escape(head.title)}</h1>"
        f'<p class="subtitle">{escape(labels.text("report.title"))} — {escape(labels.place(report))}</p>'
    )


def _signature(head: Letterhead, labels: Labels) -> str:
    recipients = "".join(f"<br>- {escape(r)}" for r in head.recipients)
    return (
        f'<footer class="signature"><div class="recipients"><b>{escape(labels.text("print.recipients"))}</b>'
        f"{recipients}</div>"
        f'<div class="signer"><b>{_lines(head.signer_title)}</b><br>'
        f"<i>{escape(labels.text('print.signature'))}</i>"
        f'<div class="name">{escape(head.signer_name)}</div></div></footer>'
    )


def render(report: Report, language: str = "vi", letterhead: Letterhead | None = None) -> bytes:
    """``report`` as a standalone HTML document, headed as an administrative document."""
    labels = Labels(language)
    head = (letterhead or Letterhead()).filled(labels.place(report), labels.language)
    body = [_letterhead(report, head, labels), _meta(report, labels)]
    for table in report.tables:
        body.append(f"<section><h2>{escape(labels.table(table.key))}</h2>")
        if table.key in CHARTED:
            body.append(_chart(table, labels, report))
        body.append(_table_html(table, labels) + "</section>")
    body += [_glossary(report, labels), _signature(head, labels)]
    body.append(f'<section class="annex"><h2>{escape(labels.text("print.annex"))}</h2></section>')
    body.append(_watchlist(report, labels))
    older = [e for e in report.evidence if e.older is not None]
    for key, items, why in (
        ("taken_down", report.listings("taken_down"), "reason"),
        ("unverified", report.listings("unverified"), "reason"),
    ):
        body.append(_listings(labels.table(key), items, labels, why))
    body.append(_listings(labels.text("measure.skus_older"), older, labels, "older_why"))
    title = labels.text("report.title")
    page = (
        f'<!DOCTYPE html>\n<html lang="{labels.language}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>\n{chr(10).join(body)}\n</body></html>\n"
    )
    return page.encode("utf-8")
