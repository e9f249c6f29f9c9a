"""Terminal rendering shared by commands (rich tables)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from ocop.display import day
from ocop.i18n import _, current_language
from ocop.registry import display_name
from ocop.summary import CatalogSummary
from ocop.words import word_of


def _table(
    title: str,
    counts: Counter[str],
    limit: int | None = None,
    shown: Callable[[str], str] = str,
) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column(_("value"))
    table.add_column(_("count"), justify="right")
    rows = counts.most_common(limit)
    for key, value in rows:
        table.add_row(shown(key), str(value))
    if limit is not None and len(counts) > limit:
        table.add_row(_("… {n} more").format(n=len(counts) - limit), "")
    return table


def _stars(key: str) -> str:
    return _("no valid certificate") if key == "-" else key


def _commune(key: str) -> str:
    return _("commune not found") if key == "?" else key


def print_summary(summary: CatalogSummary) -> None:
    """The catalogue summary as a few small tables, every code in words."""
    console = Console()
    console.print(
        _("Catalogue as of {day}: {producers} producers, {products} products, {skus} SKUs").format(
            day=day(summary.as_of),
            producers=summary.producers,
            products=summary.products,
            skus=summary.skus,
        )
    )
    language = current_language()
    console.print(
        _table(
            _("Producers by kind"),
            summary.by_producer_kind,
            shown=lambda k: word_of("ProducerKind", k),
        )
    )
    console.print(_table(_("Products by valid stars"), summary.by_stars, shown=_stars))
    console.print(
        _table(_("Latest certificate"), summary.by_status, shown=lambda k: word_of("Status", k))
    )
    console.print(
        _table(
            _("Products by OCOP group"),
            summary.by_group,
            shown=lambda k: word_of("ProductGroup", k),
        )
    )
    console.print(
        _table(_("Products by commune (2025)"), summary.by_commune, limit=12, shown=_commune)
    )
    console.print(
        _table(
            _("SKUs offered per marketplace"),
            summary.offers_by_marketplace,
            shown=lambda k: display_name(k, language),
        )
    )
