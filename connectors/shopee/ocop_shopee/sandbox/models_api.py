"""The sandbox's model calls: tier variations, models, and price and stock per model.

An item gets models with init_tier_variation (at most two tiers, options unique per tier, at
most 50 models); add_model adds models for existing option indexes; update_tier_variation
replaces the variations and re-maps models; delete_model removes one (never the last).
Price and stock change per model with update_price / update_stock (model_id 0 for an item
without models), each answering per model in failure_list / success_list.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from ocop.sandbox.wire import Response
from ocop_shopee.sandbox import rules
from ocop_shopee.sandbox.gateway import Call, Refusal, answer, within
from ocop_shopee.sandbox.items import owned, stock_info, touch
from ocop_shopee.sandbox.store import Doc
from ocop_shopee.sandbox.world import LIMITS

MAX_MODELS = 50


def _tiers(variations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sandbox's tiers from ``standardise_tier_variation`` (names and options checked)."""
    if not 1 <= len(variations) <= 2:
        raise Refusal("error_param", "The level of tier-variation over 2.")
    tiers = []
    for variation in variations:
        name = str(variation.get("variation_name", "")).strip()
        options = [
            str(o.get("variation_option_name", "")).strip()
            for o in variation["variation_option_list"]
        ]
        if not LIMITS.tier_name[0] <= len(name) <= LIMITS.tier_name[1]:
            raise Refusal(
                "error_tier_var_name_too_long",
                f"tier variation name {name!r} length is out of range",
            )
        if not options or any(
            not LIMITS.tier_option[0] <= len(o) <= LIMITS.tier_option[1] for o in options
        ):
            raise Refusal(
                "error_tier_opt_val_too_long", "tier variation option length is out of range"
            )
        if len(set(options)) != len(options):
            raise Refusal("error_model_duplicate_name", "Item tier_variation have duplicate name.")
        tiers.append({"name": name, "options": options})
    if len(list(product(*(t["options"] for t in tiers)))) > MAX_MODELS:
        raise Refusal(
            "error_model_count_over_limit",
            "The count of model is too large. Should be under 20 (50 for TW)",
        )
    return tiers


def _check_index(tiers: list[dict[str, Any]], index: list[int]) -> tuple[int, ...]:
    if len(index) != len(tiers) or any(
        not 0 <= i < len(t["options"]) for i, t in zip(index, tiers, strict=False)
    ):
        raise Refusal("error_model_tier_index_bound", "Invalid item iter_index.")
    return tuple(index)


def _new_model(call: Call, tiers: list[dict[str, Any]], raw: dict[str, Any]) -> dict[str, Any]:
    rules.check_price(raw["original_price"])
    return {
        "model_id": call.market.db.next_model_id(),
        "model_sku": raw.get("model_sku", ""),
        "tier_index": list(_check_index(tiers, raw["tier_index"])),
        "original_price": raw["original_price"],
        "stock": rules.check_stock(raw["seller_stock"]),
    }


def _created(model: dict[str, Any]) -> dict[str, Any]:
    return {
        "tier_index": model["tier_index"],
        "model_id": model["model_id"],
        "model_sku": model["model_sku"],
        "price_info": [{"original_price": float(model["original_price"])}],
        "seller_stock": [{"location_id": "", "stock": model["stock"]}],
    }


def _tier_answer(tiers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"name": t["name"], "option_list": [{"option": o} for o in t["options"]]} for t in tiers
    ]


def _save(call: Call, doc: Doc) -> None:
    touch(doc)
    call.market.db.save_item(doc)


def init_tier_variation(call: Call) -> Response:
    """product.init_tier_variation: an item without models gets its variations and models."""
    values = call.values
    doc = owned(call, values["item_id"])
    if doc["tier"]:
        raise Refusal("error_param", "The level of tier-variation not change.")
    if "standardise_tier_variation" not in values:
        raise Refusal(
            "error_param",
            "Wrong parameters, detail: invalid field standardise_tier_variation: missing.",
        )
    tiers = _tiers(values["standardise_tier_variation"])
    models = [_new_model(call, tiers, raw) for raw in values["model"]]
    if len({tuple(m["tier_index"]) for m in models}) != len(models):
        raise Refusal(
            "error_model_duplicate_tier_variation_index", "Item have duplicate tier_index."
        )
    if not models or len(models) > MAX_MODELS:
        raise Refusal(
            "error_model_count_over_limit",
            "The count of model is too large. Should be under 20 (50 for TW)",
        )
    doc["tier"], doc["models"] = tiers, models
    _save(call, doc)
    body = {
        "item_id": doc["item_id"],
        "tier_variation": _tier_answer(tiers),
        "model": [_created(m) for m in models],
    }
    return answer(call.endpoint, body)


def add_model(call: Call) -> Response:
    """product.add_model: models for option indexes the tiers already have."""
    values = call.values
    doc = owned(call, values["item_id"])
    if not doc["tier"]:
        raise Refusal(
            "error_param",
            "Item without tier_variation. Please use init_tier_variation api to upgrade the structure.",
        )
    added = [_new_model(call, doc["tier"], raw) for raw in values["model_list"]]
    taken = {tuple(m["tier_index"]) for m in doc["models"]}
    fresh = [tuple(m["tier_index"]) for m in added]
    if len(set(fresh)) != len(fresh) or taken & set(fresh):
        raise Refusal("error_param", "Model tier_index error.")
    if len(doc["models"]) + len(added) > MAX_MODELS:
        raise Refusal(
            "error_model_count_over_limit",
            "The count of model is too large. Should be under 20 (50 for TW)",
        )
    doc["models"] = doc["models"] + added
    _save(call, doc)
    return answer(call.endpoint, {"model": [_created(m) for m in added]})


