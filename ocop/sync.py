"""The sync operations of the public API (``ocop.api`` re-exports them): plan, push, link, and
the marketplaces' category lists.

    plan_changes(catalog, store)          what a push would do, and each SKU's verdict
    push_changes(catalog, store, wait=…)  apply it; optionally wait for the reviews
    link_listings(catalog, store)         adopt listings made by hand, by their SKU
    category_lists(catalog)               each marketplace's categories, the catalogue's map
                                          resolved on them, and a suggestion per group
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ocop.categories import CachedList, CategoryCache, CategoryChoice, CategoryTree, overview
from ocop.categories.cache import MAX_AGE
from ocop.connector import Connector
from ocop.engine import Outcome, Prepared, RunOptions, plan_all, push
from ocop.engine.categories import api_url
from ocop.engine.link import LinkReport, link
from ocop.engine.refresh import Answer
from ocop.model import Catalog
from ocop.plan import MarketplacePlan, SkuOutcome, SkuVerdict
from ocop.registry import open_connector
from ocop.state import ListingRecord, ListingState, StateStore

Progress = Callable[[str, int], None]  # (marketplace, actions finished)
Planned = Callable[[list[MarketplacePlan]], None]
Waiting = Callable[[list[ListingRecord]], None]


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


def cache_of(catalog: Catalog) -> CategoryCache:
    """The category cache next to the catalogue (``.ocop/cache/categories``)."""
    return CategoryCache(Path(catalog.root))


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

    @property
    def in_sync(self) -> bool:
        """Every marketplace read, nothing to send, every SKU asked for in sync."""
        return not self.failures and all(p.in_sync for p in self.plans)

    @property
    def needs_a_person(self) -> bool:
        """A marketplace could not be read, or a SKU is held back, rejected or failed."""
        return bool(self.failures) or any(p.needs_a_person for p in self.plans)


def plan_changes(
    catalog: Catalog,
    store: StateStore,
    *,
    marketplaces: Sequence[str] = (),
    as_of: date | None = None,
    recreate: Sequence[str] = (),
) -> PlanResult:
    """Read every marketplace and plan it against the catalogue and the state; writes nothing.

    ``recreate``: SKUs whose lost create would be sent again now (see ``push_changes``)."""
    day = as_of or date.today()
    options = RunOptions(frozenset(recreate), cache_of(catalog))
    with opened(marketplaces_for(catalog, store, marketplaces)) as connectors:
        results = plan_all(catalog, store, connectors, day, options)
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
    interrupted: bool = False  # Ctrl-C while waiting for the reviews

    @property
    def outcomes(self) -> list[Outcome]:
        """The last round's outcome per marketplace."""
        return self.rounds[-1] if self.rounds else []

    @property
    def stopped(self) -> bool:
        """Ctrl-C stopped it: what was not started is left for the next push."""
        return self.interrupted or any(o.stopped for o in self.outcomes)

    @property
    def ok(self) -> bool:
        """Nothing asked for is held back, rejected or failed at the end (waiting for a
        review is not a failure), and no push was stopped."""
        return bool(self.rounds) and all(o.ok for o in self.outcomes) and not self.stopped

    def verdicts(self) -> dict[str, list[SkuOutcome]]:
        """Marketplace → each SKU's verdict at the end; a SKU created or updated in an
        earlier round (sent for review then, approved since) says what was done."""
        done: dict[tuple[str, str], SkuOutcome] = {}
        acted: dict[tuple[str, str], SkuVerdict] = {}  # what a round's plan sent for it
        for round_ in self.rounds:
            for outcome in round_:
                planned = {o.sku: o.verdict for o in outcome.plan.outcomes} if outcome.plan else {}
                for sku in outcome.outcomes():
                    key = (outcome.marketplace, sku.sku)
                    if sku.verdict is SkuVerdict.IN_SYNC and key in acted:
                        sku = SkuOutcome(sku.sku, acted[key], None, sku.title)
                    elif planned.get(sku.sku) in (SkuVerdict.CREATE, SkuVerdict.UPDATE):
                        acted[key] = planned[sku.sku]
                    done[key] = sku
        result: dict[str, list[SkuOutcome]] = {}
        for (marketplace, _sku), sku_outcome in done.items():
            result.setdefault(marketplace, []).append(sku_outcome)
        return result

    def totals(self, marketplace: str) -> tuple[int, int]:
        """(write calls, images uploaded) on ``marketplace`` over every round."""
        outcomes = [o for round_ in self.rounds for o in round_ if o.marketplace == marketplace]
        return sum(o.writes for o in outcomes), sum(o.uploads for o in outcomes)

    def answers(self) -> list[tuple[str, Answer]]:
        """(marketplace, answer) of every review the marketplaces answered, in order."""
        return [(o.marketplace, a) for round_ in self.rounds for o in round_ for a in o.answers]


