"""Postmart's field mapping and envelope: ``ListingDraft`` → ListingInput JSON, Listing → value,
error envelope → ``ocop.errors``. Change this module when the real contract differs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from ocop import answers
from ocop.answers import Answer, parse
from ocop.connector import ListingDraft, ListingStatus, RemoteListing, Review, ReviewState
from ocop.connector_kit import FieldNames
from ocop.errors import (
    AuthenticationError,
    ConnectorError,
    FieldIssue,
    MalformedAnswer,
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


# the fields Postmart names its own way and sends and answers as they are (contract §2.3)
FIELDS = FieldNames(
    {
        "sku": "seller_sku",
        "title": "title",
        "description": "description",
        "category": "category_code",
        "price": "price",
        "list_price": "list_price",
        "stock": "stock",
        "unit": "unit",
        "shipping_weight_g": "shipping_weight_g",
        "origin": "origin_province",
    }
)


def listing_input(draft: ListingDraft, image_urls: Sequence[str]) -> dict[str, Any]:
    """The full ListingInput (a PUT replaces everything, so every field is always sent); the
    net weight is sent, not answered."""
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
    return FIELDS.body(draft, net_weight_g=draft.net_weight_g, images=list(image_urls), ocop=ocop)


class Badge(Answer):
    stars: int
    certificate_no: str | None = None
    valid_until: str | None = None


class Listing(Answer):
    """A Listing as the API answers it (contract §2.3)."""

    listing_id: str
    seller_sku: str
    title: str
    price: int
    stock: int
    status: str
    url: str = ""
    category_code: str | None = None
    list_price: int | None = None
    images: list[str] = Field(default_factory=list)
    ocop: Badge | None = None
    pending_changes: bool = False
    description: str | None = None
    unit: str | None = None
    shipping_weight_g: int | None = None
    origin_province: str | None = None


class ListingPage(Answer):
    """``GET /listings``: one page and the cursor of the next."""

    items: list[Any]
    next_cursor: str | None = None


class StoreInfo(Answer):
    """``GET /store``."""

    store_id: str
    name: str
    url: str


class CategoryItem(Answer):
    code: str
    name: str


class Categories(Answer):
    """``GET /categories``: a flat list."""

    items: list[CategoryItem]


class Media(Answer):
    """``POST /media``."""

    media_id: str
    url: str


class Accepted(Answer):
    """``POST /listings`` and ``PUT /listings/{id}``: a review request."""

    request_id: str
    listing_id: str | None = None


class RequestState(Answer):
    """``GET /listing-requests/{id}``."""

    request_id: str
    state: Literal["pending_review", "approved", "rejected"]
    listing_id: str | None = None
    reason: str | None = None


class OfferItem(Answer):
    listing_id: str
    ok: bool
    code: int | None = None
    message: str | None = None


class OfferResults(Answer):
    """``POST /listings/offers:batchUpdate``: one result per offer."""

    results: list[OfferItem]


def remote_listing(item: Listing) -> RemoteListing:
    """A Postmart Listing as the marketplace-neutral ``RemoteListing``."""
    return RemoteListing(
        remote_id=item.listing_id,
        status=STATUSES.get(item.status, ListingStatus.BLOCKED),
        url=item.url,
        images=tuple(item.images),
        ocop_stars=item.ocop.stars if item.ocop else None,
        pending_changes=item.pending_changes,
        **FIELDS.read(item),
    )


def listed(item: Any, operation: str) -> RemoteListing:
    """One listing of a list (``ocop.answers.listed``: an unreadable one fails its SKU)."""

    def read(found: Any) -> RemoteListing:
        return remote_listing(Listing.model_validate(found))

    return answers.listed(
        item, read, ("listing_id", "seller_sku"), marketplace=NAME, operation=operation
    )


def review(data: RequestState) -> Review:
    """A listing request's state."""
    return Review(
        request_id=data.request_id,
        state=ReviewState(data.state),
        remote_id=data.listing_id,
        reason=data.reason,
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


class Envelope(Answer):
    """Every JSON answer but the token's (contract §2.2); ``code`` 0 on success."""

    code: int
    message: str | None = None
    data: Any = None


def read_envelope(
    status: int, body: Any, remote_id: str | None = None, operation: str = "?"
) -> Any:
    """``data`` of a successful envelope; raises the translated error otherwise."""
    if not isinstance(body, dict) or "code" not in body:
        raise MalformedAnswer(
            NAME, operation, _("no envelope (HTTP {status})").format(status=status)
        )
    envelope = parse(Envelope, body, marketplace=NAME, operation=operation)
    if envelope.code != 0:
        raise code_error(envelope.code, envelope.message or "", remote_id, body)
    return envelope.data
