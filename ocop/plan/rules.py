"""The plan of one marketplace: every SKU decided (``ocop.plan.decide``), gathered.

See ``ocop.plan`` for the principles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ocop.connector import ListingStatus, RemoteListing
from ocop.i18n import _
from ocop.plan.actions import (
    Action,
    ActionKind,
    MarketplacePlan,
    Note,
    Policy,
    SkuOutcome,
    SkuVerdict,
    Wanted,
)
from ocop.plan.decide import Context, Decision, decide, listing_order, lost_create_until
from ocop.plan.hashing import is_current
from ocop.state.records import ListingRecord, ListingState


@dataclass
class _Plan:
    context: Context
    records: dict[str, ListingRecord]
    remote: dict[str, list[RemoteListing]]
    actions: list[Action] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    outcomes: list[SkuOutcome] = field(default_factory=list)
    rehash: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0

    def add(self, sku: str, decision: Decision, title: str) -> None:
        self.actions += decision.actions
        self.notes += decision.notes
        self.outcomes.append(SkuOutcome(sku, decision.verdict, decision.reason, title))
        if not decision.actions and decision.verdict is SkuVerdict.IN_SYNC:
            self.unchanged += 1


def plan_marketplace(
    marketplace: str,
    wanted: Iterable[Wanted],
    unwanted: Mapping[str, str],
    records: Iterable[ListingRecord],
    remote: Iterable[RemoteListing],
    held: Mapping[str, str] | None = None,
    *,
    policy: Policy | None = None,
    category_names: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> MarketplacePlan:
    """The plan for one marketplace.

    ``unwanted`` maps SKUs the catalogue knows but must not be on sale (switched off, expired
    certificate) to the reason; SKUs in the state that are in neither are gone from the
    catalogue. ``held`` maps SKUs the catalogue asks for but that cannot be sent now (a
    problem to fix) to why: their listings are left as they are, and they end held back.
    Records must already carry the answers of moderation requests
    (``ocop.engine.refresh.apply_reviews``). ``policy`` carries the marketplace's
    capabilities and the operator's choices (``Policy``); ``category_names`` (id → path) and
    ``titles`` (SKU → name) only make the words.
    """
    by_sku: dict[str, list[RemoteListing]] = {}
    for listing in sorted(remote, key=listing_order):
        by_sku.setdefault(listing.sku, []).append(listing)
    plan = _Plan(
        Context(marketplace, policy or Policy(), category_names or {}),
        {r.sku: r for r in records if r.marketplace == marketplace},
        by_sku,
    )
    wanted_by_sku = {w.sku: w for w in wanted}
    for item in wanted_by_sku.values():
        _plan_wanted(plan, item)
    held = held or {}
    for sku, why in held.items():
        title = (titles or {}).get(sku, "")
        plan.add(sku, Decision(verdict=SkuVerdict.HELD_BACK, reason=why), title)
    leftover = (set(plan.records) | set(unwanted)) - set(wanted_by_sku) - set(held)
    for sku in sorted(leftover):
        _plan_unwanted(plan, sku, unwanted.get(sku))
    known = set(wanted_by_sku) | set(plan.records) | set(unwanted) | set(held)
    return _finish(plan, known)


def _plan_wanted(plan: _Plan, item: Wanted) -> None:
    """Decide one wanted SKU; an old-version hash of unchanged content is rewritten."""
    record = plan.records.get(item.sku)
    listings = plan.remote.get(item.sku, [])
    plan.add(item.sku, decide(item, record, listings, plan.context), item.draft.title)
    stored = record.content_hash if record and record.remote_id else None
    if item.same_content(stored) and not is_current(stored):
        plan.rehash.append((item.sku, item.content_hash))


def _finish(plan: _Plan, known: set[str]) -> MarketplacePlan:
    """The plan, with what matched nothing and how many managed listings are on sale."""
    unmatched = tuple(r for sku, rs in plan.remote.items() if sku not in known for r in rs)
    live = sum(
        1
        for r in plan.records.values()
        for listing in plan.remote.get(r.sku, [])
        if listing.remote_id == r.remote_id and listing.status is ListingStatus.ACTIVE
    )
    return MarketplacePlan(
        plan.context.marketplace,
        tuple(plan.actions),
        plan.unchanged,
        tuple(plan.notes),
        unmatched,
        live,
        tuple(plan.outcomes),
        tuple(plan.rehash),
    )


def _plan_unwanted(plan: _Plan, sku: str, why: str | None) -> None:
    """Take a managed listing off sale; listings ocop never bound are left alone."""
    record = plan.records.get(sku)
    if record is None:
        return
    reason = why or _("no longer in the catalogue")
    on_sale = [r for r in plan.remote.get(sku, []) if r.status is ListingStatus.ACTIVE]
    for listing in on_sale:
        plan.actions.append(
            Action(
                ActionKind.DELIST,
                plan.context.marketplace,
                sku,
                record.product_id,
                listing.remote_id,
                reason=reason,
                title=record.title or listing.title,
            )
        )
    if on_sale or record.state == ListingState.DELISTED:
        plan.unchanged += 0 if on_sale else 1
    else:
        _keep_or_forget(plan, record, reason)


def _keep_or_forget(plan: _Plan, record: ListingRecord, reason: str) -> None:
    """A row with nothing on sale: kept while its create may still be approved (forgetting it
    would leave that listing on sale, matched to nothing), else forgotten."""
    if record.remote_id is None and (
        record.state == ListingState.PENDING_REVIEW
        or lost_create_until(record, plan.context.policy) is not None
    ):
        plan.notes.append(
            Note(
                record.sku,
                _("its create may still be approved; it is taken off sale if it appears"),
            )
        )
        return
    listings = plan.remote.get(record.sku, [])
    bound = next((r for r in listings if r.remote_id == record.remote_id), None)
    plan.actions.append(
        Action(
            ActionKind.FORGET,
            plan.context.marketplace,
            record.sku,
            record.product_id,
            bound.remote_id if bound else None,
            reason=reason,
            title=record.title,
        )
    )
