"""The sandbox's shop-level calls: shop info, images, categories, attributes, brands,
logistics channels and item limits. Answers carry the keys their tables document."""

from __future__ import annotations

import time
import uuid
from typing import Any

from ocop.sandbox.wire import Response, image_type, multipart_file
from ocop_shopee.sandbox.gateway import Call, Refusal, answer, page_of, within
from ocop_shopee.sandbox.world import (
    ATTRIBUTES,
    BRANDS,
    CHANNELS,
    LANGUAGES,
    LIMITS,
    AttributeSpec,
)

MAX_IMAGE_BYTES = 10 * 1024 * 1024  # "Max 10.0 MB each"
SCENES = frozenset({"normal", "desc"})


def get_shop_info(call: Call) -> Response:
    """shop.get_shop_info (flat)."""
    found = call.market.db.shop(call.shop_id)
    assert found is not None  # the gateway let a token of this shop through: it was authorised
    shop = found[1]
    return answer(call.endpoint, {
        "shop_name": shop.name,
        "region": shop.region,
        "status": "NORMAL",
        "is_cb": False,
        "is_sip": False,
        "auth_time": int(time.time()) - 86_400,
        "expire_time": int(time.time()) + 365 * 86_400,
    })  # fmt: skip


def upload_image(call: Call) -> Response:
    """media_space.upload_image: multipart field ``image``, JPG/PNG, at most 10 MB."""
    request = call.request
    if request.content_type != "multipart/form-data":
        raise Refusal("error_param", "Wrong parameters, detail: invalid field image: missing.")
    data = multipart_file(request, "image")
    if data is None:
        raise Refusal("error_param", "Wrong parameters, detail: invalid field image: missing.")
    scene = multipart_file(request, "scene")
    if scene is not None and scene.decode("utf-8", "replace") not in SCENES:
        raise Refusal("error_param", "Wrong parameters, detail: invalid field scene: invalid.")
    if len(data) > MAX_IMAGE_BYTES:
        raise Refusal("error_param", "Wrong parameters, detail: invalid field image: too_long.")
    content_type = image_type(data)
    if content_type is None:
        raise Refusal("error_param", "Wrong parameters, detail: invalid field image: invalid.")
    image_id = f"vn-11134207-{uuid.uuid4().hex[:20]}"
    call.market.db.add_image(image_id, content_type, data)
    url = f"{call.market.storefront_url}/file/{image_id}"
    info = {"image_id": image_id, "image_url_list": [{"image_url_region": "VN", "image_url": url}]}
    return answer(call.endpoint, {"image_info": info})


def _language(call: Call) -> str:
    language = str(call.values.get("language", "en"))
    if language not in LANGUAGES:
        raise Refusal("error_invalid_language", "Invalid language.")
    return language


def get_category(call: Call) -> Response:
    """product.get_category: the whole tree, names in the asked language."""
    vietnamese = _language(call) == "vi"
    items = [
        {
            "category_id": c.category_id,
            "parent_category_id": c.parent_id,
            "original_category_name": c.name_en,
            "display_category_name": c.name_vi if vietnamese else c.name_en,
            "has_children": c.category_id in call.market.tree.parents,
        }
        for c in call.market.tree.categories
    ]
    return answer(call.endpoint, {"category_list": items})


def _attribute(spec: AttributeSpec, mandatory: bool, vietnamese: bool) -> dict[str, Any]:
    info: dict[str, Any] = {
        "input_type": spec.input_type,
        "input_validation_type": spec.validation,
        "format_type": spec.format_type,
        "max_value_count": 1,
    }
    if spec.units:
        info["attribute_unit_list"] = list(spec.units)
    return {
        "attribute_id": spec.attribute_id,
        "mandatory": mandatory,
        "name": spec.name_vi if vietnamese else spec.name_en,
        "attribute_value_list": [{"value_id": v.value_id, "name": v.name} for v in spec.values],
        "attribute_info": info,
        "multi_lang": [{"language": "vi", "value": spec.name_vi}],
    }


