"""Reading a marketplace before planning: open moderation requests, then every listing.

All reads; nothing here writes the marketplace or the state, so ``ocop plan`` uses it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from ocop.connector import Connector, RemoteListing, Review, ReviewState
from ocop.errors import ConnectorError, NotFound
from ocop.i18n import _
from ocop.state import ListingRecord, ListingState


@dataclass(frozen=True)
class Answer:
    """A moderation request the marketplace answered since the last look."""

    sku: str
    approved: bool
    title: str | None
    reason: str | None = None  # why it was rejected
    url: str | None = None  # where the approved listing is


@dataclass(frozen=True)
class Snapshot:
    """What ocop knows (records, with review answers applied) and what the marketplace shows."""

    records: list[ListingRecord]
    changed: list[ListingRecord]  # records the review answers changed (to save on a push)
    remote: list[RemoteListing]
    poll_errors: dict[str, str]  # sku → why its request could not be polled
    answers: tuple[Answer, ...] = ()


def refresh(
    connector: Connector, records: list[ListingRecord], pool: ThreadPoolExecutor
) -> Snapshot:
    """Poll open requests and list the shop; approved listings missing from the list are fetched."""
    pending = [r for r in records if r.request_id and r.state == ListingState.PENDING_REVIEW]
    answers = list(pool.map(lambda r: _poll(connector, r), pending))
    reviews = {
        r.request_id or "": a
        for r, a in zip(pending, answers, strict=True)
        if isinstance(a, Review)
    }
    errors = {r.sku: a for r, a in zip(pending, answers, strict=True) if isinstance(a, str)}
    remote = list(connector.iter_listings())
    seen = {listing.remote_id for listing in remote}
    missing = [
        review.remote_id
        for review in reviews.values()
        if review.state is ReviewState.APPROVED
        and review.remote_id
        and review.remote_id not in seen
    ]
    remote.extend(r for r in pool.map(lambda rid: _get(connector, rid), missing) if r is not None)
    updated = with_urls(apply_reviews(records, reviews), remote)
    changed = [new for old, new in zip(records, updated, strict=True) if new != old]
    return Snapshot(updated, changed, remote, errors, answered(records, updated))


def answered(before: list[ListingRecord], after: list[ListingRecord]) -> tuple[Answer, ...]:
    """The approvals and rejections that turned pending records into these (pure)."""
    found = []
    for old, new in zip(before, after, strict=True):
        if old.state != ListingState.PENDING_REVIEW or new.state == old.state:
            continue
        approved = new.state == ListingState.ACTIVE
        reason = None if approved else new.review_reason
        found.append(Answer(new.sku, approved, new.title, reason, new.url if approved else None))
    return tuple(found)


def _poll(connector: Connector, record: ListingRecord) -> Review | str:
    try:
        return connector.review(record.request_id or "")
    except ConnectorError as exc:
        return str(exc)


def _get(connector: Connector, remote_id: str) -> RemoteListing | None:
    try:
        return connector.get(remote_id)
    except NotFound:
        return None  # approved and already gone: the plan will see no listing


def apply_reviews(
    records: Iterable[ListingRecord], reviews: dict[str, Review]
) -> list[ListingRecord]:
    """Records with the moderators' answers written in (pure)."""
    result = []
    for record in records:
        review = reviews.get(record.request_id or "")
        if review is None or review.state is ReviewState.PENDING:
            result.append(record)
        elif review.state is ReviewState.APPROVED:
            result.append(
                replace(
                    record,
                    remote_id=review.remote_id or record.remote_id,
                    state=ListingState.ACTIVE,
                    request_id=None,
                    review_reason=None,
                    last_error=None,
                )
            )
        else:
            reason = review.reason or "-"
            result.append(
                replace(
                    record,
                    state=ListingState.REJECTED,
                    request_id=None,
                    review_reason=reason,
                    last_error=_("rejected by the marketplace: {reason}").format(reason=reason),
                )
            )
    return result


def with_urls(records: list[ListingRecord], remote: Iterable[RemoteListing]) -> list[ListingRecord]:
    """Records whose listing URL was not known yet (approved requests) get it from the shop."""
    urls = {listing.remote_id: listing.url for listing in remote}
    return [
        replace(r, url=urls[r.remote_id])
        if r.remote_id in urls and r.url != urls[r.remote_id]
        else r
        for r in records
    ]
