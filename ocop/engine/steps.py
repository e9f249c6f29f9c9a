"""Carrying out one plan action against a marketplace, committing the state after each call."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

from ocop.connector import Connector, ListingStatus, OfferUpdate, RemoteListing, WriteResult
from ocop.engine.images import ImageUploader
from ocop.engine.journal import Journal
from ocop.errors import ConnectorError, DuplicateListing, OutcomeUnknown, PriceChangeTooLarge
from ocop.i18n import _
from ocop.plan import Action, ActionKind, Wanted
from ocop.state import ListingRecord, ListingState, StateStore, now

CREATE_ATTEMPTS = 3  # an unmoderated create that vanished is sent again at most this often


@dataclass
class Failure:
    """One action that did not complete."""

    sku: str
    kind: ActionKind
    message: str


@dataclass
class Progress:
    """What one marketplace's push did, filled in by concurrent workers."""

    done: dict[ActionKind, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    offers: list[tuple[Wanted, str]] = field(default_factory=list)  # (wanted, remote id)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, kind: ActionKind) -> None:
        with self._lock:
            self.done[kind] = self.done.get(kind, 0) + 1

    def fail(self, sku: str, kind: ActionKind, message: str) -> None:
        with self._lock:
            self.failures.append(Failure(sku, kind, message))

    def note(self, text: str) -> None:
        with self._lock:
            self.notes.append(text)

    def queue_offer(self, wanted: Wanted, remote_id: str) -> None:
        with self._lock:
            self.offers.append((wanted, remote_id))


class Steps:
    """The writes of one marketplace's push."""

    def __init__(
        self,
        connector: Connector,
        store: StateStore,
        journal: Journal,
        images: ImageUploader,
        progress: Progress,
    ) -> None:
        self.connector = connector
        self.store = store
        self.journal = journal
        self.images = images
        self.progress = progress
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
        for _attempt in range(CREATE_ATTEMPTS):
            # the intent: a crash from here on leaves an "unknown" record to look up by SKU
            self._save(wanted, ListingState.UNKNOWN, None, None, content=True)
            try:
                result = self.journal.call(
                    "create", wanted.sku, None, lambda: self.connector.create(wanted.draft, urls)
                )
            except OutcomeUnknown:
                if self._reconcile_create(wanted):
                    return
                continue
            except DuplicateListing as exc:  # a create sent again after a lost answer
                self._bind(wanted, self.connector.get(str(exc.remote_id)), content_known=False)
                return
            self._written(wanted, result)
            return
        raise OutcomeUnknown(self.marketplace, "create", _("no answer after several tries"))

    def _reconcile_create(self, wanted: Wanted) -> bool:
        """After a create with no answer: bind what it made; True when nothing more to do.

        Nothing found by SKU: only a marketplace that refuses a second listing with the same
        SKU (``unique_sku``) gets the create again; elsewhere the listing may just not be
        searchable yet, and a second create could make a duplicate."""
        found = self.connector.find_by_sku(wanted.sku)
        if found:
            listing = min(found, key=lambda r: (r.status is not ListingStatus.ACTIVE, r.remote_id))
            self._bind(wanted, listing, content_known=listing.title == wanted.draft.title)
            return True
        capabilities = self.connector.capabilities
        if capabilities.moderated_create or not capabilities.unique_sku:
            # a request or listing may exist unseen; sending another could make a duplicate
            self.progress.note(
                _("{sku}: the create's outcome is unknown; it is looked up again next push").format(
                    sku=wanted.sku
                )
            )
            return True
        return False

    def _adopt(self, action: Action) -> None:
        wanted, remote_id = _wanted(action), _remote(action)
        follow = action.then
        listing = action.listing or self.connector.get(remote_id)
        known = ActionKind.UPDATE_CONTENT not in follow
        self._bind(wanted, listing, content_known=known, follow=False)
        self._follow(wanted, remote_id, follow)

    def _bind(
        self, wanted: Wanted, listing: RemoteListing, *, content_known: bool, follow: bool = True
    ) -> None:
        """Record ``listing`` as the SKU's; bring its content up to date when not known."""
        state = (
            ListingState.ACTIVE if listing.status is ListingStatus.ACTIVE else ListingState.INACTIVE
        )
        self._save(
            wanted,
            state,
            listing.remote_id,
            None,
            content=content_known,
            url=listing.url or None,
            offer=(listing.price, listing.stock) == (wanted.draft.price, wanted.draft.stock),
        )
        if not follow:
            return
        steps: list[ActionKind] = []
        if listing.status is ListingStatus.INACTIVE:
            steps.append(ActionKind.RELIST)
        if not content_known:
            steps.append(ActionKind.UPDATE_CONTENT)
        elif (listing.price, listing.stock) != (wanted.draft.price, wanted.draft.stock):
            steps.append(ActionKind.UPDATE_OFFER)
        self._follow(wanted, listing.remote_id, tuple(steps))

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
        """Record the answer to a create or content update."""
        listing = result.listing
        rid = result.remote_id or remote_id
        if result.request_id is not None:
            current = self.store.listing(self.marketplace, wanted.sku)
            url = current.url if current and current.remote_id == rid else None
            self._save(wanted, ListingState.PENDING_REVIEW, rid, result.request_id, url=url)
            return
        state = ListingState.ACTIVE
        if listing is not None and listing.status is not ListingStatus.ACTIVE:
            state = ListingState.INACTIVE
        self._save(wanted, state, rid, None, url=listing.url if listing else None)

    def _relist(self, wanted: Wanted, remote_id: str) -> None:
        listing = self.journal.call(
            "relist", wanted.sku, remote_id, lambda: self.connector.set_listed(remote_id, True)
        )
        self.store.update_listing(
            self.marketplace, wanted.sku, state=ListingState.ACTIVE, url=listing.url or None
        )

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
                self.progress.fail(wanted.sku, ActionKind.UPDATE_OFFER, str(exc))
            return
        by_id = {r.remote_id: r for r in results}
        for wanted, rid in batch:
            outcome = by_id.get(rid)
            if outcome is not None and outcome.ok:
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
                continue
            error = outcome.error if outcome else None
            if isinstance(error, PriceChangeTooLarge):
                self._price_through_review(wanted, rid)
                continue
            message = str(error) if error else _("no answer")
            self.progress.fail(wanted.sku, ActionKind.UPDATE_OFFER, message)
            self.store.update_listing(self.marketplace, wanted.sku, last_error=message)

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
    ) -> None:
        draft = wanted.draft
        self.store.save_listing(
            ListingRecord(
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
        )


def _wanted(action: Action) -> Wanted:
    if action.wanted is None:  # pragma: no cover - the plan always attaches it
        raise ValueError(action)
    return action.wanted


def _remote(action: Action) -> str:
    if action.remote_id is None:  # pragma: no cover - the plan always attaches it
        raise ValueError(action)
    return action.remote_id
