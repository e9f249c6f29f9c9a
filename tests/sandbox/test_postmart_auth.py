"""Contract §2.1: OAuth client credentials and the token codes."""

from __future__ import annotations

import httpx

from ocop.sandbox import Sandbox
from tests.sandbox.conftest import PostmartClient


def test_token_is_bare_oauth_json(postmart: PostmartClient) -> None:
    body = postmart.fetch_token().json()
    assert set(body) == {"access_token", "token_type", "expires_in", "store_id"}
    assert (body["token_type"], body["expires_in"], body["store_id"]) == (
        "Bearer",
        7200,
        "ST-000001",
    )


def test_wrong_credentials_are_40100(postmart: PostmartClient) -> None:
    response = postmart.fetch_token(client_secret="nope")
    assert response.status_code == 401 and response.json()["code"] == 40100


def test_wrong_grant_type_or_json_body_is_40000(postmart: PostmartClient) -> None:
    assert postmart.fetch_token(grant_type="password").json()["code"] == 40000
    form = {"grant_type": "client_credentials", "client_id": "sandbox-postmart-client",
            "client_secret": "sandbox-postmart-secret"}  # fmt: skip
    response = postmart.http.post(postmart.api_url + "/oauth/token", json=form)
    assert response.status_code == 400 and response.json()["code"] == 40000


def test_missing_or_malformed_header_is_40100(postmart: PostmartClient) -> None:
    assert httpx.get(postmart.api_url + "/store").json()["code"] == 40100
    basic = httpx.get(postmart.api_url + "/store", headers={"Authorization": "Basic abc"})
    assert basic.status_code == 401 and basic.json()["code"] == 40100


def test_unknown_or_expired_token_is_40101(sandbox: Sandbox, postmart: PostmartClient) -> None:
    unknown = httpx.get(postmart.api_url + "/store", headers={"Authorization": "Bearer nope"})
    assert unknown.status_code == 401 and unknown.json() | {"data": None} == {
        "code": 40101, "message": "token_expired", "data": None,
    }  # fmt: skip
    assert postmart.call("GET", "/store").status_code == 200
    sandbox["postmart"].expire_tokens()
    assert postmart.call("GET", "/store").json()["code"] == 40101
    postmart.token = postmart.fetch_token().json()["access_token"]
    assert postmart.call("GET", "/store").json()["code"] == 0


def test_a_new_token_does_not_revoke_older_ones(postmart: PostmartClient) -> None:
    old = postmart.token
    postmart.fetch_token()
    assert (
        postmart.call("GET", "/store", headers={"Authorization": f"Bearer {old}"}).status_code
        == 200
    )


def test_store_and_categories(postmart: PostmartClient) -> None:
    store = postmart.call("GET", "/store").json()
    assert store["code"] == 0 and store["message"] == "ok"
    assert store["data"]["store_id"] == "ST-000001"
    assert store["data"]["url"].endswith("/shop/htx-dac-san-thai-nguyen")
    items = postmart.call("GET", "/categories").json()["data"]["items"]
    assert {"code": "CHE-TRA", "name": "Chè, trà"} in items and len(items) == 8
