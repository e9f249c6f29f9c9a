"""Items in the sandbox Shopee: their documents, statuses and reviews, and their answers.

An item document holds what add_item/update_item set, the tier variation (``tier``: a list of
``{"name", "options"}``) and the ``models``. Statuses are Shopee's: NORMAL, UNLIST, REVIEWING,
BANNED, SELLER_DELETE, SHOPEE_DELETE. A new or edited item stays REVIEWING for
``Behaviour.review_s`` seconds (decided when next read), then takes the status asked for.
"""

from __future__ import annotations

import time
from typing import Any

from ocop_shopee.sandbox.gateway import Call, Refusal, ShopeeMarket
from ocop_shopee.sandbox.rules import CHANNEL_BY_ID
from ocop_shopee.sandbox.store import Doc

STATUSES = ("NORMAL", "BANNED", "UNLIST", "REVIEWING", "SELLER_DELETE", "SHOPEE_DELETE")
LIVE = ("NORMAL", "BANNED", "UNLIST", "REVIEWING")  # what a seller still sees in the shop
DELETED = frozenset({"SELLER_DELETE", "SHOPEE_DELETE"})
CONTENT = (
    "item_name", "description", "category_id", "weight", "dimension", "image", "brand",
    "attribute_list", "item_sku", "condition", "pre_order",
)  # fmt: skip


def settle(market: ShopeeMarket, doc: Doc) -> Doc:
    """The document with a review that is due decided (and saved)."""
    due = doc.get("review_until")
    if doc["item_status"] == "REVIEWING" and due is not None and time.time() >= due:
        doc["item_status"] = doc.pop("after_review", "NORMAL")
        doc.pop("review_until", None)
        market.db.save_item(doc)
    return doc


def send_to_review(market: ShopeeMarket, doc: Doc, wanted: str) -> None:
    """Put the item in REVIEWING when the sandbox reviews, else give it ``wanted`` at once."""
    if market.behaviour.review_s > 0 and wanted == "NORMAL":
        doc["item_status"] = "REVIEWING"
        doc["after_review"] = wanted
        doc["review_until"] = time.time() + market.behaviour.review_s
    else:
        doc["item_status"] = wanted


def owned(call: Call, item_id: Any, *, deleted: bool = False) -> Doc:
    """The shop's item ``item_id``; ``error_item_not_found`` when it is not (or is deleted)."""
    found = call.market.db.item(item_id) if isinstance(item_id, int) else None
    if found is None or found[0] != call.shop_id:
        raise Refusal("error_item_not_found", "Item_id is not found.")
    doc = settle(call.market, found[1])
    if not deleted and doc["item_status"] in DELETED:
        raise Refusal("error_item_not_found", "Item_id is not found.")
    return doc


def touch(doc: Doc) -> None:
    doc["update_time"] = int(time.time())


def image_urls(market: ShopeeMarket, ids: list[str]) -> list[str]:
    return [f"{market.storefront_url}/file/{i}" for i in ids]


def dimension(doc: Doc) -> dict[str, int]:
    given = doc.get("dimension") or {}
    return {k: int(given.get(k, 0)) for k in ("package_width", "package_length", "package_height")}


def prices(doc: Doc) -> list[float]:
    """The prices buyers see: the item's, or each model's."""
    if doc.get("models"):
        return [float(m["original_price"]) for m in doc["models"]]
    return [float(doc["original_price"])]


def stock_info(stock: int) -> dict[str, Any]:
    """``stock_info_v2`` for a stock held by the seller (no warehouses, nothing reserved)."""
    return {
        "summary_info": {"total_reserved_stock": 0, "total_available_stock": stock},
        "seller_stock": [{"location_id": "", "stock": stock, "if_saleable": True}],
    }


def _attributes(doc: Doc) -> list[dict[str, Any]]:
    return [
        {
            "attribute_id": a["attribute_id"],
            "attribute_value_list": a.get("attribute_value_list", []),
        }
        for a in doc.get("attribute_list", [])
    ]


