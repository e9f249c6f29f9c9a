"""Voso's field mapping and envelope: ``ListingDraft`` → ProductInput JSON, Product → value,
error envelope → ``ocop.errors``. Change this module when the real contract differs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field

from ocop import answers
from ocop.answers import Answer, parse
from ocop.connector import ListingDraft, ListingStatus, RemoteListing
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
from ocop.i18n import N_, _

from .errors import DuplicateSku, ProductBanned

NAME = "voso"
STATUSES = {
    "active": ListingStatus.ACTIVE,
    "hidden": ListingStatus.INACTIVE,
    "banned": ListingStatus.BLOCKED,
}
AUTH_HINTS = {
    "error_auth": N_("the partner id is unknown or a signing parameter is missing"),
    "error_sign": N_("the signature was refused: check OCOP_VOSO_PARTNER_KEY"),
    "error_timestamp": N_(
        "the request's time is more than 5 minutes off: check the computer's clock"
    ),
    "error_permission": N_("the shop does not belong to this partner: check OCOP_VOSO_SHOP_ID"),
}


# the fields Voso names its own way and sends and answers as they are (contract §1.3)
FIELDS = FieldNames(
    {
        "sku": "sku",
        "title": "name",
        "description": "description",
        "category": "category_id",
        "price": "price",
        "list_price": "original_price",
        "stock": "stock",
        "unit": "unit",
        "shipping_weight_g": "weight_gram",
        "origin": "origin",
    }
)


def product_input(draft: ListingDraft, image_urls: Sequence[str]) -> dict[str, Any]:
    """The ProductInput for a create (every field; PATCH sends the same, minus nothing)."""
    ocop_stars = draft.ocop.stars if draft.ocop else None
    return FIELDS.body(draft, images=list(image_urls), ocop_stars=ocop_stars)


class Product(Answer):
    """A Product as GET/POST/PATCH answer it (contract §1.3)."""

    product_id: int
    sku: str
    name: str
    price: int
    stock: int
    status: str
    url: str = ""
    category_id: int | None = None
    original_price: int | None = None
    images: list[str] = Field(default_factory=list)
    ocop_stars: int | None = None
    description: str | None = None
    unit: str | None = None
    weight_gram: int | None = None
    origin: str | None = None


class ProductPage(Answer):
    """``GET /products``: one page."""

    items: list[Any]
    page: int
    page_size: int = Field(ge=1)
    total: int = Field(ge=0)


class ShopInfo(Answer):
    """``GET /shop``."""

    shop_id: int
    name: str
    url: str


class CategoryItem(Answer):
    """One node of ``GET /categories``."""

    category_id: int
    parent_id: int | None = None
    name: str
    leaf: bool


class Categories(Answer):
    items: list[CategoryItem]


class Uploaded(Answer):
    """``POST /images``."""

    image_id: str
    url: str


def remote_listing(product: Product) -> RemoteListing:
    """A Voso Product as the marketplace-neutral ``RemoteListing``."""
    return RemoteListing(
        remote_id=str(product.product_id),
        status=STATUSES.get(product.status, ListingStatus.BLOCKED),
        url=product.url,
        images=tuple(product.images),
        ocop_stars=product.ocop_stars,
        **FIELDS.read(product),
    )


def listed(item: Any, operation: str) -> RemoteListing:
    """One product of a list (``ocop.answers.listed``: an unreadable one fails its SKU)."""

    def read(found: Any) -> RemoteListing:
        return remote_listing(Product.model_validate(found))

    return answers.listed(item, read, ("product_id", "sku"), marketplace=NAME, operation=operation)


def envelope_error(status: int, body: dict[str, Any], remote_id: str | None) -> ConnectorError:
    """The ``ocop.errors`` class for a failed Voso envelope."""
    code = str(body.get("error"))
    message = str(body.get("message") or code)
    raw = body.get("data")
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if code in AUTH_HINTS:
        return AuthenticationError(NAME, f"{code}: {_(AUTH_HINTS[code])}")
    if code == "error_param":
        issue = FieldIssue(str(data.get("field", "?")), str(data.get("reason", "invalid")))
        return ValidationRejected(NAME, [issue], message)
    if code == "error_not_found":
        return NotFound(NAME, remote_id or "?")
    if code == "error_duplicate_sku":
        return DuplicateSku(str(data.get("product_id", "?")))
    if code == "error_banned":
        return ProductBanned(remote_id)
    if code == "error_rate_limit" or status == 429:
        return RateLimited(NAME, None)
    return PermanentError(NAME, f"{code} (HTTP {status}): {message}")


class Envelope(Answer):
    """Every JSON answer (contract §1.2); ``error`` empty on success."""

    error: str
    message: str | None = None
    data: Any = None


def read_envelope(
    status: int, body: Any, remote_id: str | None = None, operation: str = "?"
) -> Any:
    """``data`` of a successful envelope; raises the translated error otherwise."""
    if not isinstance(body, dict) or "error" not in body:
        raise MalformedAnswer(
            NAME, operation, _("no envelope (HTTP {status})").format(status=status)
        )
    envelope = parse(Envelope, body, marketplace=NAME, operation=operation)
    if envelope.error:
        raise envelope_error(status, body, remote_id)
    return envelope.data
