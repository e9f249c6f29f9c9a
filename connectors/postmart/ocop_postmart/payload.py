"""Postmart's field mapping and envelope: ``ListingDraft`` → ListingInput JSON, Listing → value,
error envelope → ``ocop.errors``. Change this module when the real contract differs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ocop.connector import ListingDraft, ListingStatus, RemoteListing, Review, ReviewState
from ocop.errors import (
    AuthenticationError,
    ConnectorError,
    FieldIssue,
    NotFound,
    PermanentError,
    RateLimited,
    ValidationRejected,
)
from ocop.i18n import _

from .errors import NAME, ListingSuspended, PriceChangeTooLarge, TokenExpired

STATUSES = {
    "active": ListingStatus.ACTIVE,
    "inactive": ListingStatus.INACTIVE,
    "suspended": ListingStatus.BLOCKED,
}


def listing_input(draft: ListingDraft, image_urls: Sequence[str]) -> dict[str, Any]:
    """The full ListingInput (a PUT replaces everything, so every field is always sent)."""
    claim = draft.ocop
    ocop = (
        {
            "stars": claim.stars,
            "certificate_no": claim.certificate_no,
            "valid_until": claim.valid_until.isoformat(),
        }
        if claim is not None and claim.certificate_no  # Postmart needs the decision number
        else None
    )
    return {
        "seller_sku": draft.sku,
        "title": draft.title,
        "description": draft.description,
        "category_code": draft.category,
        "price": draft.price,
        "list_price": draft.list_price,
        "stock": draft.stock,
        "unit": draft.unit,
        "net_weight_g": draft.net_weight_g,
        "shipping_weight_g": draft.shipping_weight_g,
        "images": list(image_urls),
        "ocop": ocop,
        "origin_province": draft.origin,
    }


def remote_listing(item: dict[str, Any]) -> RemoteListing:
    """A Postmart Listing as the marketplace-neutral ``RemoteListing``."""
    ocop = item.get("ocop")
    return RemoteListing(
        remote_id=item["listing_id"],
        sku=item["seller_sku"],
        title=item["title"],
        price=item["price"],
        stock=item["stock"],
        status=STATUSES.get(item.get("status", ""), ListingStatus.BLOCKED),
        url=item.get("url", ""),
        category=item.get("category_code"),
        list_price=item.get("list_price"),
        images=tuple(item.get("images") or ()),
        ocop_stars=ocop.get("stars") if isinstance(ocop, dict) else None,
        pending_changes=bool(item.get("pending_changes")),
    )


def review(data: dict[str, Any]) -> Review:
    """A listing request's state."""
    return Review(
        request_id=data["request_id"],
        state=ReviewState(data["state"]),
        remote_id=data.get("listing_id"),
        reason=data.get("reason"),
    )


def _issues(body: dict[str, Any]) -> list[FieldIssue]:
    details = body.get("details") or []
    return [
        FieldIssue(str(d.get("field", "?")), str(d.get("issue", "invalid")))
        for d in details
        if isinstance(d, dict)
    ]


def code_error(
    code: int, message: str, remote_id: str | None, body: dict[str, Any]
) -> ConnectorError:
    """The ``ocop.errors`` class for a Postmart error code (envelope or batch item)."""
    if code == 40100:
        return AuthenticationError(
            NAME, _("credentials refused: check OCOP_POSTMART_CLIENT_ID and _CLIENT_SECRET")
        )
    if code == 40101:
        return TokenExpired()
    if code == 42201:
        issues = _issues(body) or [FieldIssue("ocop.valid_until", "expired")]
        return ValidationRejected(NAME, issues, message)
    if code == 42200:
        return ValidationRejected(NAME, _issues(body), message)
    if code == 40400:
        return NotFound(NAME, remote_id or "?")
    if code == 40900:
        return ListingSuspended(remote_id)
    if code == 40010:
        return PriceChangeTooLarge(remote_id)
    if code == 42900:
        return RateLimited(NAME, None)
    return PermanentError(NAME, f"{code}: {message}")


def read_envelope(status: int, body: Any, remote_id: str | None = None) -> Any:
    """``data`` of a successful envelope; raises the translated error otherwise."""
    if not isinstance(body, dict) or "code" not in body:
        raise PermanentError(
            NAME, _("unexpected answer (HTTP {status}, no envelope)").format(status=status)
        )
    if body["code"] != 0:
        raise code_error(int(body["code"]), str(body.get("message", "")), remote_id, body)
    return body.get("data")
