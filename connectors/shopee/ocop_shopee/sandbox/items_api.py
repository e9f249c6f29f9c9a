"""The sandbox's item calls: add, update, delete, (un)list, list, read and search items."""

from __future__ import annotations

import base64
import time
from typing import Any

from ocop.sandbox.wire import Response
from ocop_shopee.sandbox import rules
from ocop_shopee.sandbox.gateway import Call, Refusal, answer, page_of, within
from ocop_shopee.sandbox.items import (
    CONTENT,
    LIVE,
    STATUSES,
    base_info,
    owned,
    send_to_review,
    shop_items,
    touch,
    written,
)
from ocop_shopee.sandbox.world import LIMITS


def add_item(call: Call) -> Response:
    """product.add_item: a new item without models (models come with init_tier_variation)."""
    values = call.values
    wanted = values.get("item_status", "NORMAL")
    if wanted not in ("NORMAL", "UNLIST"):
        raise Refusal(
            "error_param", "Wrong parameters, detail: invalid field item_status: invalid."
        )
    rules.check_content(call.market, values, complete=True)
    brand = rules.check_brand(values["category_id"], values.get("brand"))
    stock = rules.check_stock(values.get("seller_stock", []))
    if len(shop_items(call, LIVE)) >= LIMITS.item_count:
        raise Refusal("error_reach_shop_item_limit", "Item published item count reaches limit.")
    now = int(time.time())
    doc: dict[str, Any] = {
        **{k: values[k] for k in CONTENT if k in values and k != "image"},
        "item_sku": values.get("item_sku", ""),
        "image_id_list": list(values["image"]["image_id_list"]),
        "brand": brand,
        "logistic_info": values["logistic_info"],
        "original_price": values["original_price"],
        "stock": stock,
        "tier": [],
        "models": [],
        "create_time": now,
        "update_time": now,
    }
    send_to_review(call.market, doc, wanted)
    call.market.db.insert_item(call.shop_id, doc)
    return answer(call.endpoint, written(call.market, doc, added=True))


def update_item(call: Call) -> Response:
    """product.update_item: any documented subset; the result is checked as a whole."""
    values = call.values
    doc = owned(call, values["item_id"])
    merged = {**doc, **{k: v for k, v in values.items() if k in CONTENT}}
    if "image" in values:
        merged["image_id_list"] = list(values["image"]["image_id_list"])
    checked = {**merged, "image": {"image_id_list": merged["image_id_list"]}}
    rules.check_content(call.market, checked, complete=True)
    merged["brand"] = rules.check_brand(merged["category_id"], values.get("brand", doc["brand"]))
    merged.pop("image", None)
    wanted = values.get("item_status")
    if wanted is not None and wanted not in ("NORMAL", "UNLIST"):
        raise Refusal(
            "error_param", "Wrong parameters, detail: invalid field item_status: invalid."
        )
    if doc["item_status"] in ("NORMAL", "UNLIST"):
        send_to_review(call.market, merged, wanted or doc["item_status"])
    touch(merged)
    call.market.db.save_item(merged)
    return answer(call.endpoint, written(call.market, merged, added=False))


def delete_item(call: Call) -> Response:
    """product.delete_item: the item becomes SELLER_DELETE."""
    doc = owned(call, call.values["item_id"])
    doc["item_status"] = "SELLER_DELETE"
    touch(doc)
    call.market.db.save_item(doc)
    return answer(call.endpoint)


def _unlist_one(call: Call, entry: dict[str, Any]) -> str | None:
    """Why this item could not be (un)listed, or None once done."""
    try:
        doc = owned(call, entry["item_id"])
    except Refusal:
        return "Item_id is not found."
    if doc["item_status"] in ("BANNED", "REVIEWING"):
        return "Banned and Reviewing Products cannot be delisted"
    doc["item_status"] = "UNLIST" if entry["unlist"] else "NORMAL"
    touch(doc)
    call.market.db.save_item(doc)
    return None


def unlist_item(call: Call) -> Response:
    """product.unlist_item: per-item outcomes in failure_list / success_list."""
    entries = call.values["item_list"]
    within("item_list", entries, 1, 50)
    failures, successes = [], []
    for entry in entries:
        reason = _unlist_one(call, entry)
        if reason is None:
            successes.append({"item_id": entry["item_id"], "unlist": entry["unlist"]})
        else:
            failures.append({"item_id": entry["item_id"], "failed_reason": reason})
    return answer(call.endpoint, {"failure_list": failures, "success_list": successes})