def push_changes(
    catalog: Catalog,
    store: StateStore,
    *,
    marketplaces: Sequence[str] = (),
    as_of: date | None = None,
    allow_mass_delist: bool = False,
    wait: float | None = None,
    recreate: Sequence[str] = (),
    on_planned: Planned | None = None,
    on_progress: Progress | None = None,
    on_round: Callable[[list[Outcome], list[ListingRecord]], None] | None = None,
    on_wait: Waiting | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PushResult:
    """Apply the catalogue to every marketplace; safe to run again at any time.

    ``wait``: keep polling the reviews for up to this many seconds (counted from the end of the
    first round), pushing again to apply each answer, until none is pending. ``recreate``:
    SKUs whose create lost its answer and may still be under review, to create again now
    (else each waits its marketplace's review horizon, so no duplicate is ever made). The
    callbacks see each round's plans, each finished action, each round's outcomes, and the
    listings still under review before each wait. A Ctrl-C ends the rounds: the result is
    ``stopped``."""
    day = as_of or date.today()
    result = PushResult()
    options = RunOptions(frozenset(recreate), cache_of(catalog))
    with opened(marketplaces_for(catalog, store, marketplaces)) as connectors:

        def one_round() -> list[ListingRecord]:
            outcomes = push(
                catalog,
                store,
                connectors,
                day,
                allow_mass_delist=allow_mass_delist,
                tick=on_progress,
                on_planned=on_planned,
                options=options,
            )
            result.rounds.append(outcomes)
            result.pending = [r for r in store.listings() if r.state == ListingState.PENDING_REVIEW]
            if on_round is not None:
                on_round(outcomes, result.pending)
            return result.pending

        _rounds(one_round, result, wait, on_wait, sleep)
    return result


def _rounds(
    one_round: Callable[[], list[ListingRecord]],
    result: PushResult,
    wait: float | None,
    on_wait: Waiting | None,
    sleep: Callable[[float], None],
) -> None:
    """A round, then — with ``wait`` — more while reviews are pending and time is left."""
    pending = one_round()
    deadline = time.monotonic() + (wait or 0)
    while wait is not None and pending and not result.stopped:
        if time.monotonic() >= deadline:
            return
        if on_wait is not None:
            on_wait(pending)
        try:
            sleep(min(5.0, max(0.5, deadline - time.monotonic())))
        except KeyboardInterrupt:  # between rounds: everything sent is recorded
            result.interrupted = True
            return
        pending = one_round()


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


@dataclass(frozen=True)
class CategoryList:
    """One marketplace's categories, when they were fetched, and the catalogue's map on them."""

    marketplace: str
    tree: CategoryTree
    fetched_at: datetime
    rows: list[CategoryChoice]  # one per group, sub-group or product the map goes by
    cached: bool  # shown from the cache, not read now


def category_lists(
    catalog: Catalog, *, marketplaces: Sequence[str] = (), refresh: bool = False
) -> list[CategoryList]:
    """Each marketplace's category tree (from the cache while younger than a day, unless
    ``refresh``), every map key the catalogue's products go by resolved on it, and a
    suggested category for each. Reads the marketplaces; writes only the cache."""
    cache = cache_of(catalog)
    names = list(dict.fromkeys(marketplaces)) or sorted(catalog.marketplaces)
    found = []
    with opened(names) as connectors:
        for connector in connectors:
            where = api_url(connector)
            cached = None if refresh else cache.load(connector.name, where)
            fresh = cached is None or cached.age() > MAX_AGE
            listed: CachedList | None = cached
            if fresh:
                categories = connector.categories()
                listed = cache.save(connector.name, where, categories) or CachedList(
                    connector.name, _now(), tuple(categories)
                )
            assert listed is not None
            tree = CategoryTree(connector.name, listed.categories)
            rows = overview(catalog, connector.name, tree)
            found.append(CategoryList(connector.name, tree, listed.fetched_at, rows, not fresh))
    return found


def _now() -> datetime:
    return datetime.now(UTC)
