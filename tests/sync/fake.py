"""An in-memory marketplace implementing the ``Connector`` protocol, with fault injection.

vdirsyncer's MemoryStorage idea: the engine is tested against this first, so every failure
the contract allows can be produced on demand and cheaply:

    fail_before   a TransientError before any effect (5xx the proxy answered itself)
    unknown       the write takes effect, then OutcomeUnknown (commit-then-504)
    rate_limited  RateLimited before any effect
    crash_after   the write takes effect, then ``Crash`` (a stand-in for SIGKILL mid-push)

Faults are either queued for the next calls of one operation (``fail_next``) or drawn with a
seeded random rate (``rates``). ``writes`` counts every write call that reached the fake.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar

from ocop.connector import (
    Capabilities,
    ListingDraft,
    ListingStatus,
    OfferResult,
    OfferUpdate,
    RemoteListing,
    Review,
    ReviewState,
    Shop,
    WriteResult,
)
from ocop.errors import Conflict, NotFound, OutcomeUnknown, RateLimited, TransientError

WRITES = frozenset(
    {"upload_image", "create", "update_content", "update_offers", "set_listed", "delete"}
)


class Crash(BaseException):
    """The process "dies" right after a write took effect."""


def capabilities(*, moderated: bool, unique_sku: bool, batch: int) -> Capabilities:
    return Capabilities(
        can_delete=not moderated,
        unique_sku=unique_sku,
        moderated_create=moderated,
        moderated_update=moderated,
        batch_offers=batch,
        page_size=7,
        rate_per_second=1000.0,
        burst=100,
        max_images=9,
        title_length=(10, 120),
        description_length=(20, 5000),
        price_range=(1000, 100_000_000),
        stock_max=999_999,
        max_price_change=0.5 if moderated else None,
    )


@dataclass
class Request:
    request_id: str
    draft: ListingDraft
    remote_id: str | None  # the listing an update concerns
    state: ReviewState = ReviewState.PENDING
    reason: str | None = None


@dataclass
class FakeMarketplace:
    """The marketplace's data, kept apart from the connector so it survives "restarts"."""

    name: str
    caps: Capabilities
    listings: dict[str, RemoteListing] = field(default_factory=dict)
    drafts: dict[str, ListingDraft] = field(default_factory=dict)
    requests: dict[str, Request] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)
    writes: Counter[str] = field(default_factory=Counter)
    reads: Counter[str] = field(default_factory=Counter)
    queued: dict[str, list[str]] = field(default_factory=dict)
    rates: dict[str, float] = field(default_factory=dict)
    auto_approve: bool = True  # decide a request on its first poll
    reject_titles: set[str] = field(default_factory=set)
    category_tree: dict[int | str, bool] = field(
        default_factory=lambda: {1: False, 101: True, "CHE-TRA": True}
    )
    seed: int = 0
    write_delay: float = 0.0  # seconds each write takes (to interrupt a push mid-way)
    _next: int = 0
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)

    def fail_next(self, operation: str, *faults: str) -> None:
        self.queued.setdefault(operation, []).extend(faults)

    def new_id(self, prefix: str) -> str:
        self._next += 1
        return f"{prefix}{self._next:06d}"

    def fault(self, operation: str) -> str | None:
        queued = self.queued.get(operation)
        if queued:
            return queued.pop(0)
        if operation not in WRITES:
            return None  # reads fail only when queued: the real connectors retry them
        for kind, rate in self.rates.items():
            if self.random.random() < rate:
                return kind
        return None

    def live(self, sku: str) -> list[RemoteListing]:
        return [
            r for r in self.listings.values() if r.sku == sku and r.status is ListingStatus.ACTIVE
        ]


