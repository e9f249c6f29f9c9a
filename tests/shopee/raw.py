"""Signed requests built by hand, to hold the sandbox to Shopee's files call by call.

``Raw.send(name, values)`` signs a call as its file says (Shop or Public), puts GET values in
the query in the documented forms and POST values in a JSON body, and returns the decoded
answer; ``common`` overrides or drops (None) common parameters. Placeholders in values
(``"<item>"`` …) are filled by ``World``, which makes the items a call needs through the
sandbox's own API.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from ocop_shopee import apidoc, doccheck
from ocop_shopee.sandbox import DEMO_PARTNER, DEMO_SHOP, ShopeeSandbox
from ocop_shopee.sandbox.auth_api import issue_pair
from ocop_shopee.signing import signed_query

from ocop.testing.harness import tiny_png

TEA = 100_631


class Raw:
    """Hand-signed calls for the demo partner and shop."""

    def __init__(self, sandbox: ShopeeSandbox) -> None:
        self.sandbox = sandbox
        self.access, self.refresh = issue_pair(sandbox.market, DEMO_PARTNER.partner_id, DEMO_SHOP)
        self.http = httpx.Client(base_url=sandbox.api_url, timeout=10)

    def query(
        self, endpoint: apidoc.Endpoint, common: dict[str, str | None], signing: dict[str, Any]
    ) -> dict[str, str]:
        token = (signing.get("access", self.access), signing.get("shop", DEMO_SHOP))
        signed = signed_query(
            DEMO_PARTNER.partner_id,
            DEMO_PARTNER.partner_key,
            endpoint.path,
            signing.get("timestamp", int(time.time())),
            *(token if endpoint.shop else (None, None)),
        )
        merged = {**signed, **common}
        return {k: v for k, v in merged.items() if v is not None}

    def send(
        self,
        name: str,
        values: dict[str, Any],
        common: dict[str, str | None] | None = None,
        **signing: Any,
    ) -> dict[str, Any]:
        """The answer to a call; ``signing`` may sign another ``timestamp``, ``access``
        token or ``shop`` id than the current ones (correctly signed)."""
        endpoint = apidoc.endpoint(name)
        pairs = list(self.query(endpoint, common or {}, signing).items())
        if endpoint.name == "media_space.upload_image":
            files = {k: (f"{k}.png", v) for k, v in values.items()}
            response = self.http.post(endpoint.path, params=pairs, files=files or {"other": b""})
        elif endpoint.method == "GET":
            own = [(k, v) for k, v in values.items() if isinstance(v, str)] + doccheck.encode_query(
                endpoint, {k: v for k, v in values.items() if not isinstance(v, str)}
            )
            response = self.http.get(endpoint.path, params=own + pairs)
        else:
            response = self.http.post(endpoint.path, params=pairs, json=values)
        answer: dict[str, Any] = response.json()
        return answer

    def close(self) -> None:
        self.http.close()


ITEM = {
    "item_name": "Chè xanh Tân Cương hộp 200 g",
    "description": "Chè búp hái tay ở Tân Cương, sao bằng chảo gang, nước xanh vàng.",
    "original_price": 125_000,
    "weight": 0.3,
    "category_id": TEA,
    "image": {"image_id_list": ["<image>"]},
    "logistic_info": [{"logistic_id": 50_011, "enabled": True}],
    "attribute_list": [
        {"attribute_id": 100_010, "attribute_value_list": [{"value_id": 492}]},
        {
            "attribute_id": 100_011,
            "attribute_value_list": [
                {"value_id": 0, "original_value_name": "200", "value_unit": "g"}
            ],
        },
    ],
    "brand": {"brand_id": 0, "original_brand_name": "NoBrand"},
    "item_sku": "CONF-ITEM",
    "seller_stock": [{"stock": 5}],
}


def variation(*options: str) -> list[dict[str, Any]]:
    listed = [{"variation_option_id": 0, "variation_option_name": o} for o in options]
    return [{"variation_id": 0, "variation_name": "Quy cách", "variation_option_list": listed}]


class World:
    """Fills placeholders with objects made through the sandbox's API."""

    def __init__(self, raw: Raw) -> None:
        self.raw = raw
        upload = raw.send("media_space.upload_image", {"image": tiny_png(3)})
        self.image = upload["response"]["image_info"]["image_id"]

    def item(self) -> int:
        body = fill(ITEM, self)
        answer = self.raw.send("product.add_item", body)
        assert answer["error"] == "", answer
        return int(answer["response"]["item_id"])

    def model_item(self, options: int = 2, models: int = 1) -> tuple[int, list[int]]:
        item_id = self.item()
        made = [
            {"tier_index": [i], "original_price": 100_000, "model_sku": f"CONF-M{i}",
             "seller_stock": [{"stock": 3}]}
            for i in range(models)
        ]  # fmt: skip
        body = {
            "item_id": item_id,
            "standardise_tier_variation": variation(*[f"Hộp {n + 1}00 g" for n in range(options)]),
            "model": made,
        }
        answer = self.raw.send("product.init_tier_variation", body)
        assert answer["error"] == "", answer
        return item_id, [int(m["model_id"]) for m in answer["response"]["model"]]

    def code(self) -> str:
        code = f"conf{time.monotonic_ns()}"
        self.raw.sandbox.market.db.add_code(
            code, DEMO_PARTNER.partner_id, DEMO_SHOP, time.time() + 600
        )
        return code


def fill(value: Any, world: World) -> Any:
    """``value`` with every placeholder replaced (each ``<spare…>`` makes a new object)."""
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    makers = {
        "<image>": lambda: world.image,
        "<item>": world.item,
        "<code>": world.code,
        "<refresh>": lambda: issue_pair(
            world.raw.sandbox.market, DEMO_PARTNER.partner_id, DEMO_SHOP
        )[1],
        "<partner>": lambda: DEMO_PARTNER.partner_id,
        "<shop>": lambda: DEMO_SHOP,
        "<png>": lambda: tiny_png(5),
    }
    return makers[value]() if isinstance(value, str) and value in makers else value
