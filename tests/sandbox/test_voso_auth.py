"""Contract §1.1: the four checks, their order, their codes."""

from __future__ import annotations

import time

import httpx

from ocop.sandbox import Sandbox
from tests.sandbox.conftest import VosoClient


def _error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


def test_signed_request_is_accepted_and_enveloped(voso: VosoClient) -> None:
    body = voso.call("GET", "/shop").json()
    assert body["error"] == "" and body["request_id"]
    assert body["data"]["shop_id"] == 200001
    assert body["data"]["url"].endswith("/htx-dac-san-thai-nguyen-s200001")


def test_unknown_partner(sandbox: Sandbox) -> None:
    client = VosoClient(sandbox["voso"].api_url, partner_id=999999)
    assert _error(client.call("GET", "/shop")) == (401, "error_auth")


def test_wrong_signature(sandbox: Sandbox) -> None:
    client = VosoClient(sandbox["voso"].api_url, partner_key="not-the-key")
    assert _error(client.call("GET", "/shop")) == (401, "error_sign")


def test_signature_covers_the_full_path_including_base(voso: VosoClient) -> None:
    params = voso.auth("/shop")  # signed without the base path
    from ocop_voso.sandbox.api import sign

    params["sign"] = sign(voso.partner_key, "100001", "/shop", params["timestamp"], "200001")
    response = voso.http.get(voso.api_url + "/shop", params=params)
    assert _error(response) == (401, "error_sign")


def test_stale_timestamp_is_checked_after_the_signature(voso: VosoClient) -> None:
    stale = int(time.time()) - 301
    response = voso.http.get(voso.api_url + "/shop", params=voso.auth("/shop", stale))
    assert _error(response) == (401, "error_timestamp")
    inside = int(time.time()) - 290
    assert (
        voso.http.get(voso.api_url + "/shop", params=voso.auth("/shop", inside)).status_code == 200
    )


def test_foreign_shop_is_forbidden_after_a_good_signature(sandbox: Sandbox) -> None:
    foreign = VosoClient(sandbox["voso"].api_url, shop_id=200002)
    assert _error(foreign.call("GET", "/shop")) == (403, "error_permission")
    owner = VosoClient(sandbox["voso"].api_url, 100002, "sandbox-voso-other-key", 200002)
    assert owner.call("GET", "/shop").json()["data"]["shop_id"] == 200002


def test_missing_parameter(voso: VosoClient) -> None:
    params = voso.auth("/shop")
    del params["timestamp"]
    assert _error(voso.http.get(voso.api_url + "/shop", params=params)) == (401, "error_auth")


def test_partner_is_checked_before_signature(sandbox: Sandbox) -> None:
    client = VosoClient(sandbox["voso"].api_url, partner_id=999999, partner_key="wrong")
    assert _error(client.call("GET", "/shop")) == (401, "error_auth")


def test_categories_tree(voso: VosoClient) -> None:
    items = voso.call("GET", "/categories").json()["data"]["items"]
    by_id = {item["category_id"]: item for item in items}
    assert by_id[1] == {
        "category_id": 1,
        "parent_id": None,
        "name": "Đặc sản vùng miền",
        "leaf": False,
    }
    assert by_id[201]["parent_id"] == 2 and by_id[201]["leaf"] is True
    assert len(items) == 11


def test_sign_must_be_lowercase_hex(voso: VosoClient) -> None:
    params = voso.auth("/shop")
    params["sign"] = params["sign"].upper()
    assert _error(voso.http.get(voso.api_url + "/shop", params=params)) == (401, "error_sign")


def test_odd_parameter_values_are_refused_not_crashed_on(voso: VosoClient) -> None:
    params = voso.auth("/shop")
    odd = {**params, "partner_id": "１００００１"}  # full-width digits are not an id
    assert _error(voso.http.get(voso.api_url + "/shop", params=odd)) == (401, "error_auth")
    odd = {**params, "sign": "chữ ký"}
    assert _error(voso.http.get(voso.api_url + "/shop", params=odd)) == (401, "error_sign")
    page = voso.call("GET", "/products", params={"page": "²"})
    assert page.status_code == 400 and page.json()["data"] == {"field": "page", "reason": "invalid"}
