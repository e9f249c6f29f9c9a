"""From ocop's draft to what Shopee's add_item / update_item take (documented keys only).

    item_name     the SKU's title; for a product sold in several packagings, the product's
                  name (its item is shared; each packaging is a model)
    description   plain text; the OCOP claim ("Sản phẩm OCOP 4 sao …") opens it while the
                  certificate is valid, then the catalogue's text, cut to Shopee's limit
    category_id   the leaf the catalogue names, by id, path or name (``shopdata``)
    weight        kg (the shipping weight, else the net weight); no dimensions (the
                  catalogue has none, and add_item does not require them)
    attributes    every mandatory attribute filled from a catalogue fact (``ATTRIBUTE_FACTS``);
                  one the catalogue cannot fill holds the SKU back, naming it
    brand         a registered brand whose name is the producer's, else "NoBrand" (id 0)
                  where the category allows it; otherwise held back
    logistics     the enabled channels (or those configured) whose weight limit fits
    images        the image ids of the uploaded images, in the catalogue's order

Every check against Shopee's limits (``get_item_limit``) happens before anything is sent:
a SKU that cannot be listed raises ``DraftRefused`` (a ``ValidationRejected``) naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ocop.connector import ListingDraft
from ocop.i18n import _
from ocop_shopee.errors import DraftRefused
from ocop_shopee.models import Attribute, AttributeValue, Channel, ItemLimits
from ocop_shopee.shopdata import ShopData, normal

NO_BRAND = {"brand_id": 0, "original_brand_name": "NoBrand"}
VIETNAM = ("việt nam", "vietnam", "viet nam")
TIER_NAME = "Quy cách"  # the packaging, as Vietnamese shops name the variation


def reject(field: str, reason: str, message: str) -> DraftRefused:
    """A refusal raised before anything is sent."""
    return DraftRefused(field, reason, message)


def ocop_claim(draft: ListingDraft) -> str:
    """The description's first line while the certificate is valid ("" without a claim)."""
    claim = draft.ocop
    if claim is None:
        return ""
    decision = f"Quyết định {claim.certificate_no}, " if claim.certificate_no else ""
    until = claim.valid_until.strftime("%d/%m/%Y")
    return f"Sản phẩm OCOP {claim.stars} sao ({decision}hiệu lực đến {until})."


def description(draft: ListingDraft, limits: ItemLimits) -> str:
    """The claim and the catalogue's text within Shopee's length limits."""
    claim = ocop_claim(draft)
    high = int(limits.item_description_length_limit.max_limit) or 3000
    room = high - len(claim) - 2 if claim else high
    text = (
        draft.description if len(draft.description) <= room else draft.description[:room].rstrip()
    )
    full = f"{claim}\n\n{text}" if claim else text
    if len(full) < limits.item_description_length_limit.min_limit:
        raise reject(
            "description", "too_short", _("the description is shorter than Shopee's minimum")
        )
    return full


def item_name(draft: ListingDraft) -> str:
    """The SKU's title, or the product's name when its packagings are models of one item."""
    if draft.product is not None and len(draft.product.skus) > 1:
        return draft.product.name
    return draft.title


def check_limits(draft: ListingDraft, name: str, images: int, limits: ItemLimits) -> None:
    """Name, images, price and stock within ``get_item_limit``'s answer."""
    checks = (
        ("item_name", len(name), limits.item_name_length_limit),
        ("image", images, limits.item_image_count_limit),
        ("original_price", draft.price, limits.price_limit),
        ("seller_stock", draft.stock, limits.stock_limit),
    )
    for field, value, limit in checks:
        if limit.max_limit and value > limit.max_limit:
            raise reject(field, "too_long" if field == "item_name" else "out_of_range",
                         _("{field} is above Shopee's limit").format(field=field))  # fmt: skip
        if value < limit.min_limit:
            raise reject(field, "too_short" if field == "item_name" else "out_of_range",
                         _("{field} is below Shopee's limit").format(field=field))  # fmt: skip


def weight_kg(draft: ListingDraft) -> float:
    """The shipping weight in kg (grams kept exact to three decimals)."""
    return round(draft.shipping_weight_g / 1000, 3)


# --- attributes -----------------------------------------------------------------------------


def _origin(draft: ListingDraft, attribute: Attribute) -> dict[str, Any] | None:
    match = next((v for v in attribute.attribute_value_list if normal(v.name) in VIETNAM), None)
    if match is not None:
        return {"value_id": match.value_id}
    return (
        None
        if attribute.attribute_info.input_type == 1
        else {"value_id": 0, "original_value_name": "Việt Nam"}
    )


def _weight(draft: ListingDraft, attribute: Attribute) -> dict[str, Any] | None:
    grams = draft.net_weight_g
    units = attribute.attribute_info.attribute_unit_list
    if grams is None or attribute.attribute_info.input_type == 1:
        return None
    if not units or "g" in units:
        return {
            "value_id": 0,
            "original_value_name": str(grams),
            **({"value_unit": "g"} if units else {}),
        }
    if "kg" in units:
        return {"value_id": 0, "original_value_name": f"{grams / 1000:g}", "value_unit": "kg"}
    return None