def known_category(call: Call, category_id: Any) -> int:
    """The id of an existing category; ``error_invalid_category`` otherwise."""
    if not isinstance(category_id, int) or category_id not in call.market.tree.by_id:
        raise Refusal("error_invalid_category", f"Invalid category ID {category_id}")
    return category_id


def get_attribute_tree(call: Call) -> Response:
    """product.get_attribute_tree: up to 20 categories (the table's ``max count is 20``)."""
    ids = call.values["category_id_list"]
    within("category_id_list", ids, 1, 20)
    vietnamese = _language(call) == "vi"
    result = [
        {
            "category_id": known_category(call, cid),
            "attribute_tree": [_attribute(s, m, vietnamese) for s, m in ATTRIBUTES.get(cid, ())],
        }
        for cid in ids
    ]
    return answer(call.endpoint, {"list": result})


def get_brand_list(call: Call) -> Response:
    """product.get_brand_list: registered brands of a leaf, paged; ``is_mandatory``."""
    values = call.values
    category = known_category(call, values["category_id"])
    if category in call.market.tree.parents:
        raise Refusal("error_invalid_category", f"Invalid category ID {category}")
    if values["status"] not in (1, 2):
        raise Refusal("error_param", "status is required.")
    _language(call)
    rule = BRANDS.get(category)
    brands = list(rule.brands) if rule and values["status"] == 1 else []
    page, paging = page_of(brands, values["offset"], values["page_size"])
    return answer(call.endpoint, {
        "brand_list": [
            {"brand_id": bid, "original_brand_name": name, "display_brand_name": name}
            for bid, name in page
        ],
        **paging,
        "is_mandatory": bool(rule and rule.mandatory),
        "input_type": "DROP_DOWN",
    })  # fmt: skip


def get_channel_list(call: Call) -> Response:
    """logistics.get_channel_list: the shop's channels, some disabled, with weight limits."""
    channels = [
        {
            "logistics_channel_id": c.channel_id,
            "logistics_channel_name": c.name,
            "cod_enabled": c.cod,
            "enabled": c.enabled,
            "fee_type": "SIZE_INPUT",
            "size_list": [],
            "weight_limit": {"item_max_weight": c.max_weight_kg, "item_min_weight": 0.0},
            "mask_channel_id": 0,
            "force_enable": False,
        }
        for c in CHANNELS
    ]
    return answer(call.endpoint, {"logistics_channel_list": channels})


def _range(low: float, high: float) -> dict[str, float]:
    return {"min_limit": low, "max_limit": high}


def get_item_limit(call: Call) -> Response:
    """product.get_item_limit."""
    if "category_id" in call.values:
        known_category(call, call.values["category_id"])
    limits = LIMITS
    return answer(call.endpoint, {
        "price_limit": _range(*limits.price),
        "wholesale_price_threshold_percentage": {"min_limit": 50, "max_limit": 100},
        "stock_limit": _range(*limits.stock),
        "item_name_length_limit": _range(*limits.name),
        "item_image_count_limit": _range(*limits.images),
        "item_description_length_limit": _range(*limits.description),
        "tier_variation_name_length_limit": _range(*limits.tier_name),
        "tier_variation_option_length_limit": _range(*limits.tier_option),
        "item_count_limit": {"max_limit": limits.item_count},
    })  # fmt: skip


def category_recommend(call: Call) -> Response:
    """product.category_recommend: leaves whose name shares a word with the item name."""
    words = set(str(call.values["item_name"]).casefold().split())
    tree = call.market.tree
    leaves = [c for c in tree.categories if c.category_id not in tree.parents]
    found = [c.category_id for c in leaves if words & set(c.name_vi.casefold().split())]
    return answer(call.endpoint, {"category_id": found[:3]})


HANDLERS = {
    "shop.get_shop_info": get_shop_info,
    "media_space.upload_image": upload_image,
    "product.get_category": get_category,
    "product.get_attribute_tree": get_attribute_tree,
    "product.get_brand_list": get_brand_list,
    "logistics.get_channel_list": get_channel_list,
    "product.get_item_limit": get_item_limit,
    "product.category_recommend": category_recommend,
}
