"""The rows of the state database as frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ListingState(StrEnum):
    """Where a SKU's listing on one marketplace stands, as far as ocop knows."""

    ACTIVE = "active"  # on sale
    INACTIVE = "inactive"  # exists, off sale (not by ocop's choice, e.g. blocked)
    PENDING_REVIEW = "pending_review"  # a moderation request is open (request_id)
    REJECTED = "rejected"  # the marketplace's moderators refused it (review_reason)
    UNKNOWN = "unknown"  # a create was sent and its outcome is not known yet
    FAILED = "failed"  # a create the marketplace refused: nothing exists there (last_error)
    DELISTED = "delisted"  # taken off sale (or deleted) by ocop


@dataclass(frozen=True)
class ListingRecord:
    """One SKU on one marketplace: which remote listing it is and what was last pushed.

    The first fields are the read API spiders and reports use; the hashes after them are the
    engine's memory of what it pushed (content and offer hashed apart so a price-only change
    goes through the cheap offer endpoint).
    """

    marketplace: str
    sku: str
    product_id: str
    remote_id: str | None
    url: str | None
    state: str
    price: int | None
    stars: int | None
    title: str | None
    pushed_at: datetime | None
    last_error: str | None
    request_id: str | None
    stock: int | None = None
    content_hash: str | None = None
    offer_hash: str | None = None
    review_reason: str | None = None


@dataclass(frozen=True)
class JournalEntry:
    """One remote operation: the intent is written before the call, the outcome after."""

    id: int
    run_id: str
    marketplace: str
    sku: str | None
    operation: str
    remote_id: str | None
    detail: str | None
    started_at: datetime
    finished_at: datetime | None
    outcome: str | None  # None: the call was started and never finished (crash, kill)
