"""Reports for the agriculture department: what is certified, listed and verified live.

    catalogue ─┐
    listings  ─┼─ compute.build_report(…) ─▶ Report ─▶ text | csv | json | xlsx | html
    observations┘

``build_report`` is pure; ``render`` turns a ``Report`` into bytes in one format and language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from ocop.errors import UnknownConnectorError
from ocop.mapping import badge_stars
from ocop.model import Catalog
from ocop.observation import Observation
from ocop.registry import capabilities_of
from ocop.report.compute import dimension_tables, evidence_for, product_facts, tally
from ocop.report.drift import drift_items, drift_table
from ocop.report.freshness import aware
from ocop.report.model import ListingLike, Report, Table
from ocop.report.tables import coverage_table, expiring_table, marketplace_table
from ocop.report.watch import watchlist
from ocop.selection import offers
from ocop.state import StateStore

__all__ = ["BREAKDOWNS", "FORMATS", "Report", "build_report", "render", "report_from_store"]

BREAKDOWNS = (
    "marketplace",
    "star",
    "coverage",
    "group",
    "commune",
    "district",
    "kind",
    "expiring",
    "drift",
)
FORMATS = ("table", "csv", "json", "xlsx", "html")


def _badges(
    catalog: Catalog, names: Sequence[str], as_of: date
) -> dict[tuple[str, str], int | None]:
    """The stars each offered SKU's page should show; the badge depends only on the product."""
    badges: dict[tuple[str, str], int | None] = {}
    for name in names:
        capabilities = capabilities_of(name)  # scanning entry points is slow: once per name
        per_product: dict[str, int | None] = {}
        for offer in offers(catalog, name):
            if offer.product.id not in per_product:
                per_product[offer.product.id] = badge_stars(offer, capabilities, as_of)
            badges[(name, offer.sku.sku)] = per_product[offer.product.id]
    return badges


def build_report(
    catalog: Catalog,
    listings: Iterable[ListingLike],
    observations: Mapping[tuple[str, str], Observation],
    *,
    as_of: date,
    reference_time: datetime,
    fresh_days: int = 7,
    marketplaces: Sequence[str] | None = None,
    breakdowns: Sequence[str] = BREAKDOWNS,
) -> Report:
    """Count the catalogue against the state's listings and the spiders' latest observations.

    ``marketplaces`` limits the report (default: every marketplace in the catalogue or state).
    """
    every = list(listings)
    names = _marketplace_names(catalog, every, marketplaces)
    chosen = [item for item in every if item.marketplace in names]
    reference_time = aware(reference_time)
    facts = product_facts(catalog, as_of)
    by_sku = {sku.sku: each for each in facts for sku in each.product.skus}
    products = {sku: each.product for sku, each in by_sku.items()}
    evidence = evidence_for(chosen, observations, products, reference_time, fresh_days)
    tally(facts, evidence)
    watch = watchlist(catalog, as_of, evidence)
    stars = {sku: each.stars for sku, each in by_sku.items()}
    dropped = {n for n, m in catalog.marketplaces.items() if m.on_expired_certificate != "delist"}
    fresh_after = reference_time - timedelta(days=fresh_days)
    badges = _badges(catalog, names, as_of)
    drift = drift_items(chosen, observations, stars, fresh_after, dropped, badges)
    tables: dict[str, Callable[[], Table]] = {
        "marketplace": lambda: marketplace_table(names, evidence),
        "coverage": lambda: coverage_table(facts, names),
        "expiring": lambda: expiring_table(watch),
        "drift": lambda: drift_table(names, drift),
    }
    dimensions = {t.key: t for t in dimension_tables(facts, names, set(breakdowns))}
    return Report(
        province=catalog.province,
        as_of=as_of,
        reference_time=reference_time,
        fresh_days=fresh_days,
        marketplaces=names,
        tables=[dimensions[key] if key in dimensions else tables[key]() for key in breakdowns],
        watchlist=watch,
        drift=drift,
        evidence=evidence,
    )


def _marketplace_names(
    catalog: Catalog, listings: Sequence[ListingLike], requested: Sequence[str] | None
) -> list[str]:
    """Every marketplace of the catalogue or the state, or the requested ones among them."""
    names = sorted(set(catalog.marketplaces) | {item.marketplace for item in listings})
    if requested is None:
        return names
    for name in requested:
        if name not in names:  # a typo must not produce a report of zeros
            raise UnknownConnectorError(name, names)
    return [n for n in names if n in requested]


def report_from_store(catalog: Catalog, store: StateStore, **options: Any) -> Report:
    """``build_report`` over a state store's listings and latest observations."""
    names = options.get("marketplaces")
    if names is not None and len(names) == 1:  # let the store filter: one marketplace is common
        listings, seen = store.listings(names[0]), store.latest_observations(names[0])
    else:
        listings, seen = store.listings(), store.latest_observations()
    return build_report(catalog, listings, seen, **options)


def render(report: Report, fmt: str, language: str = "vi") -> bytes:
    """``report`` in ``fmt`` (one of ``FORMATS``), labelled in ``language`` ("vi" or "en")."""
    from importlib import import_module

    module = {"table": "text", "csv": "csv_out", "json": "json_out"}.get(fmt, fmt)
    renderer = import_module(f"ocop.report.{module}")
    result: bytes = renderer.render(report, language)
    return result
