"""Contract §1.3–1.4: validation (first failing field only), SKU rules, endpoints."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.sandbox.conftest import JPEG, PNG, VosoClient, voso_product


def _param(response: httpx.Response) -> tuple[int, str, Any]:
    body = response.json()
    return response.status_code, body["error"], body["data"]


def _create(voso: VosoClient, **overrides: Any) -> dict[str, Any]:
    response = voso.call("POST", "/products", json=voso_product(**overrides))
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_create_returns_an_active_product(voso: VosoClient) -> None:
    product = _create(voso)
    assert product["status"] == "active" and product["sku"] == "TN-CHE-001"
    assert product["url"].endswith(f"/che-tan-cuong-dac-biet-p{product['product_id']}.html")
    assert product["created_at"].endswith("+07:00")
    fetched = voso.call("GET", f"/products/{product['product_id']}").json()["data"]
    assert fetched == product


def test_unknown_field_is_reported_before_any_other(voso: VosoClient) -> None:
    body = voso_product(colour="red", name="short", price=1)
    response = voso.call("POST", "/products", json=body)
    assert _param(response) == (400, "error_param", {"field": "colour", "reason": "unknown_field"})


def test_only_the_first_failing_field_in_table_order(voso: VosoClient) -> None:
    body = voso_product(price=5, name="short", stock=-1)
    assert _param(voso.call("POST", "/products", json=body))[2] == {
        "field": "name",
        "reason": "too_short",
    }
    body = voso_product(price=5, stock=-1)
    assert _param(voso.call("POST", "/products", json=body))[2] == {
        "field": "price",
        "reason": "out_of_range",
    }


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"sku": "bad sku"}, "sku", "invalid"),
        ({"sku": "x" * 51}, "sku", "too_long"),
        ({"name": "n" * 121}, "name", "too_long"),
        (
            {"description": "<p class='x'>Mô tả đủ dài để qua giới hạn</p>"},
            "description",
            "invalid",
        ),
        ({"description": "<script>alert(1)</script> và mô tả dài"}, "description", "invalid"),
        ({"category_id": 1}, "category_id", "not_leaf"),
        ({"category_id": 999}, "category_id", "invalid"),
        ({"price": 999}, "price", "out_of_range"),
        ({"price": 100_000_001}, "price", "out_of_range"),
        ({"price": "125000"}, "price", "invalid"),
        ({"original_price": 100_000}, "original_price", "out_of_range"),
        ({"stock": 1_000_000}, "stock", "out_of_range"),
        ({"unit": ""}, "unit", "too_short"),
        ({"weight_gram": 0}, "weight_gram", "out_of_range"),
        ({"images": []}, "images", "too_short"),
        ({"images": ["https://x/a.jpg"] * 10}, "images", "too_long"),
        ({"images": ["/relative.jpg"]}, "images", "invalid"),
        ({"ocop_stars": 2}, "ocop_stars", "out_of_range"),
        ({"origin": "o" * 101}, "origin", "too_long"),
    ],
)
def test_field_rules(voso: VosoClient, overrides: dict[str, Any], field: str, reason: str) -> None:
    response = voso.call("POST", "/products", json=voso_product(**overrides))
    assert _param(response) == (400, "error_param", {"field": field, "reason": reason})


def test_missing_required_field(voso: VosoClient) -> None:
    body = voso_product()
    del body["unit"]
    assert _param(voso.call("POST", "/products", json=body))[2] == {
        "field": "unit",
        "reason": "missing",
    }
    del body["original_price"], body["ocop_stars"]  # optional ones may be left out
    body["unit"] = "Hộp"
    assert voso.call("POST", "/products", json=body).status_code == 201


def test_name_length_is_counted_after_nfc(voso: VosoClient) -> None:
    import unicodedata

    name = unicodedata.normalize("NFD", "Chè Tân Cươ")  # 11 characters NFC, more in NFD
    assert len(name) > 11
    product = _create(voso, name=name)
    assert product["name"] == unicodedata.normalize("NFC", name)
    longest = unicodedata.normalize("NFD", "ệ" * 120)  # 360 code points, 120 characters
    assert (
        voso.call("POST", "/products", json=voso_product(sku="LONG", name=longest)).status_code
        == 201
    )
    too_long = unicodedata.normalize("NFD", "ệ" * 121)
    response = voso.call("POST", "/products", json=voso_product(sku="LONGER", name=too_long))
    assert _param(response)[2] == {"field": "name", "reason": "too_long"}


def test_allowed_html_is_accepted(voso: VosoClient) -> None:
    text = "<p>Chè <strong>ngon</strong></p><ul><li>hộp <em>200g</em></li></ul><br/>"
    assert _create(voso, description=text)["description"] == text


def test_duplicate_sku_returns_the_existing_id(voso: VosoClient) -> None:
    first = _create(voso)
    response = voso.call("POST", "/products", json=voso_product())
    assert _param(response) == (409, "error_duplicate_sku", {"product_id": first["product_id"]})
    other = voso.call("POST", "/products", json=voso_product(sku="tn-che-001"))  # case-sensitive
    assert other.status_code == 201


def test_patch_to_a_used_sku_is_a_conflict(voso: VosoClient) -> None:
    first = _create(voso)
    second = _create(voso, sku="TN-CHE-002")
    response = voso.call("PATCH", f"/products/{second['product_id']}", json={"sku": "TN-CHE-001"})
    assert _param(response) == (409, "error_duplicate_sku", {"product_id": first["product_id"]})


def test_sku_is_freed_by_delete_but_kept_by_hidden(voso: VosoClient) -> None:
    product = _create(voso)
    pid = product["product_id"]
    assert (
        voso.call("POST", f"/products/{pid}/unlist", json={"unlist": True}).json()["data"]["status"]
        == "hidden"
    )
    assert voso.call("POST", "/products", json=voso_product()).status_code == 409
    assert voso.call("DELETE", f"/products/{pid}").json() | {"request_id": ""} == {
        "error": "", "message": "", "request_id": "", "data": None,
    }  # fmt: skip
    assert _param(voso.call("GET", f"/products/{pid}"))[:2] == (404, "error_not_found")
    assert voso.call("POST", "/products", json=voso_product()).status_code == 201


def test_banned_product_keeps_sku_refuses_unlist_but_allows_patch(
    sandbox: Any, voso: VosoClient
) -> None:
    pid = _create(voso)["product_id"]
    sandbox["voso"].mutate(pid, status="banned")
    assert (
        voso.call("POST", "/products", json=voso_product()).json()["error"] == "error_duplicate_sku"
    )
    response = voso.call("POST", f"/products/{pid}/unlist", json={"unlist": False})
    assert _param(response)[:2] == (409, "error_banned")
    patched = voso.call("PATCH", f"/products/{pid}", json={"stock": 3})
    assert patched.status_code == 200 and patched.json()["data"]["status"] == "banned"
    assert voso.call("DELETE", f"/products/{pid}").status_code == 200


def test_patch_of_price_alone_is_checked_against_the_stored_original_price(
    voso: VosoClient,
) -> None:
    pid = _create(voso, price=125_000, original_price=150_000)["product_id"]
    response = voso.call("PATCH", f"/products/{pid}", json={"price": 160_000})
    assert _param(response) == (
        400,
        "error_param",
        {"field": "original_price", "reason": "out_of_range"},
    )
    ok = voso.call(
        "PATCH", f"/products/{pid}", json={"price": 140_000, "name": "Chè Tân Cương loại một"}
    )
    assert ok.json()["data"]["price"] == 140_000
    cleared = voso.call(
        "PATCH", f"/products/{pid}", json={"original_price": None, "price": 200_000}
    )
    assert cleared.json()["data"]["original_price"] is None


def test_patch_rejects_unknown_fields_and_unknown_products(voso: VosoClient) -> None:
    pid = _create(voso)["product_id"]
    assert _param(voso.call("PATCH", f"/products/{pid}", json={"status": "active"}))[2] == {
        "field": "status", "reason": "unknown_field",
    }  # fmt: skip
    assert voso.call("PATCH", "/products/999", json={"stock": 1}).status_code == 404


def test_unlist_round_trip(voso: VosoClient) -> None:
    pid = _create(voso)["product_id"]
    assert (
        voso.call("POST", f"/products/{pid}/unlist", json={"unlist": True}).json()["data"]["status"]
        == "hidden"
    )
    assert (
        voso.call("POST", f"/products/{pid}/unlist", json={"unlist": False}).json()["data"][
            "status"
        ]
        == "active"
    )
    bad = voso.call("POST", f"/products/{pid}/unlist", json={"unlist": "yes"})
    assert _param(bad)[2] == {"field": "unlist", "reason": "invalid"}


def test_write_with_another_content_type_is_refused(voso: VosoClient) -> None:
    import json

    body = json.dumps(voso_product()).encode()
    response = voso.call("POST", "/products", content=body, headers={"Content-Type": "text/plain"})
    assert _param(response) == (400, "error_param", {"field": "body", "reason": "invalid"})
    ok = voso.call(
        "POST",
        "/products",
        content=body,
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert ok.status_code == 201


def test_image_upload_judged_by_content_and_size(sandbox: Any, voso: VosoClient) -> None:
    png = voso.call("POST", "/images", files={"image": ("photo.jpg", PNG, "image/jpeg")})
    assert png.status_code == 201
    url = png.json()["data"]["url"]
    served = httpx.get(url)
    assert served.content == PNG and served.headers["content-type"] == "image/png"
    again = voso.call("POST", "/images", files={"image": ("photo.jpg", PNG, "image/jpeg")})
    assert again.json()["data"]["image_id"] != png.json()["data"]["image_id"]
    fake = voso.call("POST", "/images", files={"image": ("photo.png", b"GIF89a....", "image/png")})
    assert _param(fake) == (400, "error_param", {"field": "image", "reason": "invalid"})
    big = voso.call(
        "POST",
        "/images",
        files={"image": ("b.jpg", JPEG + b"\0" * (2 * 1024 * 1024), "image/jpeg")},
    )
    assert _param(big)[2] == {"field": "image", "reason": "too_long"}
    assert httpx.get(sandbox["voso"].storefront_url + "/images/nope").status_code == 404


def test_paging_and_filters(voso: VosoClient) -> None:
    ids = [_create(voso, sku=f"SKU-{n:03d}")["product_id"] for n in range(5)]
    page = voso.call("GET", "/products", params={"page": 2, "page_size": 2}).json()["data"]
    assert [p["product_id"] for p in page["items"]] == ids[2:4]
    assert (page["page"], page["page_size"], page["total"]) == (2, 2, 5)
    assert voso.call("GET", "/products", params={"page_size": ""}).json()["data"]["page_size"] == 50
    found = voso.call("GET", "/products", params={"sku": "SKU-003"}).json()["data"]["items"]
    assert [p["product_id"] for p in found] == [ids[3]]
    voso.call("POST", f"/products/{ids[0]}/unlist", json={"unlist": True})
    hidden = voso.call("GET", "/products", params={"status": "hidden"}).json()["data"]
    assert hidden["total"] == 1
    assert _param(voso.call("GET", "/products", params={"page_size": 101}))[2] == {
        "field": "page_size", "reason": "out_of_range",
    }  # fmt: skip


def test_other_shops_products_are_invisible(sandbox: Any, voso: VosoClient) -> None:
    other = VosoClient(sandbox["voso"].api_url, 100002, "sandbox-voso-other-key", 200002)
    pid = _create(voso)["product_id"]
    assert other.call("GET", f"/products/{pid}").status_code == 404
    assert other.call("GET", "/products").json()["data"]["total"] == 0
    assert other.call("POST", "/products", json=voso_product()).status_code == 201  # per shop
