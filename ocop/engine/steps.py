"""Carrying out one plan action against a marketplace, committing the state after each call.

The engine decides nothing itself: when a create's answer is lost or the marketplace names an
existing listing of the SKU, it looks the SKU up and asks the plan (``ocop.plan.decide``)
again with what it found, then does what that says.
"""

from __future__ import annotations

from dataclasses import replace

from ocop.connector import Connector, ListingStatus, OfferUpdate, RemoteListing, WriteResult
from ocop.engine.images import ImageUploader
from ocop.engine.journal import Journal
from ocop.engine.progress import Failure, Progress
from ocop.errors import ConnectorError, DuplicateListing, OutcomeUnknown, PriceChangeTooLarge
from ocop.i18n import _
from ocop.plan import Action, ActionKind, Context, SkuVerdict, Wanted, decide
from ocop.state import ListingRecord, ListingState, StateStore, now

CREATE_ATTEMPTS = 3  # a create the plan allows again after a lost answer: at most this often

__all__ = ["CREATE_ATTEMPTS", "Failure", "Progress", "Steps"]


class Steps:
    """The writes of one marketplace's push."""

    def __init__(
        self,
        connector: Connector,
        store: StateStore,
        journal: Journal,
        images: ImageUploader,
        progress: Progress,
        context: Context,
    ) -> None:
        self.connector = connector
        self.store = store
        self.journal = journal
        self.images = images
        self.progress = progress
        self.context = context
        self.marketplace = connector.name

    # -- entry point -----------------------------------------------------------------------

    def run(self, action: Action) -> None:
        """Do ``action`` and its follow-ups; a failure is recorded, never raised."""
        try:
            self._dispatch(action)
        except (ConnectorError, OSError) as exc:
            message = str(exc)
            self.progress.fail(action.sku, action.kind, message)
            if action.wanted is not None or action.kind is not ActionKind.DROP_DUPLICATE:
                self.store.update_listing(self.marketplace, action.sku, last_error=message)

    def _dispatch(self, action: Action) -> None:
        kind = action.kind
        if kind is ActionKind.CREATE:
            self._create(_wanted(action))
        elif kind is ActionKind.ADOPT:
            self._adopt(action)
        elif kind in (ActionKind.DELIST, ActionKind.DROP_DUPLICATE):
            self._take_down(action)
        elif kind is ActionKind.FORGET:
            self._forget(action)
        else:
            self._follow(_wanted(action), _remote(action), (kind, *action.then))
            return
        self.progress.count(kind)

    def _follow(self, wanted: Wanted, remote_id: str, steps: tuple[ActionKind, ...]) -> None:
        for step in steps:
            if step is ActionKind.RELIST:
                self._relist(wanted, remote_id)
            elif step is ActionKind.UPDATE_CONTENT:
                self._update_content(wanted, remote_id)
            elif step is ActionKind.UPDATE_OFFER:
                self.progress.queue_offer(wanted, remote_id)
                continue  # counted when the batch goes out
            self.progress.count(step)

    # -- create and adopt ------------------------------------------------------------------

    def _create(self, wanted: Wanted) -> None:
        urls = self.images.urls(wanted.draft)
        before = self.store.listing(self.marketplace, wanted.sku)
        for _attempt in range(CREATE_ATTEMPTS):
            # the intent: a crash from here on leaves an "unknown" record to look up by SKU
            intent = self._save(wanted, ListingState.UNKNOWN, None, None)
            try:
                result = self.journal.call(
                    "create", wanted.sku, None, lambda: self.connector.create(wanted.draft, urls)
                )
            except OutcomeUnknown:
                found = self.connector.find_by_sku(wanted.sku)
                if self._again(wanted, intent, found):
                    continue
                return
            except DuplicateListing as exc:  # a create sent again after a lost answer
                listing = self.connector.get(str(exc.remote_id))
                self._again(wanted, intent, [listing])
                return
            except ConnectorError as exc:  # refused: nothing was made
                self._refused(wanted, before, str(exc))
                raise
            self._written(wanted, result)
            return
        raise OutcomeUnknown(self.marketplace, "create", _("no answer after several tries"))

    def _again(self, wanted: Wanted, record: ListingRecord, found: list[RemoteListing]) -> bool:
        """Ask the plan what a create with no answer leaves to do, given the listings found
        by SKU, and do it; True when it says to send the create again."""
        decision = decide(wanted, record, found, self.context)
        creates = [a for a in decision.actions if a.kind is ActionKind.CREATE]
        if creates:
            return True
        for action in decision.actions:
            self._dispatch(action)
        if decision.actions:  # the create did land: found by its SKU and bound
            self.progress.settle(wanted.sku, SkuVerdict.CREATE)
        else:
            self.progress.settle(wanted.sku, decision.verdict, decision.reason)
        return False

    def _refused(self, wanted: Wanted, before: ListingRecord | None, message: str) -> None:
        """A create the marketplace refused left nothing behind: the record says so, and the
        next push sends it again at once (no lost create to wait for)."""
        base = before or self._save(wanted, ListingState.FAILED, None, None)
        self.store.save_listing(
            replace(
                base,
                state=ListingState.FAILED,
                remote_id=None,
                request_id=None,
                last_error=message,
            )
        )

    def _adopt(self, action: Action) -> None:
        wanted, remote_id = _wanted(action), _remote(action)
        listing = action.listing or self.connector.get(remote_id)
        known = ActionKind.UPDATE_CONTENT not in action.then
        active = listing.status is ListingStatus.ACTIVE
        self._save(
            wanted,
            ListingState.ACTIVE if active else ListingState.INACTIVE,
            listing.remote_id,
            None,
            content=known,
            url=listing.url or None,
            offer=(listing.price, listing.stock) == (wanted.draft.price, wanted.draft.stock),
        )
        self.progress.settle(wanted.sku, SkuVerdict.UPDATE if action.then else SkuVerdict.IN_SYNC)
        self._follow(wanted, remote_id, action.then)

    # -- updates ---------------------------------------------------------------------------

    def _update_content(self, wanted: Wanted, remote_id: str) -> None:
        urls = self.images.urls(wanted.draft)
        result = self.journal.call(
            "update_content",
            wanted.sku,
            remote_id,
            lambda: self.connector.update_content(remote_id, wanted.draft, urls),
        )
        self._written(wanted, result, remote_id)

    def _written(self, wanted: Wanted, result: WriteResult, remote_id: str | None = None) -> None:
        """Record the answer to a create or content update, and the SKU's verdict."""
        listing = result.listing
        rid = result.remote_id or remote_id
        if result.request_id is not None:
            current = self.store.listing(self.marketplace, wanted.sku)
            url = current.url if current and current.remote_id == rid else None
            self._save(wanted, ListingState.PENDING_REVIEW, rid, result.request_id, url=url)
            self.progress.settle(wanted.sku, SkuVerdict.PENDING_REVIEW)
            return
        state = ListingState.ACTIVE
        if listing is not None and listing.status is not ListingStatus.ACTIVE:
            state = ListingState.INACTIVE
        self._save(wanted, state, rid, None, url=listing.url if listing else None)
        self.progress.settle(wanted.sku, SkuVerdict.UPDATE if remote_id else SkuVerdict.CREATE)

    def _relist(self, wanted: Wanted, remote_id: str) -> None:
        listing = self.journal.call(
            "relist", wanted.sku, remote_id, lambda: self.connector.set_listed(remote_id, True)
        )
        self.store.update_listing(
            self.marketplace, wanted.sku, state=ListingState.ACTIVE, url=listing.url or None
        )
        self.progress.settle(wanted.sku, SkuVerdict.UPDATE)

    def flush_offers(self, batch: list[tuple[Wanted, str]]) -> None:
        """Send one batch of price/stock changes; each item succeeds or fails on its own."""
        updates = [OfferUpdate(rid, w.draft.price, w.draft.stock) for w, rid in batch]
        try:
            results = self.journal.call(
                "update_offers",
                None,
                None,
                lambda: self.connector.update_offers(updates),
                detail=" ".join(u.remote_id for u in updates),
            )
        except ConnectorError as exc:
            for wanted, _rid in batch:
                self.progress.offer_sent(wanted.sku)
                self.progress.fail(wanted.sku, ActionKind.UPDATE_OFFER, str(exc))
            return
        by_id = {r.remote_id: r for r in results}
        for wanted, rid in batch:
            self.progress.offer_sent(wanted.sku)
            outcome = by_id.get(rid)
            if outcome is not None and outcome.ok:
                self._offer_done(wanted)
                continue
            error = outcome.error if outcome else None
            if isinstance(error, PriceChangeTooLarge):
                self._price_through_review(wanted, rid)
                continue
            message = str(error) if error else _("no answer")
            self.progress.fail(wanted.sku, ActionKind.UPDATE_OFFER, message)
            self.store.update_listing(self.marketplace, wanted.sku, last_error=message)

    def _offer_done(self, wanted: Wanted) -> None:
        self.store.update_listing(
            self.marketplace,
            wanted.sku,
            price=wanted.draft.price,
            stock=wanted.draft.stock,
            offer_hash=wanted.offer_hash,
            pushed_at=now(),
            last_error=None,
        )
        self.progress.count(ActionKind.UPDATE_OFFER)
        self.progress.settle(wanted.sku, SkuVerdict.UPDATE)

    def _price_through_review(self, wanted: Wanted, remote_id: str) -> None:
        """A price jump the offer endpoint refuses goes with a full update, which the
        moderators approve together with its price."""
        try:
            self._update_content(wanted, remote_id)
        except ConnectorError as exc:
            self.progress.fail(wanted.sku, ActionKind.UPDATE_OFFER, str(exc))
            self.store.update_listing(self.marketplace, wanted.sku, last_error=str(exc))
            return
        self.progress.count(ActionKind.UPDATE_CONTENT)
        self.progress.note(
            _("{sku}: the price change is too large for a direct change; sent for review").format(
                sku=wanted.sku
            )
        )

    # -- take down -------------------------------------------------------------------------

    def _take_down(self, action: Action) -> None:
        remote_id = _remote(action)
        operation = "delist" if action.kind is ActionKind.DELIST else "drop_duplicate"
        self.journal.call(
            operation,
            action.sku,
            remote_id,
            lambda: self.connector.set_listed(remote_id, False),
            detail=action.reason,
        )
        record = self.store.listing(self.marketplace, action.sku)
        bound = record is not None and record.remote_id in (None, remote_id)
        if action.kind is ActionKind.DELIST and record is not None and bound:
            self.store.save_listing(
                replace(
                    record,
                    remote_id=remote_id,
                    state=ListingState.DELISTED,
                    pushed_at=now(),
                    last_error=None,
                )
            )
        if action.kind is ActionKind.DROP_DUPLICATE:
            self.progress.settle(action.sku, SkuVerdict.UPDATE)

    def _forget(self, action: Action) -> None:
        if action.remote_id is None:
            self.store.forget_listing(self.marketplace, action.sku)
        else:
            self.store.update_listing(self.marketplace, action.sku, state=ListingState.DELISTED)

    # -- records ---------------------------------------------------------------------------

    def _save(
        self,
        wanted: Wanted,
        state: ListingState,
        remote_id: str | None,
        request_id: str | None,
        *,
        content: bool = True,
        offer: bool = True,
        url: str | None = None,
    ) -> ListingRecord:
        draft = wanted.draft
        record = ListingRecord(
            marketplace=self.marketplace,
            sku=wanted.sku,
            product_id=wanted.product_id,
            remote_id=remote_id,
            url=url,
            state=state,
            price=draft.price,
            stars=wanted.stars,
            title=draft.title,
            pushed_at=now(),
            last_error=None,
            request_id=request_id,
            stock=draft.stock,
            content_hash=wanted.content_hash if content else None,
            offer_hash=wanted.offer_hash if offer else None,
        )
        self.store.save_listing(record)
        return record


def _wanted(action: Action) -> Wanted:
    if action.wanted is None:  # pragma: no cover - the plan always attaches it
        raise ValueError(action)
    return action.wanted


def _remote(action: Action) -> str:
    if action.remote_id is None:  # pragma: no cover - the plan always attaches it
        raise ValueError(action)
    return action.remote_id
