"""Reports for the agriculture department: what is certified, listed and verified live.

    catalogue ─┐
    listings  ─┼─ compute.build_report(…) ─▶ Report ─▶ text | csv | json | xlsx | html
    observations┘

``build_report`` is pure; ``render`` turns a ``Report`` into bytes in one format and language.
``build_national_report`` counts several catalogues of one shared state (one ``Part`` each,
``ocop report --all-provinces``) with the same definitions and adds them up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from ocop.errors import UnknownConnectorError
from ocop.mapping import badge_stars
from ocop.model import Catalog
from ocop.observation import Observation
from ocop.registry import capabilities_of
from ocop.report.compute import (
    ProductFacts,
    dimension_tables,
    evidence_for,
    product_facts,
    tally,
)
from ocop.report.drift import drift_items, drift_table
from ocop.report.freshness import aware
from ocop.report.model import (
    DriftItem,
    ListingEvidence,
    ListingLike,
    Report,
    Table,
    WatchItem,
)
from ocop.report.tables import coverage_table, expiring_table, marketplace_table
from ocop.report.watch import watchlist
from ocop.selection import offers
from ocop.state import Scope, StateStore
from ocop.state.catalogues import pushed_catalogue

__all__ = [
    "BREAKDOWNS",
    "FORMATS",
    "NATIONAL_BREAKDOWNS",
    "Part",
    "Report",
    "build_national_report",
    "build_report",
    "parts_from_store",
    "render",
    "report_from_store",
]

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
# a national report adds the breakdown by province (any report may ask for it with --by)
NATIONAL_BREAKDOWNS = (BREAKDOWNS[0], "province", *BREAKDOWNS[1:])
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


@dataclass(frozen=True)
class Part:
    """One catalogue's share of a report: its listings and the crawls of them."""

    catalog: Catalog
    listings: Sequence[ListingLike]
    observations: Mapping[tuple[str, str], Observation]
    province: str = ""  # the scope's name, in a national report


@dataclass
class _Counted:
    facts: list[ProductFacts] = field(default_factory=list)
    evidence: list[ListingEvidence] = field(default_factory=list)
    watch: list[WatchItem] = field(default_factory=list)
    drift: list[DriftItem] = field(default_factory=list)


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
    part = Part(catalog, list(listings), observations)
    return _build([part], as_of, reference_time, fresh_days, marketplaces, breakdowns)


def build_national_report(
    parts: Sequence[Part],
    *,
    as_of: date,
    reference_time: datetime,
    fresh_days: int = 7,
    marketplaces: Sequence[str] | None = None,
    breakdowns: Sequence[str] = NATIONAL_BREAKDOWNS,
) -> Report:
    """Every catalogue of a shared state counted with the same definitions, then summed.

    Each part is counted against its own catalogue exactly as its province's report counts
    it; the tables add the parts up (a product is a province's: ids repeat across provinces).
    """
    return _build(parts, as_of, reference_time, fresh_days, marketplaces, breakdowns, national=True)


def _build(
    parts: Sequence[Part],
    as_of: date,
    reference_time: datetime,
    fresh_days: int,
    marketplaces: Sequence[str] | None,
    breakdowns: Sequence[str],
    national: bool = False,
) -> Report:
    names = _marketplace_names(parts, marketplaces)
    reference_time = aware(reference_time)
    counted = _Counted()
    for part in parts:
        _count(counted, part, names, as_of, reference_time, fresh_days)
    tables: dict[str, Callable[[], Table]] = {
        "marketplace": lambda: marketplace_table(names, counted.evidence),
        "coverage": lambda: coverage_table(counted.facts, names),
        "expiring": lambda: expiring_table(counted.watch),
        "drift": lambda: drift_table(names, counted.drift),
    }
    dimensions = {t.key: t for t in dimension_tables(counted.facts, names, set(breakdowns))}
    return Report(
        province="" if national else parts[0].catalog.province,
        as_of=as_of,
        reference_time=reference_time,
        fresh_days=fresh_days,
        marketplaces=names,
        tables=[dimensions[key] if key in dimensions else tables[key]() for key in breakdowns],
        watchlist=sorted(counted.watch, key=lambda w: (w.days_left, w.province, w.product_id)),
        drift=counted.drift,
        evidence=counted.evidence,
        provinces=[p.province for p in parts] if national else [],
    )


def _count(
    into: _Counted,
    part: Part,
    names: Sequence[str],
    as_of: date,
    reference_time: datetime,
    fresh_days: int,
) -> None:
    """One catalogue's facts, evidence, watch-list and drift, added to ``into``."""
    catalog, observations, province = part.catalog, part.observations, part.province
    chosen = [item for item in part.listings if item.marketplace in names]
    facts = product_facts(catalog, as_of, province)
    by_sku = {sku.sku: each for each in facts for sku in each.product.skus}
    products = {sku: each.product for sku, each in by_sku.items()}
    evidence = evidence_for(chosen, observations, products, reference_time, fresh_days, province)
    tally(facts, evidence)
    stars = {sku: each.stars for sku, each in by_sku.items()}
    dropped = {n for n, m in catalog.marketplaces.items() if m.on_expired_certificate != "delist"}
    fresh_after = reference_time - timedelta(days=fresh_days)
    badges = _badges(catalog, names, as_of)
    drift = drift_items(chosen, observations, stars, fresh_after, dropped, badges)
    watch = watchlist(catalog, as_of, evidence)
    if province:
        drift = [replace(d, province=province) for d in drift]
        watch = [replace(w, province=province) for w in watch]
    into.facts += facts
    into.evidence += evidence
    into.watch += watch
    into.drift += drift


def _marketplace_names(parts: Sequence[Part], requested: Sequence[str] | None) -> list[str]:
    """Every marketplace of the catalogues or the state, or the requested ones among them."""
    names = sorted(
        {n for p in parts for n in p.catalog.marketplaces}
        | {item.marketplace for p in parts for item in p.listings}
    )
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


def parts_from_store(
    store: StateStore, marketplaces: Sequence[str] | None = None
) -> tuple[list[Part], list[Scope]]:
    """One ``Part`` per scope of a shared state, with the catalogue that scope last pushed;
    and the scopes left out because no catalogue was recorded for them."""
    one = marketplaces[0] if marketplaces is not None and len(marketplaces) == 1 else None
    parts, missing = [], []
    for scope in store.scopes():
        scoped = store.within(scope)
        catalog = pushed_catalogue(scoped)
        if catalog is None:
            missing.append(scope)
            continue
        listings, seen = scoped.listings(one), scoped.latest_observations(one)
        parts.append(Part(catalog, listings, seen, scope.label()))
    return parts, missing


def render(report: Report, fmt: str, language: str = "vi") -> bytes:
    """``report`` in ``fmt`` (one of ``FORMATS``), labelled in ``language`` ("vi" or "en")."""
    from importlib import import_module

    module = {"table": "text", "csv": "csv_out", "json": "json_out"}.get(fmt, fmt)
    renderer = import_module(f"ocop.report.{module}")
    result: bytes = renderer.render(report, language)
    return result
