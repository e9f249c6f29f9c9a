"""Shopee's files as shipped, and how ocop reads them (apidoc.READINGS, doccheck)."""

from __future__ import annotations

import pytest
from ocop_shopee import apidoc, doccheck
from ocop_shopee.doccheck import Problem

from tests.shopee.conftest import shared_specs


def test_the_shipped_files_are_shopees_own_unchanged() -> None:
    shared = shared_specs()
    if shared is None:
        pytest.skip("../shared/specs/shopee is not on this machine")
    shipped = {p.name: p.read_bytes() for p in apidoc.source_files()}
    original = {p.name: p.read_bytes() for p in shared.glob("v2.*.json")}
    assert shipped == original
    assert (apidoc.HERE / "LICENSE.shopee-sdk").read_bytes() == (
        shared / "LICENSE.shopee-sdk"
    ).read_bytes()


def test_every_file_is_read_with_its_path_method_and_kind() -> None:
    endpoints = apidoc.endpoints()
    assert len(endpoints) == len(apidoc.source_files()) == 26
    add = endpoints["product.add_item"]
    assert (add.path, add.method, add.shop) == ("/api/v2/product/add_item", "POST", True)
    token = endpoints["public.get_access_token"]
    assert (token.method, token.shop, token.flat) == ("POST", False, True)
    assert endpoints["media_space.upload_image"].shop is False  # a Public call …
    assert not endpoints["media_space.upload_image"].flat  # … that answers in `response`
    assert endpoints["shop.get_shop_info"].flat
    assert endpoints["product.get_item_list"].method == "GET"
    assert apidoc.by_path()["/api/v2/auth/access_token/get"].name == "public.refresh_access_token"


def test_required_is_read_whatever_way_it_is_written() -> None:
    add = apidoc.endpoint("product.add_item")
    assert {p.name for p in add.request if p.required} == {
        "original_price", "description", "weight", "item_name", "logistic_info", "category_id", "image",
    }  # fmt: skip
    answer = add.response
    assert answer is not None and answer.child("item_id") is not None
    assert answer.child("item_id").required  # type: ignore[union-attr]  # written "yes"
    assert not apidoc.endpoint("product.search_item").param("item_sku").required  # type: ignore[union-attr]


def test_the_readings_are_applied() -> None:
    base = apidoc.endpoint("product.get_item_base_info").response
    assert base is not None and base.child("tax_info") is None
    items = base.child("item_list")
    assert items is not None and items.child("stock_info_v2") is not None
    limit = apidoc.endpoint("product.get_item_limit")
    assert limit.response is not None and limit.response.child("gtin_limit") is not None
    assert all(p.name != "gtin_limit" for p in limit.answer)
    image = apidoc.endpoint("product.update_item").param("image")
    assert image is not None and image.child("image_id_list").type == "string[]"  # type: ignore[union-attr]
    assert {name for name, _why in apidoc.READINGS} >= {"GET arrays", "envelope", "required"}
    channels = apidoc.endpoint("logistics.get_channel_list")
    assert {"error", "message", "request_id"} <= {p.name for p in channels.answer}


def test_a_body_is_checked_in_the_documented_order() -> None:
    update = apidoc.endpoint("product.update_price")
    assert doccheck.check_body(update, {"price_list": []}) == [Problem("item_id", "missing")]
    problems = doccheck.check_body(
        update, {"item_id": "7", "price_list": [{"original_price": True}], "extra": 1}
    )
    assert problems == [
        Problem("item_id", "invalid"),
        Problem("price_list[0].original_price", "invalid"),
        Problem("extra", "unknown_field"),
    ]
    stock = apidoc.endpoint("product.update_stock")
    assert doccheck.check_body(stock, {"item_id": 1, "stock_list": [{"seller_stock": [{}]}]}) == [
        Problem("stock_list[0].seller_stock[0].stock", "missing")
    ]


def test_query_lists_follow_the_readings() -> None:
    base = apidoc.endpoint("product.get_item_base_info")
    values, problems = doccheck.check_query(base, {"item_id_list": ["1,2,3"]})
    assert (values, problems) == ({"item_id_list": [1, 2, 3]}, [])
    _values, problems = doccheck.check_query(base, {"item_id_list": ["[1 2]"]})
    assert problems == [Problem("item_id_list", "invalid")]
    listing = apidoc.endpoint("product.get_item_list")
    query = {"offset": ["0"], "page_size": ["500"], "item_status": ["NORMAL", "UNLIST"]}
    values, problems = doccheck.check_query(listing, query)
    assert values["item_status"] == ["NORMAL", "UNLIST"]
    assert problems == [Problem("page_size", "out_of_range")]  # limits [1, 100]
    pairs = doccheck.encode_query(listing, {"item_status": ["NORMAL", "BANNED"], "offset": 0})
    assert pairs == [("item_status", "NORMAL"), ("item_status", "BANNED"), ("offset", "0")]


def test_an_answer_must_carry_what_its_table_always_returns() -> None:
    listing = apidoc.endpoint("product.get_model_list")
    good = {
        "error": "", "message": "", "warning": "", "request_id": "r",
        "response": {"tier_variation": [], "model": []},
    }  # fmt: skip
    assert doccheck.check_answer(listing, good) == []
    del good["warning"]
    assert doccheck.check_answer(listing, good) == [Problem("warning", "missing")]
    failed = {
        "error": "error_item_not_found",
        "message": "Item_id is not found.",
        "request_id": "r",
    }
    assert doccheck.check_answer(listing, failed) == []
    invented = {**failed, "error": "error_made_up"}
    assert doccheck.check_answer(listing, invented) == [Problem("error", "unknown_field")]
