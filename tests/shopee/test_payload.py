"""From a draft to Shopee's fields, against reference data ocop did not choose."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest
from ocop_shopee import payload
from ocop_shopee.models import (
    Attribute,
    AttributeInfo,
    AttributeValue,
    Brand,
    Channel,
    ItemLimits,
    Limit,
    WeightLimit,
)

from ocop.errors import ValidationRejected
from tests.shopee.drafts import draft, product


def limits(**tighter: tuple[float, float]) -> ItemLimits:
    ranges = {
        "price_limit": (1_000, 120_000_000), "stock_limit": (0, 999_999),
        "item_name_length_limit": (10, 120), "item_image_count_limit": (1, 9),
        "item_description_length_limit": (20, 3000), "tier_variation_name_length_limit": (1, 20),
        "tier_variation_option_length_limit": (1, 20), **tighter,
    }  # fmt: skip
    return ItemLimits(**{k: Limit(min_limit=lo, max_limit=hi) for k, (lo, hi) in ranges.items()})


def issue(error: pytest.ExceptionInfo[ValidationRejected]) -> tuple[str, str]:
    return error.value.issues[0].field, error.value.issues[0].reason


def test_the_ocop_claim_survives_a_description_cut_to_the_limit() -> None:
    long = draft(description="Chè ngon. " * 50)
    text = payload.description(long, limits(item_description_length_limit=(20, 200)))
    assert len(text) <= 200 and text.startswith("Sản phẩm OCOP 4 sao (Quyết định 1234/QĐ-UBND")
    with pytest.raises(ValidationRejected) as caught:
        payload.description(draft(description="Ngắn", ocop=None), limits())
    assert issue(caught) == ("description", "too_short")


def test_a_shops_tighter_live_limits_refuse_before_sending() -> None:
    with pytest.raises(ValidationRejected) as caught:
        payload.check_limits(draft(), "x" * 30, 1, limits(item_name_length_limit=(10, 25)))
    assert issue(caught) == ("item_name", "too_long")
    with pytest.raises(ValidationRejected) as caught:
        payload.check_limits(draft(price=500), draft().title, 1, limits())
    assert issue(caught) == ("original_price", "out_of_range")
    with pytest.raises(ValidationRejected) as caught:
        payload.check_limits(draft(), draft().title, 12, limits())
    assert issue(caught) == ("image", "out_of_range")


def test_options_are_unique_and_within_their_length() -> None:
    one, _two = product(("Hộp 100 g", "Hộp 200 g"))
    assert payload.option_name(one, ["Hộp 200 g"], limits()) == "Hộp 100 g"
    twin = payload.option_name(
        one, ["Hộp 100 g"], limits(tier_variation_option_length_limit=(1, 30))
    )
    assert twin.endswith(f"({one.sku})") and len(twin) <= 30
    long = replace(
        one, unit="Hộp", product=replace(one.product, option="Hộp 25 túi lọc × 2 g quà biếu")
    )  # type: ignore[type-var]
    assert payload.option_name(long, [], limits()) == "Hộp"


def attribute(
    name: str,
    mandatory: bool,
    input_type: int,
    values: tuple[str, ...] = (),
    units: tuple[str, ...] = (),
) -> Attribute:
    info = AttributeInfo(input_type=input_type, attribute_unit_list=list(units))
    listed = [AttributeValue(value_id=10 + i, name=v) for i, v in enumerate(values)]
    return Attribute(
        attribute_id=1,
        mandatory=mandatory,
        name=name,
        attribute_value_list=listed,
        attribute_info=info,
    )


def test_attributes_are_matched_by_name_whatever_its_case_or_form() -> None:
    decomposed = unicodedata.normalize("NFD", "XUẤT XỨ")
    filled = payload.attributes(
        draft(), [attribute(decomposed, True, 1, ("Trung Quốc", "Viet Nam"))]
    )
    assert filled == [{"attribute_id": 1, "attribute_value_list": [{"value_id": 11}]}]
    free = payload.attributes(draft(), [attribute("Country of Origin", True, 3)])
    assert free[0]["attribute_value_list"] == [{"value_id": 0, "original_value_name": "Việt Nam"}]
    kilos = payload.attributes(
        draft(net_weight_g=250), [attribute("Khối lượng", True, 3, units=("kg",))]
    )
    assert kilos[0]["attribute_value_list"] == [
        {"value_id": 0, "original_value_name": "0.25", "value_unit": "kg"}
    ]


def test_a_mandatory_attribute_that_cannot_be_filled_is_named() -> None:
    no_vietnam = [attribute("Xuất xứ", True, 1, ("Trung Quốc",))]
    with pytest.raises(ValidationRejected) as caught:
        payload.attributes(draft(), no_vietnam)
    assert issue(caught) == ("attribute_list[Xuất xứ]", "missing")
    with pytest.raises(ValidationRejected, match="Trọng lượng"):
        payload.attributes(
            draft(net_weight_g=None), [attribute("Trọng lượng", True, 3, units=("g",))]
        )
    assert payload.attributes(draft(), [attribute("Màu sắc", False, 1, ("Đỏ",))]) == []


def test_a_brand_is_the_producers_own_or_none() -> None:
    (mine,) = product(("Hộp",), producer="hảo  ĐẠT")
    registered = [Brand(brand_id=5, original_brand_name="Hảo Đạt")]
    assert payload.brand(mine, False, registered) == {
        "brand_id": 5,
        "original_brand_name": "Hảo Đạt",
    }
    assert payload.brand(draft(), False, registered) == payload.NO_BRAND
    with pytest.raises(ValidationRejected) as caught:
        payload.brand(draft(), True, registered)
    assert issue(caught) == ("brand", "missing")


def test_logistics_keep_enabled_channels_that_take_the_weight() -> None:
    channels = [
        Channel(logistics_channel_id=1, logistics_channel_name="a", enabled=True),
        Channel(logistics_channel_id=2, logistics_channel_name="b", enabled=False),
        Channel(
            logistics_channel_id=3,
            logistics_channel_name="c",
            enabled=True,
            weight_limit=WeightLimit(item_max_weight=1.0),
        ),
    ]
    assert [c["logistic_id"] for c in payload.logistics(channels, [], 0.5)] == [1, 3]
    assert [c["logistic_id"] for c in payload.logistics(channels, [], 2.0)] == [1]
    with pytest.raises(ValidationRejected):
        payload.logistics(channels, [2], 0.5)  # chosen, but disabled for the shop
