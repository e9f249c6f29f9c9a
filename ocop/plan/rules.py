"""The rules of a plan: a pure function of (wanted listings, state, remote listings).

See ``ocop.plan`` for the principles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ocop.connector import ListingStatus, RemoteListing
from ocop.i18n import _
from ocop.plan.actions import (
    FIELD_CATEGORY,
    FIELD_CONTENT,
    FIELD_LIST_PRICE,
    FIELD_PRICE,
    FIELD_STARS,
    FIELD_STOCK,
    FIELD_TITLE,
    Action,
    ActionKind,
    Change,
    MarketplacePlan,
    Note,
    Wanted,
    money,
)
from ocop.state.records import ListingRecord, ListingState


@dataclass
class _Inputs:
    marketplace: str
    wanted: dict[str, Wanted]
    unwanted: dict[str, str]  # sku → why it must not be on sale
    records: dict[str, ListingRecord]
    remote: dict[str, list[RemoteListing]]
    held: Mapping[str, str]
    moderated_update: bool
    max_price_change: float | None
    actions: list[Action] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    unchanged: int = 0


def plan_marketplace(
    marketplace: str,
    wanted: Iterable[Wanted],
    unwanted: Mapping[str, str],
    records: Iterable[ListingRecord],
    remote: Iterable[RemoteListing],
    held: Mapping[str, str] | None = None,
    *,
    moderated_update: bool = False,
    max_price_change: float | None = None,
) -> MarketplacePlan:
    """The plan for one marketplace.

    ``unwanted`` maps SKUs the catalogue knows but must not be on sale (switched off, expired
    certificate) to the reason; SKUs in the state that are in neither are gone from the
    catalogue. ``held`` maps SKUs the catalogue cannot list now (a problem to fix) to why:
    their listings are left as they are. Records must already carry the answers of
    moderation requests (``ocop.engine.refresh.apply_reviews``). The connector's capabilities
    shape the steps: ``moderated_update`` says a content update waits for review, so a price
    change is also sent through the offer endpoint to take effect now; ``max_price_change``
    is the largest share the offer endpoint lets a price move, so a larger move is planned as
    a content update, which carries the price and which the marketplace reviews.
    """
    by_sku: dict[str, list[RemoteListing]] = {}
    for listing in sorted(remote, key=lambda r: _id_key(r.remote_id)):
        by_sku.setdefault(listing.sku, []).append(listing)
    inputs = _Inputs(
        marketplace,
        {w.sku: w for w in wanted},
        dict(unwanted),
        {r.sku: r for r in records if r.marketplace == marketplace},
        by_sku,
        held or {},
        moderated_update,
        max_price_change,
    )
    for sku, item in inputs.wanted.items():
        _plan_wanted(inputs, sku, item)
    for sku, why in inputs.held.items():
        inputs.notes.append(Note(sku, _("not sent: {reason}").format(reason=why)))
    leftover = (set(inputs.records) | set(inputs.unwanted)) - set(inputs.wanted) - set(inputs.held)
    for sku in sorted(leftover):
        _plan_unwanted(inputs, sku)
    return _finish(inputs)


def _finish(inputs: _Inputs) -> MarketplacePlan:
    """The plan, with what matched nothing and how many managed listings are on sale."""
    known = set(inputs.wanted) | set(inputs.records) | set(inputs.unwanted) | set(inputs.held)
    unmatched = tuple(r for sku, rs in inputs.remote.items() if sku not in known for r in rs)
    live = sum(
        1
        for r in inputs.records.values()
        for listing in inputs.remote.get(r.sku, [])
        if listing.remote_id == r.remote_id and listing.status is ListingStatus.ACTIVE
    )
    return MarketplacePlan(
        inputs.marketplace,
        tuple(inputs.actions),
        inputs.unchanged,
        tuple(inputs.notes),
        unmatched,
        live,
    )


def _id_key(remote_id: str) -> tuple[int, str]:
    digits = "".join(c for c in remote_id if c.isdigit())
    return (int(digits) if digits else 0, remote_id)


def _bound(inputs: _Inputs, sku: str) -> RemoteListing | None:
    """The remote listing the state binds to ``sku``, if it still exists."""
    record = inputs.records.get(sku)
    if record is None or record.remote_id is None:
        return None
    for listing in inputs.remote.get(sku, []):
        if listing.remote_id == record.remote_id:
            return listing
    return None


def _plan_wanted(inputs: _Inputs, sku: str, item: Wanted) -> None:
    record = inputs.records.get(sku)
    listing = _bound(inputs, sku)
    candidates = inputs.remote.get(sku, [])
    if listing is None and record is not None and _waiting(inputs, item, record):
        return
    if listing is None and candidates:
        listing = _pick(candidates)
        _adopt(inputs, item, listing, record)
        _drop_others(inputs, sku, listing.remote_id)
        return
    if listing is None:
        inputs.actions.append(
            Action(ActionKind.CREATE, inputs.marketplace, sku, item.product_id, None, item)
        )
        return
    _drop_others(inputs, sku, listing.remote_id)
    _plan_update(inputs, item, listing, record)


def _pick(candidates: Sequence[RemoteListing]) -> RemoteListing:
    """Of several listings with one SKU, keep the one on sale with the smallest id."""
    active = [c for c in candidates if c.status is ListingStatus.ACTIVE]
    return (active or list(candidates))[0]


def _waiting(inputs: _Inputs, item: Wanted, record: ListingRecord) -> bool:
    """A create request is under review or was refused as it is: nothing to send now."""
    if record.remote_id is not None:
        return False
    if record.state == ListingState.PENDING_REVIEW:
        inputs.notes.append(Note(item.sku, _("waiting for the marketplace's review")))
        return True
    if record.state == ListingState.REJECTED and record.content_hash == item.content_hash:
        reason = record.review_reason or "-"
        inputs.notes.append(
            Note(item.sku, _("rejected by the marketplace: {reason}").format(reason=reason))
        )
        return True
    return False


def _adopt(
    inputs: _Inputs, item: Wanted, listing: RemoteListing, record: ListingRecord | None
) -> None:
    follow = _follow_ups(inputs, item, listing, record)
    inputs.actions.append(
        Action(
            ActionKind.ADOPT,
            inputs.marketplace,
            item.sku,
            item.product_id,
            listing.remote_id,
            item,
            _changes(item, listing, follow),
            then=follow,
            listing=listing,
        )
    )


def _follow_ups(
    inputs: _Inputs, item: Wanted, listing: RemoteListing, record: ListingRecord | None
) -> tuple[ActionKind, ...]:
    """Which writes bring an existing listing to what is wanted."""
    steps: list[ActionKind] = []
    if listing.status is ListingStatus.INACTIVE:
        steps.append(ActionKind.RELIST)
    known = _content_known(item, listing, record)
    stale = not known or record is None or record.content_hash != item.content_hash
    if stale:
        steps.append(ActionKind.UPDATE_CONTENT)
    differs = (listing.price, listing.stock) != (item.draft.price, item.draft.stock)
    # a change under review carries the price and stock it was sent with
    carried = (
        listing.pending_changes and record is not None and record.offer_hash == item.offer_hash
    )
    if not differs or carried:
        return tuple(steps)
    if _price_jump(inputs, listing.price, item.draft.price):
        if not stale:  # only a content update may move the price this far
            steps.append(ActionKind.UPDATE_CONTENT)
        inputs.notes.append(
            Note(item.sku, _("the price moves too far for a direct change; it goes for review"))
        )
    # a content update sends price and stock too; only a moderated one needs them sent apart
    elif not stale or inputs.moderated_update:
        steps.append(ActionKind.UPDATE_OFFER)
    return tuple(steps)


def _price_jump(inputs: _Inputs, old: int, new: int) -> bool:
    """True when the offer endpoint would refuse moving the price from ``old`` to ``new``."""
    limit = inputs.max_price_change
    return limit is not None and old > 0 and abs(new - old) > limit * old


def _content_known(item: Wanted, listing: RemoteListing, record: ListingRecord | None) -> bool:
    """True when the state knows what content this listing has (by the hash last pushed)."""
    if record is None:
        return False
    if record.remote_id is not None:
        return record.remote_id == listing.remote_id
    # a create whose answer was lost or still under review: the listing found is that create
    # if it shows the title that was sent
    return record.content_hash == item.content_hash and listing.title == item.draft.title


def _plan_update(
    inputs: _Inputs, item: Wanted, listing: RemoteListing, record: ListingRecord | None
) -> None:
    if listing.status is ListingStatus.BLOCKED:
        inputs.notes.append(Note(item.sku, _("blocked by the marketplace; nothing can be sent")))
        return
    steps = _follow_ups(inputs, item, listing, record)
    if not steps:
        inputs.unchanged += 1
        return
    changes = _changes(item, listing, steps)
    kind, rest = steps[0], steps[1:]
    inputs.actions.append(
        Action(
            kind,
            inputs.marketplace,
            item.sku,
            item.product_id,
            listing.remote_id,
            item,
            changes,
            then=rest,
        )
    )


def _changes(
    item: Wanted, listing: RemoteListing, steps: Sequence[ActionKind]
) -> tuple[Change, ...]:
    draft = item.draft
    changes: list[Change] = []
    if listing.price != draft.price:
        changes.append(Change(FIELD_PRICE, money(listing.price), money(draft.price)))
    if listing.stock != draft.stock:
        changes.append(Change(FIELD_STOCK, str(listing.stock), str(draft.stock)))
    if ActionKind.UPDATE_CONTENT not in steps:
        return tuple(changes)
    visible = len(changes)
    if listing.title != draft.title:
        changes.append(Change(FIELD_TITLE, repr(listing.title), repr(draft.title)))
    if listing.category is not None and str(listing.category) != str(draft.category):
        changes.append(Change(FIELD_CATEGORY, str(listing.category), str(draft.category)))
    if listing.list_price != draft.list_price:
        changes.append(Change(FIELD_LIST_PRICE, money(listing.list_price), money(draft.list_price)))
    if listing.ocop_stars != item.stars:
        changes.append(Change(FIELD_STARS, str(listing.ocop_stars or "-"), str(item.stars or "-")))
    if len(changes) == visible:
        changes.append(Change(FIELD_CONTENT, _("as last pushed"), _("edited in the catalogue")))
    return tuple(changes)


def _drop_others(inputs: _Inputs, sku: str, keep: str | None) -> None:
    """Duplicates of a SKU (a marketplace may allow them) go off sale; the bound one stays."""
    for listing in inputs.remote.get(sku, []):
        if listing.remote_id == keep or listing.status is not ListingStatus.ACTIVE:
            continue
        inputs.actions.append(
            Action(
                ActionKind.DROP_DUPLICATE,
                inputs.marketplace,
                sku,
                None,
                listing.remote_id,
                reason=_("a second listing of the same SKU"),
            )
        )


def _plan_unwanted(inputs: _Inputs, sku: str) -> None:
    """Take a managed listing off sale; listings ocop never bound are left alone."""
    record = inputs.records.get(sku)
    if record is None:
        return
    reason = inputs.unwanted.get(sku) or _("no longer in the catalogue")
    listings = inputs.remote.get(sku, [])
    on_sale = [r for r in listings if r.status is ListingStatus.ACTIVE]
    for listing in on_sale:
        inputs.actions.append(
            Action(
                ActionKind.DELIST,
                inputs.marketplace,
                sku,
                record.product_id,
                listing.remote_id,
                reason=reason,
            )
        )
    if on_sale or record.state == ListingState.DELISTED:
        inputs.unchanged += 0 if on_sale else 1
        return
    if record.state == ListingState.PENDING_REVIEW and record.remote_id is None:
        inputs.notes.append(Note(sku, _("waiting for the marketplace's review")))
        return
    bound = _bound(inputs, sku)
    inputs.actions.append(
        Action(
            ActionKind.FORGET,
            inputs.marketplace,
            sku,
            record.product_id,
            bound.remote_id if bound else None,
            reason=reason,
        )
    )
