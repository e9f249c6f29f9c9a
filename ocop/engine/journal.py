"""Every remote write goes through ``Journal.call``: intent row first, outcome after.

A push killed between the two leaves an intent without an outcome; the next push closes it
as ``interrupted`` and the plan reconciles the SKU by looking it up on the marketplace.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from ocop.errors import ConnectorError, OutcomeUnknown
from ocop.state import StateStore

T = TypeVar("T")

OK = "ok"
FAILED = "failed"
UNKNOWN = "unknown"
INTERRUPTED = "interrupted"


def new_run_id() -> str:
    """A fresh id tying together the journal entries of one push."""
    return uuid.uuid4().hex[:12]


class Journal:
    """The audit trail of one push on one marketplace."""

    def __init__(self, store: StateStore, marketplace: str, run_id: str) -> None:
        self.store = store
        self.marketplace = marketplace
        self.run_id = run_id
        self.writes = 0

    def close_interrupted(self) -> int:
        """Mark the intents a killed push left open; returns how many there were."""
        entries = self.store.open_intents(self.marketplace)
        for entry in entries:
            self.store.finish(entry.id, INTERRUPTED)
        return len(entries)

    def call(
        self,
        operation: str,
        sku: str | None,
        remote_id: str | None,
        send: Callable[[], T],
        detail: str | None = None,
    ) -> T:
        """Record the intent, make the call, record how it ended; re-raises failures."""
        entry = self.store.begin(self.run_id, self.marketplace, operation, sku, remote_id, detail)
        self.writes += 1
        try:
            result = send()
        except OutcomeUnknown as exc:
            self.store.finish(entry, UNKNOWN, str(exc))
            raise
        except ConnectorError as exc:
            self.store.finish(entry, FAILED, str(exc))
            raise
        self.store.finish(entry, OK, _describe(result))
        return result

    def image(self, operation: str, digest: str | None, send: Callable[[], str]) -> str:
        """``call`` for an image upload (the digest stands where a SKU would)."""
        return self.call(operation, None, None, send, detail=digest)


def _describe(result: object) -> str | None:
    remote_id = getattr(result, "remote_id", None)
    request_id = getattr(result, "request_id", None)
    if isinstance(result, str):
        return result
    parts = [p for p in (remote_id, request_id) if p]
    return " ".join(str(p) for p in parts) or None
