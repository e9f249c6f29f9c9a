"""Voso products as stored: creation, updates, status changes and the resource shape."""

from __future__ import annotations

from typing import Any

from ocop.sandbox.wire import now_iso
from ocop.slug import slugify

from . import rules as voso_rules
from .accounts import VOSO_SHOPS
from .data import Products

STATUSES = ("active", "hidden", "banned")
# A refusal: ("param", (field, reason)) | ("duplicate", product_id) | ("banned", None)
Refusal = tuple[str, Any]


def product_path(product_id: int, name: str) -> str:
    """The canonical storefront path of a product."""
    return f"/{slugify(name)}-p{product_id}.html"


def shop_path(shop_id: int) -> str:
    """The canonical storefront path of a shop."""
    return f"/{slugify(VOSO_SHOPS[shop_id])}-s{shop_id}"


def shop_url(storefront_url: str, shop_id: int) -> str:
    """The absolute storefront URL of a shop."""
    return storefront_url + shop_path(shop_id)


def as_resource(storefront_url: str, product_id: int, doc: dict[str, Any]) -> dict[str, Any]:
    """The Product as the API returns it."""
    url = storefront_url + product_path(product_id, doc["name"])
    ordered = {name: doc.get(name) for name in voso_rules.FIELD_ORDER}
    return {"product_id": product_id, **ordered, **doc, "url": url}


def create(products: Products, shop_id: int, body: dict[str, Any]) -> int | Refusal:
    """Validate and store a new product; its id, or the refusal."""
    problem = voso_rules.first_problem(body, tree=products.categories)
    if problem is not None:
        return "param", problem
    existing = products.with_sku(shop_id, body["sku"])
    if existing is not None:
        return "duplicate", existing
    stamp = now_iso()
    doc = {
        "original_price": None,
        "ocop_stars": None,
        **voso_rules.normalised(body),
        "status": "active",
        "created_at": stamp,
        "updated_at": stamp,
    }
    return products.insert(shop_id, doc)


def update(
    products: Products, shop_id: int, product_id: int, body: dict[str, Any]
) -> Refusal | None:
    """Validate and apply a PATCH; None when applied."""
    found = products.get(product_id)
    assert found is not None
    doc = found[1]
    problem = voso_rules.first_problem(body, current=doc, tree=products.categories)
    if problem is not None:
        return "param", problem
    if "sku" in body and body["sku"] != doc["sku"]:
        existing = products.with_sku(shop_id, body["sku"])
        if existing is not None:
            return "duplicate", existing
    doc.update(voso_rules.normalised(body))
    doc["updated_at"] = now_iso()
    products.update(product_id, doc)
    return None


def set_status(products: Products, product_id: int, status: str) -> None:
    """Change a product's status (unlist, or the sandbox's moderation helpers)."""
    found = products.get(product_id)
    assert found is not None
    doc = found[1]
    doc["status"] = status
    doc["updated_at"] = now_iso()
    products.update(product_id, doc)
