"""The sandbox's business rules for item content, each answered with its documented error.

Checked in this order (the first failure is the answer): category (a leaf), name, description,
price, images, weight, logistics, attributes, brand, stock. Names and messages are those of
``v2.product.add_item.json``'s ``error_list``.
"""

from __future__ import annotations

from typing import Any

from ocop_shopee.sandbox.gateway import Refusal, ShopeeMarket
from ocop_shopee.sandbox.world import (
    ATTRIBUTES,
    BRANDS,
    CHANNELS,
    LIMITS,
    NO_BRAND,
    AttributeSpec,
)

CHANNEL_BY_ID = {c.channel_id: c for c in CHANNELS}


def check_category(market: ShopeeMarket, category_id: int) -> None:
    """An existing leaf category of the tree the sandbox serves."""
    if category_id not in market.tree.by_id:
        raise Refusal("error_invalid_category", f"Invalid category ID {category_id}")
    if category_id in market.tree.parents:
        raise Refusal(
            "error_invalid_category", f"Invalid category ID {category_id}: not a leaf category"
        )


def check_name(name: str) -> None:
    length = len(name.strip())
    if length == 0:
        raise Refusal("error_item_name_empty", "Item name could not be empty.")
    if length < LIMITS.name[0]:
        raise Refusal("error_item_name_is_too_short", "Item_name length is less than min limit.")
    if length > LIMITS.name[1]:
        raise Refusal(
            "error_title_exceeds_max_length", "The length of item_name is bigger than max limit."
        )


def check_description(text: str) -> None:
    if len(text) < LIMITS.description[0]:
        raise Refusal(
            "error_desc_length_min_limit", "Description length is less than the min limit."
        )
    if len(text) > LIMITS.description[1]:
        raise Refusal(
            "error_param", "Parameter is not match the constraints, description is too long."
        )


def check_price(price: float) -> None:
    """Whole đồng within the limits (Vietnam: "other regions can only set the price as an integer")."""
    if price != int(price):
        raise Refusal("error_invalid_price", "Invalid price, please use the correct format")
    if price < LIMITS.price[0]:
        raise Refusal(
            "error_price_exceed_min_limitt", "Original_price is less than min price limit."
        )
    if price > LIMITS.price[1]:
        raise Refusal(
            "error_price_exceed_max_limitt", "Original_price is bigger than max price limit."
        )


def check_stock(entries: list[dict[str, Any]]) -> int:
    """The stock of a ``seller_stock`` list (no warehouses here: no ``location_id``)."""
    if any("location_id" in e for e in entries):
        raise Refusal(
            "error_auth",
            "You do not have right to use seller location_id, please only fill seller_stock filed.",
        )
    stock = sum(int(e["stock"]) for e in entries)
    if not LIMITS.stock[0] <= stock <= LIMITS.stock[1]:
        raise Refusal("error_param", "Parameter is not match the constraints, stock out of range.")
    return stock


def check_images(market: ShopeeMarket, image: dict[str, Any]) -> list[str]:
    ids = list(image["image_id_list"])
    if len(ids) < LIMITS.images[0]:
        raise Refusal("error_image_num_min", "At least one image is needed.")
    if len(ids) > LIMITS.images[1]:
        raise Refusal("error_param", "Parameter is not match the constraints, too many images.")
    if any(market.db.image(i) is None for i in ids):
        raise Refusal("error_param", "Image not exist.")
    return ids


def check_weight(weight: float) -> None:
    if not 0 < weight <= 1_000:
        raise Refusal("error_param", "Invalid Weight.")


def check_logistics(entries: list[dict[str, Any]], weight: float) -> None:
    """At least one enabled channel of the shop, each within its weight limit."""
    enabled = [e for e in entries if e["enabled"]]
    if not enabled:
        raise Refusal("error_invalid_logistic_info", "invalid logistic info , no channel enabled")
    for entry in enabled:
        channel = CHANNEL_BY_ID.get(entry["logistic_id"])
        if channel is None or not channel.enabled:
            raise Refusal(
                "error_invalid_logistic_info",
                f"invalid logistic info , channel {entry['logistic_id']} is not enabled for the shop",
            )
        if channel.max_weight_kg and weight > channel.max_weight_kg:
            raise Refusal(
                "error_invalid_logistic_info",
                f"invalid logistic info , {weight} kg is over the limit of {channel.name}",
            )


def _check_value(spec: AttributeSpec, value: dict[str, Any]) -> None:
    value_id = value["value_id"]
    if value_id == 0:
        name = str(value.get("original_value_name", "")).strip()
        if not name:
            raise Refusal("error_value_name_required", "Value_name is required.")
        if spec.input_type == 1:  # a drop-down takes only its values
            raise Refusal("error_invalid_attribute_value", "Invalid attribute value.")
        if spec.validation == 3 and not _is_number(name):
            raise Refusal("error_invalid_attribute_value", "Invalid attribute value.")
        if spec.units and value.get("value_unit") not in spec.units:
            raise Refusal("error_invalid_attribute_value", "Invalid attribute value.")
    elif value_id not in {v.value_id for v in spec.values}:
        raise Refusal("error_invalid_attribute_value", "Invalid attribute value.")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_attributes(category_id: int, entries: list[dict[str, Any]]) -> None:
    """Known attributes of the category with valid values; every mandatory one given."""
    specs = {s.attribute_id: (s, m) for s, m in ATTRIBUTES.get(category_id, ())}
    given = set()
    for entry in entries:
        found = specs.get(entry["attribute_id"])
        if found is None:
            raise Refusal("error_invalid_category_attribute", "Category and attribute not match.")
        values = entry.get("attribute_value_list") or []
        for value in values:
            _check_value(found[0], value)
        if values:
            given.add(entry["attribute_id"])
    if any(mandatory and aid not in given for aid, (_spec, mandatory) in specs.items()):
        raise Refusal("error_less_required_attribute", "Mandatory attribute information required")


def check_brand(category_id: int, brand: dict[str, Any] | None) -> dict[str, Any]:
    """The brand to keep: a registered one, or "NoBrand" (id 0) where the category allows."""
    rule = BRANDS.get(category_id)
    mandatory = bool(rule and rule.mandatory)
    if brand is None or brand.get("brand_id", 0) == 0:
        if mandatory:
            raise Refusal("error_less_required_brand", "Brand information required")
        return {"brand_id": NO_BRAND[0], "original_brand_name": NO_BRAND[1]}
    known = dict(rule.brands) if rule else {}
    if brand["brand_id"] not in known:
        raise Refusal("error_invalid_brand", "Invalid brand")
    return {"brand_id": brand["brand_id"], "original_brand_name": known[brand["brand_id"]]}


def check_content(market: ShopeeMarket, fields: dict[str, Any], complete: bool) -> None:
    """add_item (``complete``) or update_item content, in the module's order."""
    category_id = fields.get("category_id")
    if category_id is not None:
        check_category(market, category_id)
    if "item_name" in fields:
        check_name(fields["item_name"])
    if "description" in fields:
        check_description(fields["description"])
    if "original_price" in fields:
        check_price(fields["original_price"])
    if "image" in fields:
        check_images(market, fields["image"])
    if "weight" in fields:
        check_weight(fields["weight"])
    if complete or "logistic_info" in fields:
        check_logistics(fields.get("logistic_info", []), fields.get("weight", 0.0))
    if category_id is not None and (complete or "attribute_list" in fields):
        check_attributes(category_id, fields.get("attribute_list", []))
