"""A push: for every marketplace at once, read, plan, check, then write with enough workers
in flight to use the marketplace's whole rate limit (its connector paces the calls).

Marketplaces run in parallel and never wait for each other; within one, creates, content
updates and delists run concurrently, then price/stock changes go out in the largest batches
the marketplace takes. The state is committed after every call.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ocop.connector import Connector
from ocop.engine.images import ImageUploader
from ocop.engine.journal import Journal, new_run_id
from ocop.engine.refresh import Snapshot, refresh
from ocop.engine.steps import Progress, Steps
from ocop.engine.wanted import ImageHashes, WantedSet, hold_refused, wanted_for
from ocop.errors import ConnectorError, StateError, UnsafePlanError
from ocop.i18n import _
from ocop.model import Catalog
from ocop.plan import ActionKind, MarketplacePlan, Note, Wanted, plan_marketplace
from ocop.state import Scope, StateStore
from ocop.state.catalogues import remember_catalogue

MASS_DELIST_SHARE = 0.5  # refuse when more than this share of live listings would go
MASS_DELIST_MIN = 2  # …and at least this many (one product leaving a two-product shop is fine)

MAX_WORKERS = 32  # beyond this, threads only wait on the connector's rate limiter

Tick = Callable[[str, int], None]  # (marketplace, actions finished)


@dataclass
class Prepared:
    """One marketplace read and planned, nothing written yet."""

    connector: Connector
    snapshot: Snapshot
    wanted: WantedSet
    plan: MarketplacePlan
    hashes: ImageHashes


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

    @property
    def ok(self) -> bool:
        return self.error is None and not self.progress.failures


def workers_for(connector: Connector) -> int:
    """Enough concurrent calls to keep the rate limit busy through a few hundred ms latency."""
    return min(MAX_WORKERS, max(4, math.ceil(connector.capabilities.rate_per_second * 2)))


def prepare(
    catalog: Catalog, store: StateStore, connector: Connector, as_of: date, pool: ThreadPoolExecutor
) -> Prepared:
    """Read the marketplace and plan it (reads only; the state is not touched)."""
    hashes = ImageHashes(Path(catalog.root))
    categories = connector.categories()
    wanted = wanted_for(catalog, connector.name, connector.capabilities, as_of, hashes, categories)
    hold_refused(wanted, connector)
    snapshot = refresh(connector, store.listings(connector.name), pool)
    plan = plan_marketplace(
        connector.name,
        wanted.wanted,
        wanted.unwanted,
        snapshot.records,
        snapshot.remote,
        wanted.held,
        moderated_update=connector.capabilities.moderated_update,
        max_price_change=connector.capabilities.max_price_change,
    )
    polls = tuple(
        Note(sku, _("its review could not be checked: {error}").format(error=error))
        for sku, error in snapshot.poll_errors.items()
    )
    return Prepared(connector, snapshot, wanted, replace(plan, notes=plan.notes + polls), hashes)


def plan_all(
    catalog: Catalog, store: StateStore, connectors: Sequence[Connector], as_of: date
) -> list[Prepared | Outcome]:
    """Every marketplace read and planned in parallel; a marketplace that cannot be read
    comes back as an ``Outcome`` carrying the error."""
    with ThreadPoolExecutor(max(1, len(connectors))) as outer:
        return list(outer.map(lambda c: _prepare_or_fail(catalog, store, c, as_of), connectors))


def _prepare_or_fail(
    catalog: Catalog, store: StateStore, connector: Connector, as_of: date
) -> Prepared | Outcome:
    try:
        with ThreadPoolExecutor(workers_for(connector)) as pool:
            return prepare(catalog, store, connector, as_of, pool)
    except ConnectorError as exc:
        return Outcome(connector.name, error=exc.detail)  # printed after its name


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
) -> list[Outcome]:
    """Apply the catalogue to every marketplace; holds the scope's lock on each throughout.

    The lock covers (the catalogue's scope, each marketplace pushed to): another push of the
    same scope and marketplace is refused with ``StateLocked``; other provinces go on.
    """
    check_scope(store, catalog)
    with store.lock([c.name for c in connectors]):
        remember_catalogue(store, catalog)  # what the national report counts this scope by
        prepared = plan_all(catalog, store, connectors, as_of)
        plans = [p.plan for p in prepared if isinstance(p, Prepared)]
        if not allow_mass_delist:
            for plan in plans:
                check_mass_delist(plan)
        if on_planned is not None:
            on_planned(plans)
        run_id = new_run_id()
        stop = threading.Event()
        with ThreadPoolExecutor(max(1, len(prepared))) as outer:
            try:
                return list(outer.map(lambda p: _apply(p, store, run_id, tick, stop), prepared))
            except BaseException:
                # Ctrl-C: calls in flight finish and are recorded; nothing new starts
                stop.set()
                raise


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
    store.save_listings(prepared.snapshot.changed)
    images = ImageUploader(connector, store, prepared.hashes, journal.image)
    steps = Steps(connector, store, journal, images, outcome.progress)

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
    return outcome


def _batches(offers: list[tuple[Wanted, str]], size: int) -> list[list[tuple[Wanted, str]]]:
    size = max(1, size)
    return [offers[i : i + size] for i in range(0, len(offers), size)]
