"""The decision for one SKU: what to send, and the outcome it ends in. Pure.

``decide`` serves the whole plan and the engine alike: when a create's answer is lost in the
middle of a push, the engine looks the SKU up and asks ``decide`` again with what it found,
so which listing of a SKU wins, which follow-ups an existing listing needs, and how long a
lost create must wait are each decided here, once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ocop.connector import ListingStatus, RemoteListing
from ocop.i18n import _
from ocop.plan.actions import Action, ActionKind, Note, Policy, SkuVerdict, Wanted
from ocop.plan.changes import changes
from ocop.state.records import ListingRecord, ListingState


@dataclass(frozen=True)
class Context:
    """What every decision on one marketplace needs besides the SKU's own inputs."""

    marketplace: str
    policy: Policy = field(default_factory=Policy)
    category_names: Mapping[str, str] = field(default_factory=dict)  # id → path, for words


@dataclass
class Decision:
    """What to send for one SKU, the verdict it ends in, and what the user should know."""

    actions: list[Action] = field(default_factory=list)
    verdict: SkuVerdict = SkuVerdict.IN_SYNC
    reason: str | None = None
    notes: list[Note] = field(default_factory=list)


def listing_order(listing: RemoteListing) -> tuple[int, int, str]:
    """How listings of one SKU are ordered: by the number in their id, then as text
    (``PM-000009`` before ``PM-000010``; ``9`` before ``10``)."""
    digits = "".join(c for c in listing.remote_id if c.isdigit())
    return (len(digits.lstrip("0")), int(digits) if digits else 0, listing.remote_id)


def pick(candidates: Sequence[RemoteListing], record: ListingRecord | None) -> RemoteListing:
    """Of several listings with one SKU, the one that stays: the one the state binds, else
    the one on sale with the smallest id, else the smallest id."""
    ordered = sorted(candidates, key=listing_order)
    for listing in ordered:
        if record is not None and listing.remote_id == record.remote_id:
            return listing
    active = [c for c in ordered if c.status is ListingStatus.ACTIVE]
    return (active or ordered)[0]


def bound(record: ListingRecord | None, listings: Sequence[RemoteListing]) -> RemoteListing | None:
    """The listing the state binds to the SKU, if the marketplace still shows it."""
    if record is None or record.remote_id is None:
        return None
    return next((item for item in listings if item.remote_id == record.remote_id), None)


def lost_create_until(record: ListingRecord, policy: Policy) -> datetime | None:
    """Until when a create whose answer was lost may still turn up (None: it may be sent
    again now). Only a create with no request to poll and no listing bound waits."""
    unknown = record.state == ListingState.UNKNOWN and record.remote_id is None
    if not unknown or not policy.lost_creates_wait or record.sku in policy.recreate:
        return None
    if record.pushed_at is None:
        return None
    until = record.pushed_at + policy.review_horizon
    return until if until > policy.now else None


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def waiting(
    record: ListingRecord | None, item: Wanted, policy: Policy, found: bool = False
) -> Decision | None:
    """No listing bound yet, and nothing to send now: a create under review, a lost one
    within its horizon (unless ``found``: a listing with the SKU is there to adopt), or one
    refused as it still is."""
    if record is None or record.remote_id is not None:
        return None
    if record.state == ListingState.PENDING_REVIEW:
        return Decision(
            verdict=SkuVerdict.PENDING_REVIEW, reason=_("waiting for the marketplace's review")
        )
    until = None if found else lost_create_until(record, policy)
    if until is not None:
        reason = _(
            "the answer to its create was lost; it is looked up on every run, and sent again "
            "after {until} unless it appears (ocop push --recreate {sku} sends it now)"
        ).format(until=_when(until), sku=record.sku)
        return Decision(verdict=SkuVerdict.PENDING_REVIEW, reason=reason)
    if record.state == ListingState.REJECTED and item.same_content(record.content_hash):
        return Decision(verdict=SkuVerdict.REJECTED, reason=_rejected(record))
    return None


def _rejected(record: ListingRecord) -> str:
    return _("rejected by the marketplace: {reason}; edit the catalogue to send it again").format(
        reason=record.review_reason or "-"
    )


def content_known(item: Wanted, listing: RemoteListing, record: ListingRecord | None) -> bool:
    """True when the state knows what content this listing has (by the hash last pushed)."""
    if record is None:
        return False
    if record.remote_id is not None:
        return record.remote_id == listing.remote_id
    # a create whose answer was lost or still under review: the listing found is that create
    # if it shows the title that was sent
    return item.same_content(record.content_hash) and listing.title == item.draft.title


