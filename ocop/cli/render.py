"""Terminal rendering shared by commands (rich tables)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from ocop.i18n import _
from ocop.summary import CatalogSummary


def _table(title: str, counts: Counter[str], limit: int | None = None) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column(_("value"))
    table.add_column(_("count"), justify="right")
    rows = counts.most_common(limit)
    for key, value in rows:
        table.add_row(key, str(value))
    if limit is not None and len(counts) > limit:
        table.add_row(_("… {n} more").format(n=len(counts) - limit), "")
    return table


def print_summary(summary: CatalogSummary) -> None:
    """The catalogue summary as a few small tables."""
    console = Console()
    console.print(
        _("Catalogue as of {day}: {producers} producers, {products} products, {skus} SKUs").format(
            day=summary.as_of.isoformat(),
            producers=summary.producers,
            products=summary.products,
            skus=summary.skus,
        )
    )
    console.print(_table(_("Producers by kind"), summary.by_producer_kind))
    console.print(_table(_("Products by valid stars"), summary.by_stars))
    console.print(_table(_("Latest certificate"), summary.by_status))
    console.print(_table(_("Products by OCOP group"), summary.by_group))
    console.print(_table(_("Products by commune (2025)"), summary.by_commune, limit=12))
    console.print(_table(_("SKUs offered per marketplace"), summary.offers_by_marketplace))
