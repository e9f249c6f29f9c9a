"""Reports for the agriculture department: OCOP products on sale, as the marketplaces show them.

    catalogue ─┐
    listings  ─┼─ build_report(…) ─▶ Report ─▶ text | csv | json | xlsx | html
    seen      ─┘   each listing judged (ocop.verdict), drift (ocop.drift), counted (compute)

``build_report`` is pure; ``render`` turns a ``Report`` into bytes in one format and language.
``build_national_report`` counts several catalogues of one shared state (one ``Part`` each,
``ocop report --all-provinces``) with the same definitions and adds them up.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from ocop.drift import Drift, drift_of, wanted_on
from ocop.errors import UnknownConnectorError
from ocop.model import Catalog
from ocop.observation import Observation, Seen
from ocop.report.compute import (
    ProductFacts,
    dimension_tables,
    evidence_for,
    product_facts,
    tally,
)
from ocop.report.drift import drift_table
from ocop.report.letterhead import Letterhead
from ocop.report.model import ListingEvidence, ListingLike, Report, Table, WatchItem
from ocop.report.tables import (
    coverage_table,
    expiring_table,
    marketplace_table,
    verification_table,
)
from ocop.report.watch import watchlist
from ocop.state import ListingRecord, Scope, StateStore
from ocop.state.catalogues import pushed_catalogue
from ocop.verdict import aware, judge_all

__all__ = [
    "BREAKDOWNS",
    "FORMATS",
    "NATIONAL_BREAKDOWNS",
    "Letterhead",
    "Part",
    "Report",
    "build_national_report",
    "build_report",
    "parts_from_store",
    "read_state",
    "render",
    "report_from_store",
]

BREAKDOWNS = (
    "marketplace",
    "verification",
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


Observed = Mapping[tuple[str, str], Seen | Observation]


@dataclass(frozen=True)
class Part:
    """One catalogue's share of a report: its listings and what was seen of them (for each
    (marketplace, SKU), a ``Seen``; a bare ``Observation`` is taken as the only one made)."""

    catalog: Catalog
    listings: Sequence[ListingLike]
    observations: Observed
    province: str = ""  # the scope's name, in a national report

    def seen(self) -> dict[tuple[str, str], Seen]:
        """``observations`` as ``Seen`` values."""
        return {
            key: value if isinstance(value, Seen) else Seen.of(value)
            for key, value in self.observations.items()
        }


@dataclass
class _Counted:
    facts: list[ProductFacts] = field(default_factory=list)
    evidence: list[ListingEvidence] = field(default_factory=list)
    watch: list[WatchItem] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)


def build_report(
    catalog: Catalog,
    listings: Iterable[ListingLike],
    observations: Observed,
    *,
    as_of: date,
    reference_time: datetime,
    fresh_days: int = 7,
    marketplaces: Sequence[str] | None = None,
    breakdowns: Sequence[str] = BREAKDOWNS,
) -> Report:
    """Count the catalogue against the state's listings and what was seen of each.

    ``marketplaces`` limits the report (default: every marketplace in the catalogue or state).
    """
    with _no_cycle_collection():
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


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a report's state is read, counted or written.

    A national report makes a few million small objects (judgements, evidence, cells) and no
    reference cycles; each allocation burst made the collector scan the whole heap again —
    the catalogue and state included — a third of the report's time. Reference counting
    still frees everything; collection resumes, as it was, afterwards.

    What was made meanwhile is then moved to the oldest generation unscanned (``gc.freeze``
    then ``gc.unfreeze``): it is the state, the report or its bytes, kept until the command
    ends. Left in the youngest generation, the first allocation after the pause scanned every
    one of them — 0.1 to 0.3 s of CPU at each step of a national report (read, count, write).
    The oldest generation is still collected in full, when Python's own rule says so."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():  # (what a host application froze stays frozen)
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _build(
    parts: Sequence[Part],
    as_of: date,
    reference_time: datetime,
    fresh_days: int,
    marketplaces: Sequence[str] | None,
    breakdowns: Sequence[str],
    national: bool = False,
) -> Report:
    with _no_cycle_collection():
        return _counted(
            parts, as_of, reference_time, fresh_days, marketplaces, breakdowns, national
        )


def _counted(
    parts: Sequence[Part],
    as_of: date,
    reference_time: datetime,
    fresh_days: int,
    marketplaces: Sequence[str] | None,
    breakdowns: Sequence[str],
    national: bool,
) -> Report:
    names = _marketplace_names(parts, marketplaces)
    reference_time = aware(reference_time)
    counted = _Counted()
    for part in parts:
        _count(counted, part, names, as_of, reference_time, fresh_days)
    tables: dict[str, Callable[[], Table]] = {
        "marketplace": lambda: marketplace_table(names, counted.evidence),
        "verification": lambda: verification_table(names, counted.evidence),
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
    catalog, province = part.catalog, part.province
    chosen = [item for item in part.listings if item.marketplace in names]
    keys = [(item.marketplace, item.sku) for item in chosen]
    judged = judge_all(keys, part.seen(), reference_time, fresh_days)
    facts = product_facts(catalog, as_of, province)
    by_sku = {sku.sku: each for each in facts for sku in each.product.skus}
    evidence = evidence_for(chosen, judged, by_sku, province)
    tally(facts, evidence)
    certificates = {each.product.id: each.certificate for each in facts}
    wanted = {name: wanted_on(catalog, name, as_of, certificates) for name in names}
    drift = drift_of(chosen, judged, wanted)
    watch = watchlist(catalog, as_of, evidence, certificates)
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
    """``build_report`` over a state store's listings and what it holds of their observations
    (those made up to ``reference_time``: a report as of an earlier day counts the crawls
    made up to then)."""
    listings, seen = read_state(store, options.get("marketplaces"), options.get("reference_time"))
    return build_report(catalog, listings, seen, **options)


def read_state(
    store: StateStore, marketplaces: Sequence[str] | None = None, until: datetime | None = None
) -> tuple[list[ListingRecord], dict[tuple[str, str], Seen]]:
    """What ``report_from_store`` counts: the state's listings (on ``marketplaces`` if one is
    named: the store filters), and what was seen of each up to ``until``."""
    one = marketplaces[0] if marketplaces is not None and len(marketplaces) == 1 else None
    with _no_cycle_collection():  # a national state is a few hundred thousand rows
        return store.listings(one), store.seen(one, until)


def parts_from_store(
    store: StateStore,
    marketplaces: Sequence[str] | None = None,
    until: datetime | None = None,
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
        parts.append(Part(catalog, scoped.listings(one), scoped.seen(one, until), scope.label()))
    return parts, missing


def render(
    report: Report, fmt: str, language: str = "vi", letterhead: Letterhead | None = None
) -> bytes:
    """``report`` in ``fmt`` (one of ``FORMATS``), labelled in ``language`` ("vi" or "en");
    the printable formats (html, xlsx) headed with ``letterhead`` (default: the province's)."""
    from importlib import import_module

    module = {"table": "text", "csv": "csv_out", "json": "json_out"}.get(fmt, fmt)
    renderer = import_module(f"ocop.report.{module}")
    printable = fmt in ("html", "xlsx")
    with _no_cycle_collection():
        if printable:
            result: bytes = renderer.render(report, language, letterhead)
        else:
            result = renderer.render(report, language)
    return result
