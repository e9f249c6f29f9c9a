"""The sandbox against Shopee's own files, with cases derived from the files themselves.

For every documented call: a valid request succeeds with an answer that carries the keys its
table marks as always returned, and only documented keys, with their documented types; each
required parameter left out (at every level the request reaches) is refused with an error name
the call documents, naming the field; each parameter of the wrong type is refused likewise.
Common parameters, the signature, the timestamp and the token are checked the same way.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from ocop_shopee import apidoc, doccheck
from ocop_shopee.apidoc import Param
from ocop_shopee.sandbox import DEMO_SHOP, ShopeeSandbox

from tests.shopee.raw import ITEM, TEA, Raw, World, fill, variation

Build = Callable[[World], dict[str, Any]]


def _tiered(world: World, key: str) -> dict[str, Any]:
    item_id, models = world.model_item(2, 1)
    if key == "update_tier_variation":
        return {
            "item_id": item_id,
            "standardise_tier_variation": variation("Hộp 100 g", "Hộp 200 g", "Hộp 500 g"),
            "model_list": [{"model_id": models[0], "tier_index": [2]}],
        }
    if key == "update_model":
        return {"item_id": item_id, "model": [{"model_id": models[0], "model_sku": "CONF-RENAMED"}]}
    return {"item_id": item_id}


def _two_models(world: World) -> dict[str, Any]:
    item_id, models = world.model_item(2, 2)
    return {"item_id": item_id, "model_id": models[0]}


def _free_option(world: World) -> dict[str, Any]:
    item_id, _models = world.model_item(2, 1)
    model = {
        "tier_index": [1],
        "original_price": 90_000,
        "model_sku": "CONF-ADD",
        "seller_stock": [{"stock": 2}],
    }
    return {"item_id": item_id, "model_list": [model]}


def _bare(world: World) -> dict[str, Any]:
    model = {
        "tier_index": [0],
        "original_price": 100_000,
        "model_sku": "CONF-INIT",
        "seller_stock": [{"stock": 3}],
    }
    return {
        "item_id": world.item(),
        "standardise_tier_variation": variation("Hộp 100 g"),
        "model": [model],
    }


VALID: dict[str, Build] = {
    "public.get_access_token": lambda w: fill(
        {"code": "<code>", "partner_id": "<partner>", "shop_id": "<shop>"}, w
    ),
    "public.refresh_access_token": lambda w: fill(
        {"refresh_token": "<refresh>", "partner_id": "<partner>", "shop_id": "<shop>"}, w
    ),
    "shop.get_shop_info": lambda w: {},
    "media_space.upload_image": lambda w: fill({"image": "<png>"}, w),
    "product.get_category": lambda w: {"language": "vi"},
    "product.get_attribute_tree": lambda w: {"category_id_list": [TEA], "language": "vi"},
    "product.get_brand_list": lambda w: {
        "offset": 0,
        "page_size": 10,
        "category_id": TEA,
        "status": 1,
    },
    "logistics.get_channel_list": lambda w: {},
    "product.get_item_limit": lambda w: {"category_id": TEA},
    "product.category_recommend": lambda w: {"item_name": "Trà xanh Tân Cương"},
    "product.add_item": lambda w: fill(ITEM, w),
    "product.update_item": lambda w: {
        "item_id": w.item(),
        "item_name": "Chè xanh Tân Cương hộp 500 g",
    },
    "product.delete_item": lambda w: {"item_id": w.item()},
    "product.unlist_item": lambda w: {"item_list": [{"item_id": w.item(), "unlist": True}]},
    "product.get_item_list": lambda w: {
        "offset": 0,
        "page_size": 10,
        "item_status": ["NORMAL", "UNLIST"],
    },
    "product.get_item_base_info": lambda w: {"item_id_list": [w.item(), _tiered(w, "")["item_id"]]},
    "product.get_item_extra_info": lambda w: {"item_id_list": [w.item()]},
    "product.search_item": lambda w: {
        "page_size": 10,
        "item_sku": "CONF",
        "item_status": ["NORMAL"],
    },
    "product.get_model_list": lambda w: _tiered(w, ""),
    "product.init_tier_variation": _bare,
    "product.add_model": _free_option,
    "product.update_tier_variation": lambda w: _tiered(w, "update_tier_variation"),
    "product.delete_model": _two_models,
    "product.update_model": lambda w: _tiered(w, "update_model"),
    "product.update_price": lambda w: {
        "item_id": w.item(),
        "price_list": [{"model_id": 0, "original_price": 99_000}],
    },
    "product.update_stock": lambda w: {
        "item_id": w.item(),
        "stock_list": [{"model_id": 0, "seller_stock": [{"stock": 7}]}],
    },
}
NAMES = sorted(apidoc.endpoints())


@pytest.fixture(scope="module")
def raw(shopee: ShopeeSandbox) -> Iterator[Raw]:
    made = Raw(shopee)
    yield made
    made.close()


@pytest.fixture(scope="module")
def world(raw: Raw) -> World:
    return World(raw)


def test_every_documented_call_is_served_and_has_a_valid_request() -> None:
    assert sorted(VALID) == NAMES  # a new file in apidoc needs its valid request here


@pytest.mark.parametrize("name", NAMES)
def test_a_valid_request_gets_a_documented_answer(raw: Raw, world: World, name: str) -> None:
    answer = raw.send(name, VALID[name](world))
    assert answer["error"] == "", answer
    assert doccheck.check_answer(apidoc.endpoint(name), answer) == []


def without(value: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    """A deep copy of ``value`` with the entry at ``path`` removed."""
    changed = copy.deepcopy(value)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return changed


def _paths(name: str, sample: dict[str, Any]) -> list[tuple[Any, ...]]:
    found = []
    for param in apidoc.endpoint(name).request:
        if param.name not in sample:
            continue
        if param.required:
            found.append((param.name,))
        inner = sample[param.name]
        entry = inner[0] if param.is_list and inner and isinstance(inner[0], dict) else inner
        if isinstance(entry, dict):
            for child in _child_paths(param.children, entry):
                found.append((param.name, 0, *child) if param.is_list else (param.name, *child))
    return found


def _child_paths(params: tuple[Param, ...], value: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    for param in params:
        if param.name not in value:
            continue
        if param.required:
            yield (param.name,)
        inner = value[param.name]
        entry = inner[0] if param.is_list and inner and isinstance(inner[0], dict) else inner
        if isinstance(entry, dict):
            for child in _child_paths(param.children, entry):
                yield (param.name, 0, *child) if param.is_list else (param.name, *child)


def _dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


@pytest.mark.parametrize("name", NAMES)
def test_each_required_parameter_left_out_is_refused_by_a_documented_name(
    raw: Raw, world: World, name: str
) -> None:
    endpoint = apidoc.endpoint(name)
    sample = VALID[name](world)
    paths = _paths(name, sample)
    documented = [p for p in endpoint.request if p.required]
    assert len([p for p in paths if len(p) == 1]) == len(documented)  # the sample has them all
    wrong = []
    for path in paths:
        answer = raw.send(name, without(VALID[name](world), path))
        ok = answer["error"] in endpoint.errors and _dotted(path) in answer["message"]
        if not ok or doccheck.check_answer(endpoint, answer):
            wrong.append((_dotted(path), answer))
    assert wrong == []


WRONG = {
    "integer": "12x",
    "number": "cheap",
    "string": 123,
    "boolean": "maybe",
    "object": [],
    "file": None,
}


@pytest.mark.parametrize("name", NAMES)
def test_each_parameter_of_the_wrong_type_is_refused(raw: Raw, world: World, name: str) -> None:
    endpoint = apidoc.endpoint(name)
    sample = VALID[name](world)
    wrong = []
    for param in endpoint.request:
        if param.name not in sample or param.kind == "file":
            continue
        if endpoint.method == "GET" and param.kind == "string":
            continue  # any text is a string in a query
        bad = ["x"] if param.is_list and param.kind != "string" else WRONG[param.kind]
        if param.is_list and param.kind == "string":
            bad = 5 if endpoint.method == "POST" else bad
        answer = raw.send(name, {**VALID[name](world), param.name: bad})
        if answer["error"] not in endpoint.errors or param.name not in answer["message"]:
            wrong.append((param.name, answer))
    assert wrong == []


SHOP_CALL, PUBLIC_CALL = "product.get_category", "public.refresh_access_token"


@pytest.mark.parametrize("name", [SHOP_CALL, PUBLIC_CALL, "media_space.upload_image"])
def test_each_common_parameter_left_out_is_refused(raw: Raw, world: World, name: str) -> None:
    endpoint = apidoc.endpoint(name)
    for common in doccheck.common_params(endpoint):
        answer = raw.send(name, VALID[name](world), {common: None})
        assert answer["error"] in endpoint.errors, (common, answer)
        assert doccheck.check_answer(endpoint, answer) == []


def test_signature_timestamp_partner_and_token_are_checked(raw: Raw, world: World) -> None:
    sample = VALID[SHOP_CALL](world)
    assert raw.send(SHOP_CALL, sample, {"sign": "0" * 64})["error"] == "error_sign"
    late = raw.send(SHOP_CALL, sample, timestamp=int(time.time()) - 301)
    assert (late["error"], late["message"]) == ("error_param", "Timestamp is expired.")
    assert raw.send(SHOP_CALL, sample, timestamp=int(time.time()) - 290)["error"] == ""
    assert raw.send(SHOP_CALL, sample, {"partner_id": "42"})["error"] == "invalid_partner_id"
    unknown = raw.send(SHOP_CALL, sample, access="f" * 32)
    assert unknown["error"] == "invalid_acceess_token"
    stranger = raw.send(SHOP_CALL, sample, shop=DEMO_SHOP + 1)
    assert (stranger["error"], stranger["message"]) == (
        "error_auth",
        "Invalid partner_id or shopid.",
    )
    # the token and the shop id are signed: changing either after signing breaks the sign
    assert raw.send(SHOP_CALL, sample, {"shop_id": str(DEMO_SHOP + 1)})["error"] == "error_sign"


def test_list_parameters_take_only_their_documented_forms(raw: Raw, world: World) -> None:
    listing = {"offset": 0, "page_size": 10}
    both = raw.send("product.get_item_list", {**listing, "item_status": ["NORMAL", "UNLIST"]})
    assert both["error"] == ""
    joined = raw.send("product.get_item_list", {**listing, "item_status": "NORMAL,UNLIST"})
    assert joined["error"] == "error_param_item_status"  # string lists repeat their key
    item = world.item()
    assert raw.send("product.get_item_base_info", {"item_id_list": f"{item}"})["error"] == ""
    bracket = raw.send("product.get_item_base_info", {"item_id_list": f"[{item} {item}]"})
    assert bracket["error"] == "error_param"


def test_an_expired_access_token_is_refused_with_its_documented_name(shopee: ShopeeSandbox) -> None:
    raw = Raw(shopee)
    try:
        shopee.market.behaviour.access_ttl_s = 0
        stale = Raw(shopee)
        shopee.market.behaviour.access_ttl_s = 14_400
        answer = stale.send(SHOP_CALL, {"language": "vi"})
        assert answer["error"] == "invalid_acceess_token"
        assert answer["error"] in apidoc.endpoint(SHOP_CALL).errors
        stale.close()
    finally:
        shopee.market.behaviour.access_ttl_s = 14_400
        raw.close()
