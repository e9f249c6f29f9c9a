"""A restart keeps everything; the /__sandbox__/ control surface works across processes."""

from __future__ import annotations

from pathlib import Path

import httpx

from ocop.sandbox import Sandbox
from tests.sandbox.conftest import PNG, PostmartClient, VosoClient, postmart_listing, voso_product


def test_restart_with_the_same_database_keeps_everything(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.db"
    with Sandbox.start(db) as sb:
        sb.set_moderation(delay_s=3600)
        voso = VosoClient(sb["voso"].api_url)
        product = voso.call("POST", "/products", json=voso_product()).json()["data"]
        image_id = voso.call("POST", "/images", files={"image": ("a.png", PNG)}).json()["data"][
            "image_id"
        ]
        postmart = PostmartClient(sb["postmart"].api_url)
        listing = sb["postmart"].create_listing("HAND-1")
        request_id = postmart.call("POST", "/listings", json=postmart_listing()).json()["data"][
            "request_id"
        ]
        token = postmart.token
    with Sandbox.start(db) as sb:
        voso = VosoClient(sb["voso"].api_url)
        again = voso.call("GET", f"/products/{product['product_id']}").json()["data"]
        assert again["sku"] == product["sku"] and again["created_at"] == product["created_at"]
        assert httpx.get(f"{sb['voso'].storefront_url}/images/{image_id}").content == PNG
        assert voso.call("POST", "/products", json=voso_product()).status_code == 409
        new_id = voso.call("POST", "/products", json=voso_product(sku="NEW")).json()["data"][
            "product_id"
        ]
        assert new_id > product["product_id"]
        postmart = PostmartClient(sb["postmart"].api_url)
        postmart.token = token  # tokens survive too
        assert (
            postmart.call("GET", f"/listings/{listing['listing_id']}").json()["data"]["seller_sku"]
            == "HAND-1"
        )
        assert (
            postmart.call("GET", f"/listing-requests/{request_id}").json()["data"]["state"]
            == "approved"
        )


def test_control_over_http(sandbox: Sandbox, voso: VosoClient) -> None:
    admin = sandbox["voso"].storefront_url + "/__sandbox__/"
    made = httpx.post(admin + "listings", json={"sku": "HAND-1", "price": 55_000}).json()
    assert made["ok"] and made["data"]["price"] == 55_000
    pid = made["data"]["product_id"]
    assert (
        httpx.post(admin + "mutate", json={"id": pid, "status": "hidden"}).json()["data"]["status"]
        == "hidden"
    )
    assert voso.call("GET", f"/products/{pid}").json()["data"]["status"] == "hidden"
    assert httpx.get(admin + "stats").json()["data"]["requests"] == 1
    assert httpx.post(admin + "faults", json={"latency_ms": 5}).json()["data"]["latency_ms"] == 5
    assert httpx.post(admin + "faults", json={"nope": 1}).status_code == 400
    assert httpx.post(admin + "delete", json={"id": pid}).json()["ok"]
    assert httpx.post(admin + "delete", json={"id": pid}).status_code == 404
    assert httpx.post(admin + "seed", json={"seed": 3}).json()["ok"]
    assert httpx.post(admin + "stats/reset").json()["ok"]
    assert httpx.get(admin + "stats").json()["data"]["requests"] == 0


def test_postmart_control_over_http(sandbox: Sandbox, postmart: PostmartClient) -> None:
    admin = sandbox["postmart"].storefront_url + "/__sandbox__/"
    made = httpx.post(admin + "listings", json={"sku": "HAND-2"}).json()["data"]
    httpx.post(admin + "mutate", json={"id": made["listing_id"], "status": "suspended"})
    assert httpx.get(made["url"]).status_code == 410
    httpx.post(admin + "moderation", json={"delay_s": 0, "reject_title_words": ["cấm"]})
    request_id = postmart.call(
        "POST", "/listings", json=postmart_listing(title="Sản phẩm cấm bán ở đây")
    ).json()["data"]["request_id"]
    assert (
        postmart.call("GET", f"/listing-requests/{request_id}").json()["data"]["state"]
        == "rejected"
    )
    assert httpx.post(admin + "expire-tokens").json()["data"] >= 1
    assert postmart.call("GET", "/store").json()["code"] == 40101


def test_database_from_the_first_schema_is_upgraded(tmp_path: Path) -> None:
    import json
    import sqlite3

    db = tmp_path / "old.db"
    with sqlite3.connect(db) as old:
        old.execute(
            "CREATE TABLE pm_requests (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            " request_id TEXT NOT NULL UNIQUE, state TEXT NOT NULL, doc TEXT NOT NULL)"
        )
        doc = {"request_id": "req_old", "state": "pending_review", "listing_id": None, "reason": None,
               "store_id": "ST-000001", "payload": postmart_listing(), "submitted_at": 1.0}  # fmt: skip
        old.execute("INSERT INTO pm_requests (request_id, state, doc) VALUES (?, ?, ?)",
                    ("req_old", "pending_review", json.dumps(doc)))  # fmt: skip
    old.close()
    with Sandbox.start(db) as sb:
        postmart = PostmartClient(sb["postmart"].api_url)
        data = postmart.call("GET", "/listing-requests/req_old").json()["data"]
        assert data["state"] == "approved" and data["listing_id"] == "PM-000001"


def test_stop_cuts_keep_alive_connections(tmp_path: Path) -> None:
    import pytest

    sb = Sandbox.start()
    voso = VosoClient(sb["voso"].api_url)
    assert (
        voso.call("GET", "/shop").status_code == 200
    )  # the client now holds a keep-alive connection
    sb.stop()
    with pytest.raises(httpx.TransportError):
        voso.call("GET", "/shop")