def _province(draft: ListingDraft, attribute: Attribute) -> dict[str, Any] | None:
    if attribute.attribute_info.input_type == 1 or not draft.origin:
        return _listed(attribute.attribute_value_list, draft.origin)
    return {"value_id": 0, "original_value_name": draft.origin}


def _listed(values: Sequence[AttributeValue], wanted: str) -> dict[str, Any] | None:
    match = next((v for v in values if normal(v.name) == normal(wanted)), None)
    return {"value_id": match.value_id} if match else None


Fact = Callable[[ListingDraft, Attribute], dict[str, Any] | None]
ATTRIBUTE_FACTS: tuple[tuple[tuple[str, ...], Fact], ...] = (
    (("xuất xứ", "country of origin", "nơi xuất xứ"), _origin),
    (("trọng lượng", "khối lượng", "khối lượng tịnh", "weight", "net weight"), _weight),
    (("tỉnh/thành phố sản xuất", "nơi sản xuất", "place of production"), _province),
)


def _fact_for(attribute: Attribute) -> Fact | None:
    name = normal(attribute.name)
    return next((fact for names, fact in ATTRIBUTE_FACTS if name in names), None)


def attributes(draft: ListingDraft, tree: Sequence[Attribute]) -> list[dict[str, Any]]:
    """Every attribute the catalogue can fill; a mandatory one it cannot fill is refused."""
    filled = []
    for attribute in tree:
        fact = _fact_for(attribute)
        value = fact(draft, attribute) if fact else None
        if value is not None:
            filled.append({"attribute_id": attribute.attribute_id, "attribute_value_list": [value]})
        elif attribute.mandatory:
            raise reject(
                f"attribute_list[{attribute.name}]",
                "missing",
                _("Shopee's category needs the attribute {name!r}, which the catalogue does not give")
                .format(name=attribute.name),
            )  # fmt: skip
    return filled


def brand(draft: ListingDraft, mandatory: bool, registered: Sequence[Any]) -> dict[str, Any]:
    """The producer's registered brand, else "NoBrand" where the category allows it."""
    producer = draft.product.producer if draft.product else None
    if producer:
        for candidate in registered:
            if normal(candidate.original_brand_name) == normal(producer):
                return {
                    "brand_id": candidate.brand_id,
                    "original_brand_name": candidate.original_brand_name,
                }
    if mandatory:
        raise reject("brand", "missing", _("Shopee's category needs a brand registered on Shopee"))
    return dict(NO_BRAND)


def logistics(
    channels: Sequence[Channel], chosen: Sequence[int], weight: float
) -> list[dict[str, Any]]:
    """Enabled channels (only ``chosen`` ones when configured) that take this weight."""
    fits = [
        c for c in channels
        if c.enabled and (not chosen or c.logistics_channel_id in chosen)
        and (not c.weight_limit.item_max_weight or weight <= c.weight_limit.item_max_weight)
    ]  # fmt: skip
    if not fits:
        raise reject(
            "logistic_info",
            "invalid",
            _("no enabled logistics channel of the shop takes this item"),
        )
    return [{"logistic_id": c.logistics_channel_id, "enabled": True} for c in fits]


@dataclass(frozen=True)
class ItemContent:
    """The item-level fields of one SKU's draft, ready for add_item / update_item."""

    fields: dict[str, Any]
    logistic_info: list[dict[str, Any]]  # add_item only (update_item documents none)


def item_content(
    draft: ListingDraft, image_ids: Sequence[str], data: ShopData, chosen_channels: Sequence[int]
) -> ItemContent:
    """Everything item-level, checked against the shop's reference data (reads are cached)."""
    category_id = data.categories().resolve(draft.category)
    limits = data.limits(category_id)
    name = item_name(draft)
    check_limits(draft, name, len(image_ids), limits)
    mandatory, registered = data.brands(category_id)
    weight = weight_kg(draft)
    fields = {
        "item_name": name,
        "description": description(draft, limits),
        "category_id": category_id,
        "weight": weight,
        "image": {"image_id_list": list(image_ids)},
        "attribute_list": attributes(draft, data.attributes(category_id)),
        "brand": brand(draft, mandatory, registered),
        "condition": "NEW",
    }
    return ItemContent(fields, logistics(data.channels(), chosen_channels, weight))


def option_name(draft: ListingDraft, taken: Sequence[str], limits: ItemLimits) -> str:
    """The SKU's option in the "Quy cách" variation: its packaging label, made unique."""
    label = draft.product.option if draft.product else draft.unit
    high = int(limits.tier_variation_option_length_limit.max_limit) or 20
    name = label if len(label) <= high else draft.unit[:high]
    if name in taken:
        name = f"{name[: max(1, high - len(draft.sku) - 3)]} ({draft.sku})"[:high]
    return name