def _statuses(values: list[str]) -> tuple[str, ...]:
    if not values or any(s not in STATUSES for s in values):
        raise Refusal("error_param_item_status", "Item status error.")
    return tuple(values)


def get_item_list(call: Call) -> Response:
    """product.get_item_list: ids and statuses, ordered by id, offset paging."""
    values = call.values
    offset, size = values["offset"], values["page_size"]
    if offset < 0:
        raise Refusal(
            "error_param", "Wrong parameters, detail: invalid field offset: out_of_range."
        )
    start, end = values.get("update_time_from"), values.get("update_time_to")
    if start is not None and end is not None and end < start:
        raise Refusal(
            "error_update_time_range", "Update_time_to should be later than update_time_from."
        )
    docs = [
        d for d in shop_items(call, _statuses(values["item_status"]))
        if (start is None or d["update_time"] >= start) and (end is None or d["update_time"] <= end)
    ]  # fmt: skip
    page, paging = page_of(docs, offset, size)
    items = [
        {"item_id": d["item_id"], "item_status": d["item_status"], "update_time": d["update_time"]}
        for d in page
    ]
    return answer(call.endpoint, {"item": items, "total_count": len(docs), **paging})


def get_item_base_info(call: Call) -> Response:
    """product.get_item_base_info: the items found among up to 50 ids (others are skipped)."""
    ids = call.values["item_id_list"]
    if len(ids) > 50:
        raise Refusal("error_query_over_itemid_size", "Interal error, please contact openapi team.")
    found = []
    for item_id in ids:
        try:
            found.append(base_info(call.market, owned(call, item_id, deleted=True)))
        except Refusal:
            continue
    return answer(call.endpoint, {"item_list": found})


def get_item_extra_info(call: Call) -> Response:
    """product.get_item_extra_info: no buyers in the sandbox, so all counts are zero."""
    items = []
    for item_id in call.values["item_id_list"]:
        owned(call, item_id, deleted=True)
        items.append(
            {
                "item_id": item_id,
                "sale": 0,
                "views": 0,
                "likes": 0,
                "rating_star": 0.0,
                "comment_count": 0,
            }
        )
    return answer(call.endpoint, {"item_list": items})


def _cursor(offset: str) -> int:
    if not offset:
        return 0
    try:
        return int(base64.urlsafe_b64decode(offset.encode()).decode())
    except ValueError:
        raise Refusal(
            "error_param", "Wrong parameters, detail: invalid field offset: invalid."
        ) from None


def search_item(call: Call) -> Response:
    """product.search_item: by item_sku or item_name, as a case-insensitive substring (a
    client must compare the SKU itself); an opaque string cursor."""
    values = call.values
    sku, name = values.get("item_sku"), values.get("item_name")
    if sku is None and name is None and "attribute_status" not in values:
        raise Refusal("error_param", "request must set one of [item_name,attribute_status]")
    statuses = _statuses(values["item_status"]) if "item_status" in values else LIVE
    docs = shop_items(call, statuses)
    if sku is not None:  # item_sku wins over item_name (the table's description)
        docs = [d for d in docs if sku.casefold() in d.get("item_sku", "").casefold()]
    elif name is not None:
        docs = [d for d in docs if name.casefold() in d["item_name"].casefold()]
    start, size = _cursor(values.get("offset", "")), values["page_size"]
    page = docs[start : start + size]
    more = start + size < len(docs)
    token = base64.urlsafe_b64encode(str(start + size).encode()).decode() if more else ""
    result = {
        "item_id_list": [d["item_id"] for d in page],
        "total_count": len(docs),
        "next_offset": token,
    }
    return answer(call.endpoint, result)


HANDLERS = {
    "product.add_item": add_item,
    "product.update_item": update_item,
    "product.delete_item": delete_item,
    "product.unlist_item": unlist_item,
    "product.get_item_list": get_item_list,
    "product.get_item_base_info": get_item_base_info,
    "product.get_item_extra_info": get_item_extra_info,
    "product.search_item": search_item,
}
