"""Contract §2.3–2.4: validation (every field), moderation, paging, PUT, batch offers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from ocop.sandbox import Sandbox
from ocop.sandbox.wire import VIETNAM
from tests.sandbox.conftest import JPEG, PNG, PostmartClient, postmart_listing


def _submit(postmart: PostmartClient, **overrides: Any) -> str:
    response = postmart.call("POST", "/listings", json=postmart_listing(**overrides))
    assert response.status_code == 202, response.text
    assert response.json()["data"]["state"] == "pending_review"
    request_id: str = response.json()["data"]["request_id"]
    return request_id


def _approved(postmart: PostmartClient, **overrides: Any) -> str:
    request_id = _submit(postmart, **overrides)
    data = postmart.call("GET", f"/listing-requests/{request_id}").json()["data"]
    assert data["state"] == "approved", data
    listing_id: str = data["listing_id"]
    return listing_id


def _listing(postmart: PostmartClient, listing_id: str) -> dict[str, Any]:
    data: dict[str, Any] = postmart.call("GET", f"/listings/{listing_id}").json()["data"]
    return data


def test_create_is_moderated_and_decided_at_the_first_poll(postmart: PostmartClient) -> None:
    listing_id = _approved(postmart)
    assert listing_id.startswith("PM-") and len(listing_id) == 9
    listing = _listing(postmart, listing_id)
    assert listing["status"] == "active" and listing["pending_changes"] is False
    assert listing["url"].endswith(f"/p/che-tan-cuong-dac-biet-{int(listing_id[3:])}.html")


def test_duplicate_seller_sku_makes_a_second_listing(postmart: PostmartClient) -> None:
    assert _approved(postmart) != _approved(postmart)
    found = postmart.call("GET", "/listings", params={"seller_sku": "TN-CHE-001"}).json()["data"]
    assert len(found["items"]) == 2


def test_moderation_delay_and_rejection(sandbox: Sandbox, postmart: PostmartClient) -> None:
    sandbox.set_moderation(delay_s=3600, reject_title_words=["giả"])
    pending = _submit(postmart)
    assert postmart.call("GET", f"/listing-requests/{pending}").json()["data"] == {
        "request_id": pending, "state": "pending_review", "listing_id": None, "reason": None,
    }  # fmt: skip
    rejected = _submit(postmart, title="Chè Tân Cương hàng GIẢ loại một")
    sandbox.set_moderation(delay_s=0)
    data = postmart.call("GET", f"/listing-requests/{rejected}").json()["data"]
    assert data["state"] == "rejected" and data["listing_id"] is None and "giả" in data["reason"]
    assert (
        postmart.call("GET", f"/listing-requests/{pending}").json()["data"]["state"] == "approved"
    )
    assert postmart.call("GET", "/listing-requests/req_nope").json()["code"] == 40400


def test_every_failing_field_is_reported(postmart: PostmartClient) -> None:
    body = postmart_listing(title="short", price=10, stock=-1, images=[], category_code="XX")
    del body["unit"]
    response = postmart.call("POST", "/listings", json=body)
    assert response.status_code == 422 and response.json()["code"] == 42200
    assert response.json()["details"] == [
        {"field": "title", "issue": "too_short"},
        {"field": "category_code", "issue": "invalid"},
        {"field": "price", "issue": "out_of_range"},
        {"field": "stock", "issue": "out_of_range"},
        {"field": "unit", "issue": "missing"},
        {"field": "images", "issue": "too_short"},
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "issue"),
    [
        ({"seller_sku": "has space"}, "seller_sku", "invalid"),
        ({"seller_sku": "x" * 65}, "seller_sku", "too_long"),
        ({"description": "too short"}, "description", "too_short"),
        (
            {"description": "<p>Chè búp Tân Cương sao tay truyền thống</p>"},
            "description",
            "invalid",
        ),
        ({"price": 500_000_001}, "price", "out_of_range"),
        ({"list_price": 100_000}, "list_price", "out_of_range"),
        ({"stock": 100_001}, "stock", "out_of_range"),
        ({"unit": "u" * 31}, "unit", "too_long"),
        ({"net_weight_g": 0}, "net_weight_g", "out_of_range"),
        ({"shipping_weight_g": 30_001}, "shipping_weight_g", "out_of_range"),
        ({"images": ["https://x/a.jpg"] * 11}, "images", "too_long"),
        ({"images": ["ftp://x/a.jpg"]}, "images", "invalid"),
        ({"origin_province": "o" * 51}, "origin_province", "too_long"),
        (
            {"ocop": {"stars": 6, "certificate_no": "1", "valid_until": "2099-01-01"}},
            "ocop.stars",
            "out_of_range",
        ),
        ({"ocop": {"stars": 4, "valid_until": "2099-01-01"}}, "ocop.certificate_no", "missing"),
        (
            {"ocop": {"stars": 4, "certificate_no": "1", "valid_until": "31/12/2099"}},
            "ocop.valid_until",
            "invalid",
        ),
    ],
)
def test_field_rules(
    postmart: PostmartClient, overrides: dict[str, Any], field: str, issue: str
) -> None:
    response = postmart.call("POST", "/listings", json=postmart_listing(**overrides))
    assert (response.status_code, response.json()["code"]) == (422, 42200)
    assert response.json()["details"] == [{"field": field, "issue": issue}]


def _vietnam_day(offset_days: int) -> str:
    return (datetime.now(UTC).astimezone(VIETNAM).date() + timedelta(days=offset_days)).isoformat()


def test_expired_certificate_alone_is_42201(postmart: PostmartClient) -> None:
    ocop = {"stars": 4, "certificate_no": "12/QĐ", "valid_until": _vietnam_day(-1)}
    response = postmart.call("POST", "/listings", json=postmart_listing(ocop=ocop))
    assert response.status_code == 422
    assert (
        response.json()["code"] == 42201
        and response.json()["message"] == "ocop_certificate_expired"
    )
    assert response.json()["details"] == [{"field": "ocop.valid_until", "issue": "expired"}]


def test_expired_certificate_with_other_failures_is_42200(postmart: PostmartClient) -> None:
    ocop = {"stars": 4, "certificate_no": "12/QĐ", "valid_until": _vietnam_day(-1)}
    response = postmart.call("POST", "/listings", json=postmart_listing(ocop=ocop, price=1))
    assert response.json()["code"] == 42200
    assert {"field": "ocop.valid_until", "issue": "expired"} in response.json()["details"]
    assert {"field": "price", "issue": "out_of_range"} in response.json()["details"]


def test_certificate_valid_until_today_in_vietnam_is_accepted(postmart: PostmartClient) -> None:
    ocop = {"stars": 3, "certificate_no": "12/QĐ", "valid_until": _vietnam_day(0)}
    assert postmart.call("POST", "/listings", json=postmart_listing(ocop=ocop)).status_code == 202


def test_unknown_fields_are_ignored(postmart: PostmartClient) -> None:
    listing_id = _approved(postmart, colour="red", ocop=None)
    listing = _listing(postmart, listing_id)
    assert "colour" not in listing and listing["ocop"] is None


def test_write_with_another_content_type_is_40000(postmart: PostmartClient) -> None:
    import json

    body = json.dumps(postmart_listing()).encode()
    response = postmart.call(
        "POST", "/listings", content=body, headers={"Content-Type": "text/plain"}
    )
    assert (response.status_code, response.json()["code"]) == (400, 40000)
    broken = postmart.call(
        "POST", "/listings", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert broken.json()["code"] == 40000


def test_cursor_paging_with_filters_repeated(sandbox: Sandbox, postmart: PostmartClient) -> None:
    made = [sandbox["postmart"].create_listing(f"SKU-{n % 2}") for n in range(7)]
    sku0 = [m["listing_id"] for m in made if m["seller_sku"] == "SKU-0"]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, "seller_sku": "SKU-0", **({"cursor": cursor} if cursor else {})}
        data = postmart.call("GET", "/listings", params=params).json()["data"]
        seen += [item["listing_id"] for item in data["items"]]
        cursor = data["next_cursor"]
        if cursor is None:
            break
    assert seen == sku0
    default = postmart.call("GET", "/listings").json()["data"]
    assert len(default["items"]) == 7 and default["next_cursor"] is None
    bad = postmart.call("GET", "/listings", params={"limit": 51})
    assert (bad.status_code, bad.json()["code"]) == (422, 42200)


def test_status_filter(sandbox: Sandbox, postmart: PostmartClient) -> None:
    first = sandbox["postmart"].create_listing("A")
    sandbox["postmart"].create_listing("B")
    sandbox["postmart"].mutate(first["listing_id"], status="inactive")
    items = postmart.call("GET", "/listings", params={"status": "inactive"}).json()["data"]["items"]
    assert [item["listing_id"] for item in items] == [first["listing_id"]]


def test_put_keeps_old_content_until_approved_then_its_offer_wins(
    sandbox: Sandbox, postmart: PostmartClient
) -> None:
    listing_id = _approved(postmart)
    sandbox.set_moderation(delay_s=3600)
    new = postmart_listing(
        title="Chè Tân Cương thượng hạng", price=130_000, stock=5, list_price=None
    )
    response = postmart.call("PUT", f"/listings/{listing_id}", json=new)
    assert response.status_code == 202
    request_id = response.json()["data"]["request_id"]
    assert response.json()["data"]["listing_id"] == listing_id
    live = _listing(postmart, listing_id)
    assert live["title"] == "Chè Tân Cương đặc biệt" and live["pending_changes"] is True
    batch = {"offers": [{"listing_id": listing_id, "price": 120_000, "stock": 50}]}
    assert postmart.call("POST", "/listings/offers:batchUpdate", json=batch).json()["data"][
        "results"
    ][0]["ok"]
    assert _listing(postmart, listing_id)["price"] == 120_000
    sandbox.set_moderation(delay_s=0)
    assert (
        postmart.call("GET", f"/listing-requests/{request_id}").json()["data"]["state"]
        == "approved"
    )
    live = _listing(postmart, listing_id)
    assert (live["title"], live["price"], live["stock"]) == (
        "Chè Tân Cương thượng hạng",
        130_000,
        5,
    )
    assert live["list_price"] is None and live["pending_changes"] is False


def test_put_omitted_nullable_fields_become_null(postmart: PostmartClient) -> None:
    listing_id = _approved(postmart)
    body = postmart_listing()
    del body["net_weight_g"], body["ocop"]
    postmart.call("PUT", f"/listings/{listing_id}", json=body)
    postmart.call("GET", "/store")  # any call lets the moderator decide
    listing = _listing(postmart, listing_id)
    assert listing["net_weight_g"] is None and listing["ocop"] is None


def test_put_of_unknown_listing_is_40400(postmart: PostmartClient) -> None:
    response = postmart.call("PUT", "/listings/PM-999999", json=postmart_listing())
    assert (response.status_code, response.json()["code"]) == (404, 40400)
    assert postmart.call("GET", "/listings/PM-999999").json()["code"] == 40400


def test_batch_per_item_results(sandbox: Sandbox, postmart: PostmartClient) -> None:
    base = sandbox["postmart"].create_listing("A", price=100_000, list_price=140_000)["listing_id"]
    other = sandbox["postmart"].create_listing("B", price=100_000)["listing_id"]
    sandbox["postmart"].mutate(other, status="inactive")
    offers = [
        {"listing_id": base, "price": 150_000},  # above list_price
        {"listing_id": base, "price": 49_000},  # more than 50 % down
        {"listing_id": base, "price": 50_000, "stock": 7},  # exactly 50 %: allowed
        {"listing_id": "PM-999999", "price": 100_000},
        {"listing_id": other},  # neither price nor stock
        {"listing_id": other, "stock": 100_001},
        {"listing_id": other, "price": 150_000, "stock": 2},  # inactive accepts updates
        {"listing_id": other, "price": 226_000},  # >50 % above the new 150,000
    ]
    results = postmart.call("POST", "/listings/offers:batchUpdate", json={"offers": offers}).json()[
        "data"
    ]["results"]
    assert [(r["ok"], r.get("code")) for r in results] == [
        (False, 42200), (False, 40010), (True, None), (False, 40400),
        (False, 42200), (False, 42200), (True, None), (False, 40010),
    ]  # fmt: skip
    assert results[1]["message"] == "price_change_too_large"
    assert (_listing(postmart, base)["price"], _listing(postmart, base)["stock"]) == (50_000, 7)
    assert _listing(postmart, other)["price"] == 150_000


@pytest.mark.parametrize(("count", "issue"), [(0, "too_short"), (51, "too_long")])
def test_batch_size_limits(postmart: PostmartClient, count: int, issue: str) -> None:
    offers = [{"listing_id": "PM-000001", "stock": 1}] * count
    response = postmart.call("POST", "/listings/offers:batchUpdate", json={"offers": offers})
    assert (response.status_code, response.json()["code"]) == (422, 42200)
    assert response.json()["details"] == [{"field": "offers", "issue": issue}]


def test_activate_deactivate_and_suspended_conflict(
    sandbox: Sandbox, postmart: PostmartClient
) -> None:
    listing_id = sandbox["postmart"].create_listing("A")["listing_id"]
    assert (
        postmart.call("POST", f"/listings/{listing_id}:deactivate").json()["data"]["status"]
        == "inactive"
    )
    assert (
        postmart.call("POST", f"/listings/{listing_id}:activate").json()["data"]["status"]
        == "active"
    )
    sandbox["postmart"].mutate(listing_id, status="suspended")
    for action in ("activate", "deactivate"):
        response = postmart.call("POST", f"/listings/{listing_id}:{action}")
        assert (response.status_code, response.json()["code"]) == (409, 40900)


def test_media_upload(sandbox: Sandbox, postmart: PostmartClient) -> None:
    response = postmart.call("POST", "/media", files={"file": ("a.png", JPEG, "image/png")})
    assert response.status_code == 201
    served = httpx.get(response.json()["data"]["url"])
    assert served.content == JPEG and served.headers["content-type"] == "image/jpeg"
    bad = postmart.call("POST", "/media", files={"file": ("a.png", b"<svg/>", "image/png")})
    assert (bad.status_code, bad.json()["details"]) == (
        422,
        [{"field": "file", "issue": "invalid"}],
    )
    big = postmart.call(
        "POST", "/media", files={"file": ("a.png", PNG + b"\0" * (5 * 1024 * 1024), "image/png")}
    )
    assert big.json()["details"] == [{"field": "file", "issue": "too_long"}]
    assert httpx.get(sandbox["postmart"].storefront_url + "/media/nope").status_code == 404
