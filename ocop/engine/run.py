"""A push: for every marketplace at once, read, plan, check, then write with enough workers
in flight to use the marketplace's whole rate limit (its connector paces the calls).

Marketplaces run in parallel and never wait for each other; within one, creates, content
updates and delists run concurrently, then price/stock changes go out in the largest batches
the marketplace takes. The state is committed after every call. Ctrl-C stops starting new
calls; the calls in flight finish and are recorded, and the outcomes say what was not sent.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from ocop.categories import CategoryCache, CategoryTree
from ocop.connector import Connector
from ocop.engine.categories import read_tree, refusals
from ocop.engine.images import ImageUploader
from ocop.engine.journal import Journal, new_run_id
from ocop.engine.progress import Progress
from ocop.engine.refresh import Answer, Snapshot, refresh
from ocop.engine.steps import Steps
from ocop.engine.wanted import ImageHashes, WantedSet, wanted_for
from ocop.errors import ConnectorError, StateError, UnsafePlanError
from ocop.i18n import _
from ocop.model import Catalog
from ocop.plan import (
    ActionKind,
    Context,
    MarketplacePlan,
    Note,
    Policy,
    SkuOutcome,
    Wanted,
    plan_marketplace,
)
from ocop.state import Scope, StateStore
from ocop.state.catalogues import remember_catalogue

MASS_DELIST_SHARE = 0.5  # refuse when more than this share of live listings would go
MASS_DELIST_MIN = 2  # …and at least this many (one product leaving a two-product shop is fine)

MAX_WORKERS = 32  # beyond this, threads only wait on the connector's rate limiter

Tick = Callable[[str, int], None]  # (marketplace, actions finished)


@dataclass(frozen=True)
class RunOptions:
    """What the operator chose for a plan or push besides the catalogue."""

    recreate: frozenset[str] = frozenset()  # SKUs whose lost create is sent again now
    cache: CategoryCache | None = None  # where category lists are kept (None: nowhere)
    now: datetime | None = None  # judge review horizons at another time (tests)


@dataclass
class Prepared:
    """One marketplace read and planned, nothing written yet."""

    connector: Connector
    snapshot: Snapshot
    wanted: WantedSet
    plan: MarketplacePlan
    hashes: ImageHashes
    context: Context


@dataclass
class Outcome:
    """What a push did on one marketplace."""

    marketplace: str
    plan: MarketplacePlan | None = None
    progress: Progress = field(default_factory=Progress)
    error: str | None = None  # the marketplace could not be read at all
    writes: int = 0
    uploads: int = 0
    interrupted: int = 0  # intents a killed push had left open
    answers: tuple[Answer, ...] = ()  # reviews the marketplace answered since the last look
    stopped: bool = False  # Ctrl-C: what was not started is left for the next push

    @property
    def ok(self) -> bool:
        """Nothing failed, and nothing asked for is held back or rejected."""
        if self.error is not None or self.progress.failures:
            return False
        return not any(o.verdict.needs_a_person for o in self.outcomes())

    def outcomes(self) -> list[SkuOutcome]:
        """Each SKU the catalogue asks for, as this push left it."""
        if self.plan is None:
            return []
        return list(self.progress.outcomes(self.plan, self.stopped))


def workers_for(connector: Connector) -> int:
    """Enough concurrent calls to keep the rate limit busy through a few hundred ms latency."""
    return min(MAX_WORKERS, max(4, math.ceil(connector.capabilities.rate_per_second * 2)))


def _plan(
    connector: Connector,
    wanted: WantedSet,
    snapshot: Snapshot,
    context: Context,
) -> MarketplacePlan:
    return plan_marketplace(
        connector.name,
        wanted.wanted,
        wanted.unwanted,
        snapshot.records,
        snapshot.remote,
        wanted.held,
        policy=context.policy,
        category_names=context.category_names,
        titles=wanted.titles,
    )


def prepare(
    catalog: Catalog,
    store: StateStore,
    connector: Connector,
    as_of: date,
    pool: ThreadPoolExecutor,
    options: RunOptions = RunOptions(),
    *,
    save_categories: bool = False,
) -> Prepared:
    """Read the marketplace and plan it (reads only; the state is not touched)."""
    hashes = ImageHashes(Path(catalog.root))
    tree, remark = read_tree(connector, options.cache, save=save_categories)
    wanted = wanted_for(catalog, connector.name, connector.capabilities, as_of, hashes, tree)
    snapshot = refresh(connector, store.listings(connector.name), pool)
    context = _context(catalog, connector, tree, options)
    plan = _plan(connector, wanted, snapshot, context)
    sending = _sends_content(plan)
    refused = refusals(connector, [w.draft for w in wanted.wanted if w.sku in sending], pool)
    if refused:  # what the marketplace would refuse is held back, and the plan made again
        for sku, reason in refused.items():
            wanted.hold(sku, reason)
        plan = _plan(connector, wanted, snapshot, context)
    polls = tuple(
        Note(sku, _("its review could not be checked: {error}").format(error=error))
        for sku, error in snapshot.poll_errors.items()
    )
    remarks = (remark,) if remark else ()
    plan = replace(plan, notes=plan.notes + polls, remarks=plan.remarks + remarks)
    return Prepared(connector, snapshot, wanted, plan, hashes, context)


def _context(
    catalog: Catalog, connector: Connector, tree: CategoryTree, options: RunOptions
) -> Context:
    settings = catalog.marketplaces.get(connector.name)
    policy = Policy.of(
        connector.capabilities,
        horizon_hours=settings.review_horizon_hours if settings else None,
        now=options.now or datetime.now(UTC),
        recreate=options.recreate,
    )
    names = {str(c.id): tree.path(c) for c in tree.categories}
    return Context(connector.name, policy, names)


def _sends_content(plan: MarketplacePlan) -> set[str]:
    """SKUs a push would send whole content for (a create or a content update)."""
    content = (ActionKind.CREATE, ActionKind.UPDATE_CONTENT)
    return {a.sku for a in plan.actions if a.kind in content or ActionKind.UPDATE_CONTENT in a.then}


def plan_all(
    catalog: Catalog,
    store: StateStore,
    connectors: Sequence[Connector],
    as_of: date,
    options: RunOptions = RunOptions(),
    *,
    save_categories: bool = False,
) -> list[Prepared | Outcome]:
    """Every marketplace read and planned in parallel; a marketplace that cannot be read
    comes back as an ``Outcome`` carrying the error."""

    def one(connector: Connector) -> Prepared | Outcome:
        try:
            with ThreadPoolExecutor(workers_for(connector)) as pool:
                return prepare(
                    catalog, store, connector, as_of, pool, options, save_categories=save_categories
                )
        except ConnectorError as exc:
            return Outcome(connector.name, error=exc.detail)  # printed after its name

    with ThreadPoolExecutor(max(1, len(connectors))) as outer:
        return list(outer.map(one, connectors))


def check_scope(store: StateStore, catalog: Catalog) -> None:
    """Refuse to write a catalogue's listings into another catalogue's scope."""
    wanted = Scope.of(catalog)
    if not store.scope.is_legacy and store.scope != wanted:
        raise StateError(
            _("the state was opened for {opened}, but the catalogue is {wanted}'s").format(
                opened=store.scope.label(), wanted=wanted.label()
            )
        )


def check_mass_delist(plan: MarketplacePlan) -> None:
    """Raise ``UnsafePlanError`` when the plan would take most live listings off sale."""
    delist = plan.count(ActionKind.DELIST)
    if delist >= MASS_DELIST_MIN and delist > plan.live * MASS_DELIST_SHARE:
        raise UnsafePlanError(plan.marketplace, delist, plan.live)


def push(
    catalog: Catalog,
    store: StateStore,
    connectors: Sequence[Connector],
    as_of: date,
    *,
    allow_mass_delist: bool = False,
    tick: Tick | None = None,
    on_planned: Callable[[list[MarketplacePlan]], None] | None = None,
    options: RunOptions = RunOptions(),
) -> list[Outcome]:
    """Apply the catalogue to every marketplace; holds the scope's lock on each throughout.

    The lock covers (the catalogue's scope, each marketplace pushed to): another push of the
    same scope and marketplace is refused with ``StateLocked``; other provinces go on.
    Ctrl-C (``KeyboardInterrupt``) stops new calls; the outcomes come back ``stopped``.
    """
    check_scope(store, catalog)
    with store.lock([c.name for c in connectors]):
        remember_catalogue(store, catalog)  # what the national report counts this scope by
        prepared = plan_all(catalog, store, connectors, as_of, options, save_categories=True)
        plans = [p.plan for p in prepared if isinstance(p, Prepared)]
        if not allow_mass_delist:
            for plan in plans:
                check_mass_delist(plan)
        if on_planned is not None:
            on_planned(plans)
        return _apply_all(prepared, store, tick)


def _apply_all(
    prepared: list[Prepared | Outcome], store: StateStore, tick: Tick | None
) -> list[Outcome]:
    run_id = new_run_id()
    stop = threading.Event()
    with ThreadPoolExecutor(max(1, len(prepared))) as outer:
        futures = [outer.submit(_apply, p, store, run_id, tick, stop) for p in prepared]
        try:
            return _results(futures)
        except KeyboardInterrupt:
            # Ctrl-C: nothing new starts; the calls in flight finish and are recorded (a
            # second Ctrl-C while they do stops waiting for them)
            stop.set()
            outcomes = [f.result() for f in futures]
            for outcome in outcomes:
                outcome.stopped = outcome.plan is not None
            return outcomes


def _results(futures: list[Future[Outcome]]) -> list[Outcome]:
    """Every future's outcome, waking every 0.2 s meanwhile: Python runs a Ctrl-C's handler in
    the main thread only when it is awake, and the kernel may hand SIGINT to a worker thread
    (a wait without a timeout would then sleep through it until the push ended)."""
    while wait(futures, timeout=0.2).not_done:
        pass
    return [f.result() for f in futures]


def _apply(
    prepared: Prepared | Outcome,
    store: StateStore,
    run_id: str,
    tick: Tick | None,
    stop: threading.Event,
) -> Outcome:
    if isinstance(prepared, Outcome):
        return prepared
    connector, plan = prepared.connector, prepared.plan
    journal = Journal(store, connector.name, run_id)
    outcome = Outcome(connector.name, plan, interrupted=journal.close_interrupted())
    outcome.answers = prepared.snapshot.answers
    store.save_listings(prepared.snapshot.changed)
    for sku, new_hash in plan.rehash:  # a state's old hashes, for content already there
        store.update_listing(connector.name, sku, content_hash=new_hash)
    images = ImageUploader(connector, store, prepared.hashes, journal.image)
    steps = Steps(connector, store, journal, images, outcome.progress, prepared.context)

    def run(action_index: int) -> None:
        if stop.is_set():
            return
        steps.run(plan.actions[action_index])
        if tick is not None:
            tick(connector.name, 1)

    with ThreadPoolExecutor(workers_for(connector)) as pool:
        list(pool.map(run, range(len(plan.actions))))
        batches = _batches(outcome.progress.offers, connector.capabilities.batch_offers)
        list(pool.map(steps.flush_offers, [] if stop.is_set() else batches))
    outcome.writes = journal.writes
    outcome.uploads = images.uploads
    outcome.stopped = stop.is_set()
    return outcome


def _batches(offers: list[tuple[Wanted, str]], size: int) -> list[list[tuple[Wanted, str]]]:
    size = max(1, size)
    return [offers[i : i + size] for i in range(0, len(offers), size)]