class FakeConnector:
    """A ``Connector`` over a ``FakeMarketplace``."""

    name: ClassVar[str] = "fake"
    capabilities: ClassVar[Capabilities]

    def __init__(self, market: FakeMarketplace) -> None:
        self.market = market
        self.name = market.name  # type: ignore[misc]
        self.capabilities = market.caps  # type: ignore[misc]

    # -- plumbing --------------------------------------------------------------------------

    def _call(self, operation: str, effect: object) -> object:
        """Run ``effect`` (a zero-argument callable) under the faults the market schedules."""
        m = self.market
        with m._lock:
            kind = m.fault(operation)
            if kind == "fail_before":
                raise TransientError(m.name, f"{operation}: 503")
            if kind == "rate_limited":
                raise RateLimited(m.name, 0.0)
            (m.writes if operation in WRITES else m.reads)[operation] += 1
            result = effect()  # type: ignore[operator]
        if operation in WRITES and m.write_delay:
            time.sleep(m.write_delay)
        if kind == "unknown":
            raise OutcomeUnknown(m.name, operation, "504")
        if kind == "crash_after":
            raise Crash(operation)
        return result

    def _listing(self, remote_id: str, draft: ListingDraft, status: ListingStatus) -> RemoteListing:
        return RemoteListing(
            remote_id=remote_id,
            sku=draft.sku,
            title=draft.title,
            price=draft.price,
            stock=draft.stock,
            status=status,
            url=f"http://fake/{self.market.name}/{remote_id}",
            category=draft.category,
            list_price=draft.list_price,
            images=draft.images,
            ocop_stars=draft.ocop.stars if draft.ocop else None,
        )

    # -- the protocol ----------------------------------------------------------------------

    def shop(self) -> Shop:
        return Shop("1", "Fake shop", "http://fake/shop")

    def categories(self) -> dict[int | str, bool]:
        return dict(self.market.category_tree)

    def upload_image(self, data: bytes, filename: str) -> str:
        def effect() -> str:
            image_id = self.market.new_id("img")
            self.market.images[image_id] = data
            return f"http://fake/{self.market.name}/images/{image_id}"

        return str(self._call("upload_image", effect))

    def iter_listings(self) -> Iterator[RemoteListing]:
        ordered = sorted(self.market.listings.values(), key=lambda r: r.remote_id)
        size = self.capabilities.page_size
        for start in range(0, max(len(ordered), 1), size):
            page = self._call("list", lambda s=start: ordered[s : s + size])
            yield from page  # type: ignore[misc]

    def find_by_sku(self, sku: str) -> list[RemoteListing]:
        def effect() -> list[RemoteListing]:
            return [r for r in self.market.listings.values() if r.sku == sku]

        return list(self._call("find_by_sku", effect))  # type: ignore[call-overload]

    def get(self, remote_id: str) -> RemoteListing:
        def effect() -> RemoteListing:
            if remote_id not in self.market.listings:
                raise NotFound(self.market.name, remote_id)
            return self.market.listings[remote_id]

        return self._call("get", effect)  # type: ignore[return-value]

    def create(self, draft: ListingDraft, image_urls: Sequence[str]) -> WriteResult:
        m = self.market

        def effect() -> WriteResult:
            if self.capabilities.unique_sku and any(
                r.sku == draft.sku for r in m.listings.values()
            ):
                existing = next(r for r in m.listings.values() if r.sku == draft.sku)
                raise Conflict(m.name, "duplicate_sku", "duplicate SKU", existing.remote_id)
            if self.capabilities.moderated_create:
                request = Request(m.new_id("req_"), draft, None)
                m.requests[request.request_id] = request
                return WriteResult(None, request.request_id)
            listing = self._listing(m.new_id("P"), draft, ListingStatus.ACTIVE)
            m.listings[listing.remote_id] = listing
            m.drafts[listing.remote_id] = draft
            return WriteResult(listing.remote_id, listing=listing)

        return self._call("create", effect)  # type: ignore[return-value]

    def update_content(
        self, remote_id: str, draft: ListingDraft, image_urls: Sequence[str]
    ) -> WriteResult:
        m = self.market

        def effect() -> WriteResult:
            current = m.listings.get(remote_id)
            if current is None:
                raise NotFound(m.name, remote_id)
            if self.capabilities.moderated_update:
                request = Request(m.new_id("req_"), draft, remote_id)
                m.requests[request.request_id] = request
                m.listings[remote_id] = replace(current, pending_changes=True)
                return WriteResult(remote_id, request.request_id)
            listing = replace(self._listing(remote_id, draft, current.status))
            m.listings[remote_id] = listing
            m.drafts[remote_id] = draft
            return WriteResult(remote_id, listing=listing)

        return self._call("update_content", effect)  # type: ignore[return-value]

    def review(self, request_id: str) -> Review:
        m = self.market

        def effect() -> Review:
            request = m.requests.get(request_id)
            if request is None:
                raise NotFound(m.name, request_id)
            if request.state is ReviewState.PENDING and m.auto_approve:
                self._decide(request)
            return Review(request_id, request.state, request.remote_id, request.reason)

        return self._call("review", effect)  # type: ignore[return-value]

    def _decide(self, request: Request) -> None:
        m = self.market
        if request.draft.title in m.reject_titles:
            request.state, request.reason = ReviewState.REJECTED, "ảnh không rõ"
            if request.remote_id:
                listing = m.listings[request.remote_id]
                m.listings[request.remote_id] = replace(listing, pending_changes=False)
            return
        request.state = ReviewState.APPROVED
        remote_id = request.remote_id or m.new_id("PM-")
        status = m.listings[remote_id].status if remote_id in m.listings else ListingStatus.ACTIVE
        m.listings[remote_id] = self._listing(remote_id, request.draft, status)
        m.drafts[remote_id] = request.draft
        request.remote_id = remote_id

    def decide_all(self) -> None:
        """Moderators work through every pending request (for tests with auto_approve off)."""
        with self.market._lock:
            for request in self.market.requests.values():
                if request.state is ReviewState.PENDING:
                    self._decide(request)

    def update_offers(self, updates: Sequence[OfferUpdate]) -> list[OfferResult]:
        m = self.market

        def effect() -> list[OfferResult]:
            results = []
            for update in updates:
                current = m.listings.get(update.remote_id)
                if current is None:
                    results.append(
                        OfferResult(update.remote_id, NotFound(m.name, update.remote_id))
                    )
                    continue
                limit = self.capabilities.max_price_change
                if (
                    limit
                    and update.price
                    and abs(update.price - current.price) > limit * current.price
                ):
                    error = Conflict(
                        m.name, "price_change_too_large", "too large", update.remote_id
                    )
                    results.append(OfferResult(update.remote_id, error))
                    continue
                m.listings[update.remote_id] = replace(
                    current,
                    price=current.price if update.price is None else update.price,
                    stock=current.stock if update.stock is None else update.stock,
                )
                results.append(OfferResult(update.remote_id))
            return results

        return self._call("update_offers", effect)  # type: ignore[return-value]

    def set_listed(self, remote_id: str, listed: bool) -> RemoteListing:
        m = self.market

        def effect() -> RemoteListing:
            current = m.listings.get(remote_id)
            if current is None:
                raise NotFound(m.name, remote_id)
            status = ListingStatus.ACTIVE if listed else ListingStatus.INACTIVE
            m.listings[remote_id] = replace(current, status=status)
            return m.listings[remote_id]

        return self._call("set_listed", effect)  # type: ignore[return-value]

    def delete(self, remote_id: str) -> None:
        def effect() -> None:
            self.market.listings.pop(remote_id, None)

        self._call("delete", effect)

    def close(self) -> None:
        pass


def voso_like(**kwargs: object) -> FakeMarketplace:
    return FakeMarketplace(
        "voso",
        capabilities(moderated=False, unique_sku=True, batch=0),
        **kwargs,  # type: ignore[arg-type]
    )


def postmart_like(**kwargs: object) -> FakeMarketplace:
    return FakeMarketplace(
        "postmart",
        capabilities(moderated=True, unique_sku=False, batch=3),
        **kwargs,  # type: ignore[arg-type]
    )