def update_tier_variation(call: Call) -> Response:
    """product.update_tier_variation: new variations; listed models get new tier indexes."""
    values = call.values
    doc = owned(call, values["item_id"])
    if not doc["tier"] or "standardise_tier_variation" not in values:
        raise Refusal(
            "error_param",
            "Wrong parameters, detail: invalid field standardise_tier_variation: missing.",
        )
    tiers = _tiers(values["standardise_tier_variation"])
    moves = {m["model_id"]: m["tier_index"] for m in values.get("model_list", [])}
    if set(moves) - {m["model_id"] for m in doc["models"]}:
        raise Refusal("error_wrong_modelid", "Wrong model_id.")
    for model in doc["models"]:
        model["tier_index"] = list(
            _check_index(tiers, moves.get(model["model_id"], model["tier_index"]))
        )
    if len({tuple(m["tier_index"]) for m in doc["models"]}) != len(doc["models"]):
        raise Refusal(
            "error_model_duplicate_tier_variation_index", "Item have duplicate tier_index."
        )
    doc["tier"] = tiers
    _save(call, doc)
    return answer(call.endpoint)


def _model(doc: Doc, model_id: Any) -> dict[str, Any] | None:
    return next((m for m in doc["models"] if m["model_id"] == model_id), None)


def delete_model(call: Call) -> Response:
    """product.delete_model (the last model is kept: delete the item instead)."""
    doc = owned(call, call.values["item_id"])
    model = _model(doc, call.values["model_id"])
    if model is None:
        raise Refusal("error_param", "Model_id and item_id not match.")
    if len(doc["models"]) == 1:
        raise Refusal("error_param", "Wrong parameters, detail: the last model cannot be deleted.")
    doc["models"] = [m for m in doc["models"] if m is not model]
    _save(call, doc)
    return answer(call.endpoint)


def update_model(call: Call) -> Response:
    """product.update_model: the seller SKU (and weight) of listed models."""
    doc = owned(call, call.values["item_id"])
    for change in call.values["model"]:
        model = _model(doc, change["model_id"])
        if model is None:
            raise Refusal("error_model_invalid_model_id", "Invalid model_id.")
        model["model_sku"] = change["model_sku"]
    _save(call, doc)
    return answer(call.endpoint)


def get_model_list(call: Call) -> Response:
    """product.get_model_list: the tiers and every model with its price and stock."""
    doc = owned(call, call.values["item_id"])
    models = [
        {
            "model_id": m["model_id"],
            "model_sku": m["model_sku"],
            "tier_index": m["tier_index"],
            "promotion_id": 0,
            "has_promotion": False,
            "model_status": "MODEL_NORMAL",
            "price_info": [_price(m["original_price"])],
            "stock_info_v2": stock_info(m["stock"]),
        }
        for m in doc["models"]
    ]
    return answer(call.endpoint, {"tier_variation": _tier_answer(doc["tier"]), "model": models})


def _price(value: float) -> dict[str, Any]:
    price = float(value)
    return {
        "currency": "VND",
        "current_price": price,
        "original_price": price,
        "inflated_price_of_original_price": price,
        "inflated_price_of_current_price": price,
    }


def _targets(call: Call, entries: list[dict[str, Any]], key: str) -> tuple[Doc, list[int]]:
    doc = owned(call, call.values["item_id"])
    if doc["item_status"] == "BANNED":
        raise Refusal(
            "error_item_uneditable", "Can't edit this item. item status can not support editing."
        )
    within(key, entries, 1, 50)
    ids = [e.get("model_id", 0) for e in entries]
    if len(set(ids)) != len(ids):
        raise Refusal("error_param", "Repeat model_id.")
    if doc["models"] and 0 in ids:
        raise Refusal(
            "error_edit_item_price_for_item_has_model",
            "Can't edit item price directly while item has models.",
        )
    return doc, ids


def _apply(call: Call, key: str, field: str, read: Any) -> Response:
    entries = call.values[key]
    doc, ids = _targets(call, entries, key)
    failures, successes = [], []
    for model_id, entry in zip(ids, entries, strict=True):
        target = doc if model_id == 0 else _model(doc, model_id)
        try:
            if target is None:
                raise Refusal("error_param", "Wrong model_id.")
            target[field] = read(entry)
        except Refusal as refusal:
            failures.append({"model_id": model_id, "failed_reason": refusal.message})
            continue
        successes.append({"model_id": model_id, field: target[field]})
    _save(call, doc)
    return answer(call.endpoint, {"failure_list": failures, "success_list": successes})


def _price_of(entry: dict[str, Any]) -> float:
    rules.check_price(entry["original_price"])
    return float(entry["original_price"])


def update_price(call: Call) -> Response:
    """product.update_price."""
    return _apply(call, "price_list", "original_price", _price_of)


def update_stock(call: Call) -> Response:
    """product.update_stock."""
    return _apply(call, "stock_list", "stock", lambda e: rules.check_stock(e["seller_stock"]))


HANDLERS = {
    "product.init_tier_variation": init_tier_variation,
    "product.add_model": add_model,
    "product.update_tier_variation": update_tier_variation,
    "product.delete_model": delete_model,
    "product.update_model": update_model,
    "product.get_model_list": get_model_list,
    "product.update_price": update_price,
    "product.update_stock": update_stock,
}
