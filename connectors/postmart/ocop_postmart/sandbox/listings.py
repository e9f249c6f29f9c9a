"""Postmart listings as stored: moderation requests, approval, offers and status changes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ocop.sandbox.market import Market
from ocop.sandbox.wire import is_decimal, now_iso
from ocop.slug import slugify

from .data import PostmartData
from .rules import FIELDS

STATUSES = ("active", "inactive", "suspended")


@dataclass
class Moderation:
    """How the sandbox's moderator decides: after ``delay_s``, rejecting titles with a word."""

    delay_s: float = 0.0
    reject_title_words: list[str] = field(default_factory=list)

    def verdict(self, payload: dict[str, Any]) -> str | None:
        """The rejection reason for a request, or None to approve it."""
        title = str(payload.get("title", "")).casefold()
        for word in self.reject_title_words:
            if word.casefold() in title:
                return f"Tiêu đề chứa từ không được phép: {word}"
        return None


@dataclass
class PostmartMarket(Market):
    """Postmart's shared state: the common parts plus its moderator and its tables."""

    moderation: Moderation = field(default_factory=Moderation)
    data: PostmartData = field(kw_only=True)
    categories: Mapping[str, str] = field(kw_only=True)  # the list it serves, code → name


def listing_id(num: int) -> str:
    """``PM-`` and at least six digits."""
    return f"PM-{num:06d}"


def listing_num(raw_id: str) -> int | None:
    """The number inside a listing id, or None when it is not one."""
    digits = raw_id.removeprefix("PM-")
    return (
        int(digits)
        if raw_id.startswith("PM-") and len(digits) >= 6 and is_decimal(digits)
        else None
    )


def product_path(num: int, title: str) -> str:
    """The canonical storefront path of a listing."""
    return f"/p/{slugify(title)}-{num}.html"


def as_resource(storefront_url: str, num: int, doc: dict[str, Any]) -> dict[str, Any]:
    """The Listing as the API returns it."""
    url = storefront_url + product_path(num, doc["title"])
    ordered = {name: doc.get(name) for name in FIELDS}
    return {"listing_id": listing_id(num), **ordered, **doc, "url": url}


def submit(
    market: PostmartMarket, store_id: str, payload: dict[str, Any], num: int | None
) -> dict[str, Any]:
    """File a moderation request (a create when ``num`` is None, else a replacement)."""
    request = {
        "request_id": f"req_{uuid.uuid4().hex[:16]}",
        "state": "pending_review",
        "listing_id": None if num is None else listing_id(num),
        "reason": None,
        "store_id": store_id,
        "payload": payload,
        "submitted_at": time.time(),
    }
    market.data.add_request(request)
    if num is not None:
        _set_pending(market, num)
    return request


def moderate_due(market: PostmartMarket) -> None:
    """Decide every request whose review time has come (called on each request)."""
    for request in market.data.pending_requests(time.time() - market.moderation.delay_s):
        reason = market.moderation.verdict(request["payload"])
        if reason is not None:
            request.update(state="rejected", reason=reason)
        else:
            request["state"] = "approved"
            request["listing_id"] = _apply(market, request)
        market.data.update_request(request)
        if request["listing_id"] is not None:
            _set_pending(market, listing_num(request["listing_id"]) or 0)


def _apply(market: PostmartMarket, request: dict[str, Any]) -> str:
    payload = request["payload"]
    if request["listing_id"] is None:
        doc = {**payload, "status": "active", "pending_changes": False, "updated_at": now_iso()}
        return listing_id(market.data.insert_listing(request["store_id"], doc))
    num = listing_num(request["listing_id"])
    assert num is not None
    found = market.data.listing(num)
    assert found is not None
    doc = found[1]
    # a full replacement: the request's price and stock win over any batch change meanwhile
    doc.update(payload)
    doc["updated_at"] = now_iso()
    market.data.update_listing(num, doc)
    return str(request["listing_id"])


def _set_pending(market: PostmartMarket, num: int) -> None:
    found = market.data.listing(num)
    if found is None:
        return
    pending = market.data.has_pending_request(listing_id(num))
    doc = found[1]
    if doc["pending_changes"] != pending:
        doc["pending_changes"] = pending
        market.data.update_listing(num, doc)


def set_status(market: PostmartMarket, num: int, status: str) -> dict[str, Any]:
    """Change a listing's status; returns the stored document."""
    found = market.data.listing(num)
    assert found is not None
    doc = found[1]
    doc["status"] = status
    doc["updated_at"] = now_iso()
    market.data.update_listing(num, doc)
    return doc


def offer_failure(doc: dict[str, Any] | None, offer: dict[str, Any]) -> tuple[int, str] | None:
    """(code, message) when one batch offer must fail, else None (contract §2.4)."""
    if doc is None:
        return 40400, "listing_not_found"
    price, stock = offer.get("price"), offer.get("stock")
    if price is None and stock is None:
        return 42200, "price or stock required"
    if stock is not None and (not _is_int(stock) or not 0 <= stock <= 100_000):
        return 42200, "stock out_of_range"
    if price is None:
        return None
    if not _is_int(price) or not 1_000 <= price <= 500_000_000:
        return 42200, "price out_of_range"
    if doc.get("list_price") is not None and price > doc["list_price"]:
        return 42200, "price above list_price"
    if abs(price - doc["price"]) * 2 > doc["price"]:
        return 40010, "price_change_too_large"
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
