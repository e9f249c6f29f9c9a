"""Faults injected around a real connector, per ``Connector`` operation, on demand.

The marketplace stays real (its sandbox keeps the data and enforces its contract); this
wrapper decides, per call, what the network or the process does around it:

    fail_before   a TransientError before the call is sent: nothing happens remotely
    rate_limited  RateLimited before the call is sent
    unknown       the call takes effect, then OutcomeUnknown (a commit-then-504)
    crash_after   the call takes effect, then ``Crash`` (a stand-in for SIGKILL mid-push)
    gone          NotFound before the call is sent (the marketplace lost the object)

Faults are queued per operation (``fail_next("create", "unknown")``) and used in order.
``calls`` counts the calls that reached the marketplace, per operation. ``watch(operation,
hook)`` lets a test act at a chosen moment of a push (``hook(n)`` runs before the n-th call
is sent, in the thread sending it): press Ctrl-C at the third create, hold the calls after it.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from ocop.connector import (
    Capabilities,
    Category,
    Connector,
    ListingDraft,
    OfferResult,
    OfferUpdate,
    RemoteListing,
    Review,
    Shop,
    WriteResult,
)
from ocop.errors import NotFound, OutcomeUnknown, RateLimited, TransientError

T = TypeVar("T")
FAULTS = ("fail_before", "rate_limited", "unknown", "crash_after", "gone")
WRITES = ("upload_image", "create", "update_content", "update_offers", "set_listed")


class Crash(BaseException):
    """The process "dies" right after a call took effect."""


class FaultyConnector:
    """A ``Connector`` that passes every call to ``inner`` unless a fault is queued for it."""

    def __init__(self, inner: Connector) -> None:
        self.inner = inner
        self.name = inner.name
        self.capabilities: Capabilities = inner.capabilities
        self.calls: Counter[str] = Counter()
        self._started: Counter[str] = Counter()
        self._hooks: dict[str, Callable[[int], None]] = {}
        self._queued: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def fail_next(self, operation: str, *faults: str) -> None:
        """Queue faults for the next calls of ``operation`` (a ``Connector`` method name)."""
        unknown = set(faults) - set(FAULTS)
        if unknown:
            raise ValueError(f"unknown fault(s): {sorted(unknown)}")
        with self._lock:
            self._queued.setdefault(operation, []).extend(faults)

    def watch(self, operation: str, hook: Callable[[int], None] | None) -> None:
        """Run ``hook(n)`` before the n-th call (from 1) of ``operation`` is sent, in the
        thread sending it (None: no more)."""
        with self._lock:
            if hook is None:
                self._hooks.pop(operation, None)
            else:
                self._hooks[operation] = hook
                self._started[operation] = 0

    def clear(self) -> None:
        """Forget every queued fault (the process that would have met them is gone)."""
        with self._lock:
            self._queued.clear()

    def _call(self, operation: str, call: Callable[[], T]) -> T:
        with self._lock:
            queued = self._queued.get(operation)
            fault = queued.pop(0) if queued else None
            self._started[operation] += 1
            hook, n = self._hooks.get(operation), self._started[operation]
        if hook is not None:
            hook(n)
        if fault == "fail_before":
            raise TransientError(self.name, f"{operation}: 503 before any effect")
        if fault == "rate_limited":
            raise RateLimited(self.name, 0.0)
        if fault == "gone":
            raise NotFound(self.name, operation)
        result = call()
        with self._lock:
            self.calls[operation] += 1
        if fault == "unknown":
            raise OutcomeUnknown(self.name, operation, "504 after the effect")
        if fault == "crash_after":
            raise Crash(operation)
        return result

    # --- the Connector protocol, each call through _call ------------------------------------

    def shop(self) -> Shop:
        return self._call("shop", self.inner.shop)

    def categories(self) -> Sequence[Category]:
        return self._call("categories", self.inner.categories)

    def upload_image(self, data: bytes, filename: str) -> str:
        return self._call("upload_image", lambda: self.inner.upload_image(data, filename))

    def iter_listings(self) -> Iterator[RemoteListing]:
        return iter(self._call("iter_listings", lambda: list(self.inner.iter_listings())))

    def find_by_sku(self, sku: str) -> list[RemoteListing]:
        return self._call("find_by_sku", lambda: self.inner.find_by_sku(sku))

    def get(self, remote_id: str) -> RemoteListing:
        return self._call("get", lambda: self.inner.get(remote_id))

    def create(self, draft: ListingDraft, image_urls: Sequence[str]) -> WriteResult:
        return self._call("create", lambda: self.inner.create(draft, image_urls))

    def update_content(
        self, remote_id: str, draft: ListingDraft, image_urls: Sequence[str]
    ) -> WriteResult:
        return self._call(
            "update_content", lambda: self.inner.update_content(remote_id, draft, image_urls)
        )

    def review(self, request_id: str) -> Review:
        return self._call("review", lambda: self.inner.review(request_id))

    def update_offers(self, updates: Sequence[OfferUpdate]) -> list[OfferResult]:
        return self._call("update_offers", lambda: self.inner.update_offers(updates))

    def set_listed(self, remote_id: str, listed: bool) -> RemoteListing:
        return self._call("set_listed", lambda: self.inner.set_listed(remote_id, listed))

    def close(self) -> None:
        self.inner.close()

    def __getattr__(self, name: str) -> Any:  # a connector's own extras (page_size, tokens)
        return getattr(self.inner, name)