def written(market: ShopeeMarket, doc: Doc, *, added: bool) -> dict[str, Any]:
    """The ``response`` of add_item (``added``) or update_item."""
    answer: dict[str, Any] = {
        "item_id": doc["item_id"],
        "item_name": doc["item_name"],
        "description": doc["description"],
        "category_id": doc["category_id"],
        "item_status": doc["item_status"],
        "weight": float(doc["weight"]),
        "pre_order": doc.get("pre_order") or {"days_to_ship": 2, "is_pre_order": False},
        "images": {
            "image_id_list": doc["image_id_list"],
            "image_url_list": image_urls(market, doc["image_id_list"]),
        },
        "dimension": dimension(doc),
        "condition": doc.get("condition", "NEW"),
        "brand": doc["brand"],
    }
    channels = doc["logistic_info"]
    if added:
        price = prices(doc)[0]
        answer["price_info"] = {"current_price": price, "original_price": price}
        answer["attribute"] = _attributes(doc)
        answer["logistic_info"] = [
            {
                "size_id": 0,
                "shipping_fee": 0.0,
                "enabled": c["enabled"],
                "logistic_id": c["logistic_id"],
                "is_free": False,
            }
            for c in channels
        ]
    else:
        answer["logistic_info"] = [
            {"estimated_shipping_fee": 15_000.0, "logistic_name": _channel_name(c["logistic_id"]),
             "enabled": c["enabled"], "logistic_id": c["logistic_id"], "is_free": False}
            for c in channels
        ]  # fmt: skip
    return answer


def _channel_name(channel_id: int) -> str:
    channel = CHANNEL_BY_ID.get(channel_id)
    return channel.name if channel else str(channel_id)


def _channels(doc: Doc) -> list[dict[str, Any]]:
    return [
        {
            "logistic_id": c["logistic_id"],
            "logistic_name": _channel_name(c["logistic_id"]),
            "enabled": c["enabled"],
            "is_free": False,
        }
        for c in doc["logistic_info"]
    ]


def base_info(market: ShopeeMarket, doc: Doc) -> dict[str, Any]:
    """One entry of get_item_base_info's ``item_list``."""
    has_model = bool(doc.get("models"))
    entry: dict[str, Any] = {
        "item_id": doc["item_id"],
        "category_id": doc["category_id"],
        "item_name": doc["item_name"],
        "description": doc["description"],
        "description_type": "normal",
        "item_sku": doc.get("item_sku", ""),
        "create_time": doc["create_time"],
        "update_time": doc["update_time"],
        "attribute_list": [
            {**a, "original_attribute_name": str(a["attribute_id"]), "is_mandatory": False}
            for a in _attributes(doc)
        ],
        "image": {
            "image_url_list": image_urls(market, doc["image_id_list"]),
            "image_id_list": doc["image_id_list"],
        },
        "weight": f"{float(doc['weight']):g}",
        "dimension": dimension(doc),
        "logistic_info": _channels(doc),
        "pre_order": doc.get("pre_order") or {"days_to_ship": 2, "is_pre_order": False},
        "condition": doc.get("condition", "NEW"),
        "item_status": doc["item_status"],
        "has_model": has_model,
        "brand": doc["brand"],
        "item_dangerous": 0,
    }
    if not has_model:
        price = float(doc["original_price"])
        entry["price_info"] = [{"currency": "VND", "original_price": price, "current_price": price}]
        entry["stock_info_v2"] = stock_info(int(doc.get("stock", 0)))
    return entry


def shop_items(call: Call, statuses: tuple[str, ...]) -> list[Doc]:
    """The shop's items in ``statuses`` (reviews that are due decided first)."""
    market = call.market
    return [
        doc
        for doc in (settle(market, d) for d in market.db.items(call.shop_id, STATUSES))
        if doc["item_status"] in statuses
    ]
