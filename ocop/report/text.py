"""The report as terminal tables (rich)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table as RichTable

from ocop.report.glossary import glossary
from ocop.report.labels import Labels
from ocop.report.model import ListingEvidence, Report, Table

LIST_LIMIT = 50  # the full lists are in the JSON and XLSX formats


def _table(table: Table, labels: Labels) -> RichTable:
    out = RichTable(title=labels.table(table.key), title_justify="left", show_edge=False)
    out.add_column(labels.text("col.row"))
    for column in table.columns:
        out.add_column(labels.short_column(column), justify="right", overflow="fold")
    apart = {id(row) for row in table.apart}
    for row in table.all_rows:
        cells = [labels.number(row.values.get(c.key), c.is_ratio) for c in table.columns]
        out.add_row(
            labels.row(table.key, row),
            *cells,
            style="bold" if row.key == "total" else "italic" if id(row) in apart else None,
            end_section=row is table.total or (bool(table.rows) and row is table.rows[-1]),
        )
    return out


def _listings(title: str, items: Sequence[ListingEvidence], labels: Labels, why: str) -> RichTable:
    out = RichTable(
        title=f"{title} ({labels.number(len(items))})", title_justify="left", show_edge=False
    )
    fields = ("marketplace", "sku", "product_name", "status", why, "url")
    for field in fields:
        out.add_column(labels.text(f"field.{field}"), overflow="fold")
    for item in items[:LIST_LIMIT]:
        because = labels.code("reason", item.reason) if why == "reason" else item.older_why
        status = f"{item.status}: {item.detail}" if item.detail else item.status or ""
        out.add_row(
            item.marketplace, item.sku, item.product_name, status, because or "", item.url or ""
        )
    if len(items) > LIST_LIMIT:
        out.add_row(f"… +{len(items) - LIST_LIMIT}", *[""] * (len(fields) - 1))
    return out


def _glossary(report: Report, labels: Labels) -> RichTable:
    out = RichTable(title=labels.table("glossary"), title_justify="left", show_edge=False)
    out.add_column(labels.text("col.term"), overflow="fold", ratio=1)
    out.add_column(labels.text("col.definition"), overflow="fold", ratio=4)
    for _key, term, text in glossary(report, labels):
        out.add_row(term, text)
    return out


def _watchlist(report: Report, labels: Labels) -> RichTable:
    out = RichTable(title=labels.table("watchlist"), title_justify="left", show_edge=False)
    fields = ("product_name", "stars", "valid_until", "days_left", "live_listings")
    for field in fields:
        out.add_column(labels.text(f"field.{field}"), overflow="fold")
    for item in report.watchlist[:LIST_LIMIT]:
        live = ", ".join(
            dict.fromkeys(labels.marketplace(e.marketplace) for e in item.live_listings)
        )
        out.add_row(
            item.product_name,
            str(item.stars),
            item.valid_until.isoformat(),
            str(item.days_left),
            live,
        )
    return out


def render(report: Report, language: str = "vi", width: int = 160) -> bytes:
    """``report`` as plain-text tables ``width`` characters wide."""
    labels = Labels(language)
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False)
    console.print(
        f"{labels.text('report.title')} — {labels.place(report)}\n"
        f"{labels.text('report.as_of')}: {report.as_of.strftime('%d/%m/%Y')}; "
        f"{labels.text('report.fresh')}: {report.fresh_days}"
    )
    for table in report.tables:
        console.print()
        console.print(_table(table, labels))
    older = [e for e in report.evidence if e.older is not None]
    for part in (
        _watchlist(report, labels),
        _listings(labels.table("unverified"), report.listings("unverified"), labels, "reason"),
        _listings(labels.text("measure.skus_older"), older, labels, "older_why"),
        _glossary(report, labels),
    ):
        console.print()
        console.print(part)
    return out.getvalue().encode("utf-8")
