"""The operations of ocop, one function each; the ``ocop`` command is a thin shell over them.

    validate_catalog(path)                     every problem of catalog.yaml, at its line
    load_catalog(path)                         the catalogue, or ``CatalogInvalid``
    plan_changes(catalog, store)               what a push would do on each marketplace
    push_changes(catalog, store, wait=…)       apply it; optionally wait for the reviews
    link_listings(catalog, store)              adopt listings made by hand, by their SKU
    verify_listings(catalog, store)            read the storefront pages; what differs
    discover_listings(store, marketplace)      listings a shop shows that ocop does not know
    make_report(catalog, store)                the department's counts; ``render_report``
    make_national_report(store)                every scope of a shared state, added up

``store`` is an open ``StateStore`` seen through the catalogue's scope
(``StateStore.open(location, Scope.of(catalog))``). Marketplaces are found through their packages
(``ocop.registry``); by default every marketplace the catalogue or the state names is used.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ocop.connector import Connector
from ocop.discovery import NoShopPage, ShopListing, default_shop_url, discover
from ocop.engine import Outcome, Prepared, plan_all, push
from ocop.engine.link import LinkReport, link
from ocop.errors import StateError
from ocop.i18n import _
from ocop.loading import LoadResult, load_catalog, read_catalog
from ocop.model import Catalog
from ocop.observation import Observation
from ocop.plan import MarketplacePlan
from ocop.registry import capabilities_of, open_connector
from ocop.registry import marketplace as find_marketplace
from ocop.report import (
    BREAKDOWNS,
    NATIONAL_BREAKDOWNS,
    Letterhead,
    Report,
    build_national_report,
    parts_from_store,
    render,
    report_from_store,
)
from ocop.state import ListingRecord, ListingState, Scope, StateStore
from ocop.verify import (
    FRESH_DAYS,
    ObservationHook,
    VerifyResult,
    marketplaces_to_verify,
    verify_many,
)

__all__ = [
    "MarketplaceFailure",
    "PlanResult",
    "PushResult",
    "discover_listings",
    "link_listings",
    "load_catalog",
    "make_national_report",
    "make_report",
    "plan_changes",
    "push_changes",
    "render_report",
    "validate_catalog",
    "verify_listings",
]

Progress = Callable[[str, int], None]  # (marketplace, actions finished)
Planned = Callable[[list[MarketplacePlan]], None]
Waiting = Callable[[list[ListingRecord]], None]


def validate_catalog(
    path: Path | str, *, as_of: date | None = None, marketplace_limits: bool = True
) -> LoadResult:
    """Read ``path`` and check every rule; the catalogue (if usable) and every problem.

    ``marketplace_limits``: also what each marketplace the catalogue lists on would refuse
    or cut (its package's ``Capabilities``), with every picture decoded whole; without it
    (quicker: ``ocop summary``), the catalogue's own rules, pictures read by their headers."""
    if not marketplace_limits:
        return read_catalog(path, as_of=as_of)
    return read_catalog(path, as_of=as_of, limits=capabilities_of, decode_pictures=True)


def marketplaces_for(catalog: Catalog, store: StateStore, chosen: Sequence[str] = ()) -> list[str]:
    """``chosen``, else every marketplace the catalogue or the state names."""
    if chosen:
        return list(dict.fromkeys(chosen))
    return sorted(set(catalog.marketplaces) | {r.marketplace for r in store.listings()})


@contextmanager
def opened(names: Sequence[str]) -> Iterator[list[Connector]]:
    """The connectors of ``names`` (from their packages), closed afterwards."""
    with ExitStack() as stack:
        connectors = []
        for name in names:
            connector = open_connector(name)
            stack.callback(connector.close)
            connectors.append(connector)
        yield connectors


@dataclass(frozen=True)
class MarketplaceFailure:
    """A marketplace that could not be read, and why."""

    marketplace: str
    error: str


@dataclass(frozen=True)
class PlanResult:
    """What a push would do: one plan per marketplace that could be read."""

    plans: list[MarketplacePlan]
    failures: list[MarketplaceFailure]

    @property
    def has_changes(self) -> bool:
        """True when a push would write anything."""
        return any(p.has_changes for p in self.plans)


def plan_changes(
    catalog: Catalog,
    store: StateStore,
    *,
    marketplaces: Sequence[str] = (),
    as_of: date | None = None,
) -> PlanResult:
    """Read every marketplace and plan it against the catalogue and the state; writes nothing."""
    day = as_of or date.today()
    with opened(marketplaces_for(catalog, store, marketplaces)) as connectors:
        results = plan_all(catalog, store, connectors, day)
    return PlanResult(
        [r.plan for r in results if isinstance(r, Prepared)],
        [
            MarketplaceFailure(r.marketplace, r.error or "")
            for r in results
            if isinstance(r, Outcome)
        ],
    )


@dataclass
class PushResult:
    """What a push did: one round, or several while waiting for reviews."""

    rounds: list[list[Outcome]] = field(default_factory=list)
    pending: list[ListingRecord] = field(default_factory=list)  # still under review

    @property
    def outcomes(self) -> list[Outcome]:
        """The last round's outcome per marketplace."""
        return self.rounds[-1] if self.rounds else []

    @property
    def ok(self) -> bool:
        """True when no round failed anything (waiting for a review is not a failure)."""
        return all(o.ok for round_ in self.rounds for o in round_)


def push_changes(
    catalog: Catalog,
    store: StateStore,
    *,
    marketplaces: Sequence[str] = (),
    as_of: date | None = None,
    allow_mass_delist: bool = False,
    wait: float | None = None,
    on_planned: Planned | None = None,
    on_progress: Progress | None = None,
    on_round: Callable[[list[Outcome], list[ListingRecord]], None] | None = None,
    on_wait: Waiting | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PushResult:
    """Apply the catalogue to every marketplace; safe to run again at any time.

    ``wait``: keep polling the reviews for up to this many seconds (counted from the end of the
    first round), pushing again to apply each answer, until none is pending. The callbacks
    see each round's plans, each finished action, each round's outcomes, and the listings
    still under review before each wait."""
    day = as_of or date.today()
    result = PushResult()
    with opened(marketplaces_for(catalog, store, marketplaces)) as connectors:
        deadline: float | None = None
        while True:
            outcomes = push(
                catalog,
                store,
                connectors,
                day,
                allow_mass_delist=allow_mass_delist,
                tick=on_progress,
                on_planned=on_planned,
            )
            result.rounds.append(outcomes)
            result.pending = [r for r in store.listings() if r.state == ListingState.PENDING_REVIEW]
            if on_round is not None:
                on_round(outcomes, result.pending)
            if deadline is None:
                deadline = time.monotonic() + (wait or 0)
            if wait is None or not result.pending or time.monotonic() >= deadline:
                return result
            if on_wait is not None:
                on_wait(result.pending)
            sleep(min(5.0, max(0.5, deadline - time.monotonic())))


def link_listings(
    catalog: Catalog,
    store: StateStore,
    *,
    marketplaces: Sequence[str] = (),
    as_of: date | None = None,
    dry_run: bool = False,
) -> list[LinkReport]:
    """Bind the listings already on each marketplace to the catalogue SKUs they carry; nothing
    is sent (the next push brings each to the catalogue's content)."""
    day = as_of or date.today()
    with (
        opened(marketplaces_for(catalog, store, marketplaces)) as connectors,
        store.lock([c.name for c in connectors]),
    ):
        return [link(catalog, store, c, day, dry_run=dry_run) for c in connectors]


def verify_listings(
    catalog: Catalog,
    store: StateStore,
    *,
    marketplaces: Sequence[str] = (),
    as_of: date | None = None,
    polite: bool = True,
    observations: Sequence[Observation] | None = None,
    on_observation: ObservationHook | None = None,
    fresh_days: int = FRESH_DAYS,
) -> list[VerifyResult]:
    """Read every known listing's storefront page (each marketplace's spider, side by side),
    record what was seen, judge each listing on its last trustworthy observation within
    ``fresh_days`` and compare that with what the catalogue wants.

    ``observations``: what crawls elsewhere saw (``ocop.verify.read_items``); then nothing is
    crawled. By default every marketplace the state has listings on (or the observations
    name) is verified."""
    names = list(marketplaces)
    if not names:
        names = (
            sorted({o.marketplace for o in observations})
            if observations is not None
            else marketplaces_to_verify(store)
        )
    return verify_many(
        catalog,
        store,
        names,
        as_of=as_of or date.today(),
        polite=polite,
        on_observation=on_observation,
        crawled=observations,
        fresh_days=fresh_days,
    )


def discover_listings(
    store: StateStore, marketplace: str, shop_url: str | None = None, *, polite: bool = True
) -> list[ShopListing]:
    """Listings the shop page shows that the state does not know (made by hand, duplicates).

    ``shop_url`` defaults to the marketplace package's rule; ``NoShopPage`` when it has none,
    or when its package describes no shop pages at all."""
    if find_marketplace(marketplace).storefront.shop is None:
        raise NoShopPage(marketplace, readable=False)
    url = shop_url or default_shop_url(marketplace)
    if url is None:
        raise NoShopPage(marketplace)
    return discover(marketplace, url, store.listings(marketplace), polite=polite)


def make_report(
    catalog: Catalog,
    store: StateStore,
    *,
    as_of: date | None = None,
    reference_time: datetime | None = None,
    fresh_days: int = FRESH_DAYS,
    marketplaces: Sequence[str] = (),
    breakdowns: Sequence[str] = BREAKDOWNS,
) -> Report:
    """The department's counts: OCOP products on sale, taken down and not verified on each
    marketplace (beside what ocop claims), with the observation each count rests on.

    ``reference_time`` (default: now) judges which observations are fresh."""
    return report_from_store(
        catalog,
        store,
        as_of=as_of or date.today(),
        reference_time=reference_time or datetime.now(UTC),
        fresh_days=fresh_days,
        marketplaces=list(marketplaces) or None,
        breakdowns=list(breakdowns),
    )


def make_national_report(
    store: StateStore,
    *,
    as_of: date | None = None,
    reference_time: datetime | None = None,
    fresh_days: int = FRESH_DAYS,
    marketplaces: Sequence[str] = (),
    breakdowns: Sequence[str] = NATIONAL_BREAKDOWNS,
    on_left_out: Callable[[list[Scope]], None] | None = None,
) -> Report:
    """Every scope (province, cooperative) of a shared state, each counted against the
    catalogue it last pushed with the same definitions as its own report, then added up.

    ``on_left_out`` hears of the scopes with listings but no recorded catalogue (pushed by an
    older ocop), which cannot be counted; ``StateError`` when no scope can be."""
    reference_time = reference_time or datetime.now(UTC)
    parts, missing = parts_from_store(store, list(marketplaces) or None, reference_time)
    if missing and on_left_out is not None:
        on_left_out(missing)
    if not parts:
        raise StateError(
            _("the state {location} has no catalogue pushed yet: nothing to count").format(
                location=store.location
            )
        )
    return build_national_report(
        parts,
        as_of=as_of or date.today(),
        reference_time=reference_time,
        fresh_days=fresh_days,
        marketplaces=list(marketplaces) or None,
        breakdowns=list(breakdowns),
    )


def render_report(
    report: Report,
    fmt: str = "table",
    language: str = "vi",
    *,
    width: int = 160,
    letterhead: Letterhead | None = None,
) -> bytes:
    """``report`` as bytes in ``fmt`` (table, csv, json, xlsx, html) and ``language``;
    ``width`` is the table's, in columns; the printable formats (html, xlsx) are headed with
    ``letterhead`` (``[report]`` in ``ocop.toml``, ``configured_letterhead()``)."""
    if fmt == "table":
        from ocop.report import text

        return text.render(report, language, width=width)
    return render(report, fmt, language, letterhead)