def decide(
    item: Wanted,
    record: ListingRecord | None,
    listings: Sequence[RemoteListing],
    context: Context,
) -> Decision:
    """The decision for a SKU the catalogue wants (``listings``: every one with its SKU)."""
    unreadable = next((item for item in listings if item.problem), None)
    if unreadable is not None:
        reason = _("the marketplace's answer for listing {id} could not be read: {problem}")
        return Decision(
            verdict=SkuVerdict.FAILED,
            reason=reason.format(id=unreadable.remote_id, problem=unreadable.problem),
        )
    listing = bound(record, listings)
    if listing is None:
        waits = waiting(record, item, context.policy, bool(listings))
        if waits is not None:
            return waits
        if not listings:
            create = Action(
                ActionKind.CREATE, context.marketplace, item.sku, item.product_id, None, item
            )
            return Decision([create], SkuVerdict.CREATE)
        listing = pick(listings, record)
        decision = _adopt(item, listing, record, context)
    else:
        decision = _update(item, listing, record, context)
    drops = drop_others(item.sku, listings, listing.remote_id, context.marketplace)
    if drops and decision.verdict is SkuVerdict.IN_SYNC:
        decision.verdict = SkuVerdict.UPDATE
    decision.actions += drops
    return decision


def _step(
    kind: ActionKind,
    item: Wanted,
    listing: RemoteListing,
    steps: tuple[ActionKind, ...],
    context: Context,
) -> Action:
    """``kind`` on an existing listing, then ``steps`` (all of them described in words)."""
    return Action(
        kind,
        context.marketplace,
        item.sku,
        item.product_id,
        listing.remote_id,
        item,
        changes(
            item,
            listing,
            steps if kind is ActionKind.ADOPT else (kind, *steps),
            context.category_names,
        ),
        then=steps,
        listing=listing if kind is ActionKind.ADOPT else None,
    )


def _adopt(
    item: Wanted, listing: RemoteListing, record: ListingRecord | None, context: Context
) -> Decision:
    steps, notes = follow_ups(item, listing, record, context.policy)
    action = _step(ActionKind.ADOPT, item, listing, steps, context)
    return Decision([action], SkuVerdict.UPDATE, notes=notes)


def _update(
    item: Wanted, listing: RemoteListing, record: ListingRecord | None, context: Context
) -> Decision:
    if listing.status is ListingStatus.BLOCKED:
        reason = _("blocked by the marketplace: nothing can be sent until it lifts the block")
        return Decision(verdict=SkuVerdict.HELD_BACK, reason=reason)
    steps, notes = follow_ups(item, listing, record, context.policy)
    decision = Decision(notes=notes)
    if steps:
        decision.verdict = SkuVerdict.UPDATE
        decision.actions.append(_step(steps[0], item, listing, steps[1:], context))
    if record is not None and ActionKind.UPDATE_CONTENT not in steps:
        _content_pending(decision, record)
    return decision


def _content_pending(decision: Decision, record: ListingRecord) -> None:
    """A content update under review, or refused as it still is, is not sent again; the
    SKU's verdict says so (an offer change still goes out meanwhile)."""
    if record.state == ListingState.PENDING_REVIEW and record.request_id:
        decision.verdict = SkuVerdict.PENDING_REVIEW
        decision.reason = _("a change is waiting for the marketplace's review")
    elif record.state == ListingState.REJECTED:
        decision.verdict, decision.reason = SkuVerdict.REJECTED, _rejected(record)


def follow_ups(
    item: Wanted, listing: RemoteListing, record: ListingRecord | None, policy: Policy
) -> tuple[tuple[ActionKind, ...], list[Note]]:
    """Which writes bring an existing listing to what is wanted, and why (notes)."""
    steps: list[ActionKind] = []
    notes: list[Note] = []
    if listing.status is ListingStatus.INACTIVE:
        steps.append(ActionKind.RELIST)
    stale = not content_known(item, listing, record) or (
        record is None or not item.same_content(record.content_hash)
    )
    if stale:
        steps.append(ActionKind.UPDATE_CONTENT)
    differs = (listing.price, listing.stock) != (item.draft.price, item.draft.stock)
    # a change under review carries the price and stock it was sent with
    carried = (
        listing.pending_changes and record is not None and record.offer_hash == item.offer_hash
    )
    if not differs or carried:
        return tuple(steps), notes
    limit = policy.max_price_change
    if (
        limit is not None
        and listing.price > 0
        and abs(item.draft.price - listing.price) > (limit * listing.price)
    ):
        if not stale:  # only a content update may move the price this far
            steps.append(ActionKind.UPDATE_CONTENT)
        notes.append(
            Note(item.sku, _("the price moves too far for a direct change; it goes for review"))
        )
    # a content update sends price and stock too; only a moderated one needs them sent apart
    elif not stale or policy.moderated_update:
        steps.append(ActionKind.UPDATE_OFFER)
    return tuple(steps), notes


def drop_others(
    sku: str, listings: Sequence[RemoteListing], keep: str, marketplace: str
) -> list[Action]:
    """Other listings of a SKU on sale (a marketplace may allow them) go off sale."""
    return [
        Action(
            ActionKind.DROP_DUPLICATE,
            marketplace,
            sku,
            None,
            listing.remote_id,
            reason=_("a second listing of the same SKU"),
            title=listing.title,
        )
        for listing in sorted(listings, key=listing_order)
        if listing.remote_id != keep and listing.status is ListingStatus.ACTIVE
    ]
