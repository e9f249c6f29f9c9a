"""The client on a mock transport: signing, the error boundary, retries, token refresh, logs."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from ocop_shopee.client import ShopeeClient
from ocop_shopee.errors import AuthorisationExpired, ItemBlocked, error_for
from ocop_shopee.models import AddedItem, Categories, ModelOutcomes, Nothing, TokenAnswer
from ocop_shopee.signing import base_string, sign
from ocop_shopee.tokens import ShopTokens, TokenKeeper, TokenStore

from ocop.credentials import Secret
from ocop.errors import (
    AuthenticationError,
    Conflict,
    MalformedAnswer,
    NotFound,
    OutcomeUnknown,
    PermanentError,
    RateLimited,
    TransientError,
    ValidationRejected,
)
from ocop.http import RetryPolicy

KEY = "partner-key-for-tests"
PARTNER, SHOP = 1001, 2002
Handler = Callable[[httpx.Request], httpx.Response]


def envelope(
    response: dict[str, Any] | None = None, error: str = "", message: str = "", status: int = 200
) -> httpx.Response:
    body: dict[str, Any] = {"error": error, "message": message, "request_id": "r1", "warning": ""}
    if response is not None:
        body["response"] = response
    return httpx.Response(status, json=body)


def keeper(tmp_path: Path, refreshed: list[str], expires_in: float = 3600) -> TokenKeeper:
    store = TokenStore(tmp_path / "tokens.json")
    now = time.time()
    with store.locked():
        store.save(
            "k",
            ShopTokens(
                PARTNER,
                SHOP,
                Secret("access-0"),
                Secret("refresh-0"),
                now + expires_in,
                now + 10**6,
            ),
        )

    def refresh(token: Secret, shop_id: int) -> TokenAnswer:
        refreshed.append(token.reveal())
        n = len(refreshed)
        return TokenAnswer(
            access_token=f"access-{n}", refresh_token=f"refresh-{n}", expire_in=14400
        )

    return TokenKeeper(store, "k", refresh)


def client(tmp_path: Path, handler: Handler, refreshed: list[str] | None = None) -> ShopeeClient:
    made = ShopeeClient(
        "https://partner.test-stable.shopeemobile.com",
        PARTNER,
        Secret(KEY),
        tokens=keeper(tmp_path, refreshed if refreshed is not None else []),
        transport=httpx.MockTransport(handler),
        policy=RetryPolicy(attempts=3, initial=0.0, cap=0.0, sleep=lambda _s: None),
    )
    return made


def query(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(urlsplit(str(request.url)).query)


def test_shop_calls_are_signed_with_token_and_shop(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return envelope({"category_list": []})

    client(tmp_path, handler).call("product.get_category", Categories, params={"language": "vi"})
    q = {k: v[0] for k, v in query(seen[0]).items()}
    message = base_string(
        PARTNER, "/api/v2/product/get_category", int(q["timestamp"]), "access-0", SHOP
    )
    assert (
        q["sign"] == sign(KEY, message)
        and q["access_token"] == "access-0"
        and q["shop_id"] == str(SHOP)
    )
    assert abs(int(q["timestamp"]) - time.time()) < 5 and q["language"] == "vi"


def test_public_calls_are_signed_without_token(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"error": "", "message": "", "request_id": "r",
                                         "access_token": "a", "refresh_token": "b", "expire_in": 14400})  # fmt: skip

    client(tmp_path, handler).call(
        "public.get_access_token", TokenAnswer, body={"code": "c", "partner_id": PARTNER}
    )
    q = {k: v[0] for k, v in query(seen[0]).items()}
    assert set(q) == {"partner_id", "timestamp", "sign"}
    assert q["sign"] == sign(
        KEY, base_string(PARTNER, "/api/v2/auth/token/get", int(q["timestamp"]))
    )
    assert json.loads(seen[0].content) == {"code": "c", "partner_id": PARTNER}
    assert seen[0].headers["content-type"].startswith("application/json")


def test_lists_travel_in_their_documented_forms(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return envelope({"item": [], "total_count": 0, "has_next_page": False})

    from ocop_shopee.models import ItemPage

    params = {"offset": 0, "page_size": 10, "item_status": ["NORMAL", "UNLIST"]}
    client(tmp_path, handler).call("product.get_item_list", ItemPage, params=params)
    assert query(seen[0])["item_status"] == ["NORMAL", "UNLIST"]


@pytest.mark.parametrize(
    ("name", "message", "kind"),
    [
        ("error_sign", "Wrong sign.", AuthenticationError),
        ("error_auth", "Invalid partner_id or shopid.", AuthenticationError),
        ("refresh_token_expired", "Your refresh_token expired.", AuthorisationExpired),
        ("error_rate_limit", "Too many requests.", RateLimited),
        ("error_item_not_found", "Item_id is not found.", NotFound),
        ("product.error_param", "invalid field ItemId: value must  Not Null", ValidationRejected),
        (
            "error_item_name_is_too_short",
            "Item_name length is less than min limit.",
            ValidationRejected,
        ),
        ("error_busi_cannot_delist_reviewing_or_banned_item", "Banned …", ItemBlocked),
        ("error_cannt_edit_price_in_promotion", "…", Conflict),
        ("error_system_busy", "Our system is taking some time to respond", TransientError),
        ("error_made_up_by_a_future_shopee", "?", PermanentError),
    ],
)
def test_error_names_map_into_the_one_tree(name: str, message: str, kind: type[Exception]) -> None:
    error = error_for(name, message, operation="x", creates=False, remote_id="1")
    assert type(error) is kind or (kind is PermanentError and isinstance(error, PermanentError))


def test_a_validation_error_names_the_field_in_ocops_words() -> None:
    error = error_for(
        "product.error_param",
        "invalid field ItemId: value must  Not Null",
        operation="x",
        creates=False,
    )
    assert isinstance(error, ValidationRejected)
    assert [(i.field, i.reason) for i in error.issues] == [("item_id", "missing")]
    named = error_for("error_param", "Image not exist.", operation="x", creates=False)
    assert isinstance(named, ValidationRejected) and named.issues[0].field == "image"


def test_an_expired_refresh_token_says_what_to_do() -> None:
    error = error_for(
        "error_shop_refresh_token", "Your refresh token is error", operation="x", creates=False
    )
    assert isinstance(error, AuthorisationExpired) and "ocop auth shopee" in str(error)


def test_a_busy_answer_to_a_creation_is_an_unknown_outcome_sent_once(tmp_path: Path) -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return envelope(error="error_system_busy", message="busy", status=500)

    with pytest.raises(OutcomeUnknown):
        client(tmp_path, handler).call("product.add_item", AddedItem, body={})
    assert sent == ["/api/v2/product/add_item"]


def test_setting_a_value_is_retried_through_a_5xx(tmp_path: Path) -> None:
    answers = [
        httpx.Response(504),
        envelope(error="error_inner", message="try later"),
        envelope({}),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    outcome = client(tmp_path, handler).call(
        "product.update_price", ModelOutcomes, body={"item_id": 1}
    )
    assert outcome.failure_list == [] and answers == []


def test_a_read_is_retried_and_then_reported_as_transient(tmp_path: Path) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(502, text="<html>bad gateway</html>")

    with pytest.raises(TransientError) as caught:
        client(tmp_path, handler).call("product.get_category", Categories)
    assert len(calls) == 3 and not isinstance(caught.value, OutcomeUnknown)


def test_a_malformed_answer_names_the_call_and_the_field(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return envelope({"item_status": "NORMAL"})  # no item_id

    # a write answered with nonsense may still have taken effect: looked up, never resent
    with pytest.raises(OutcomeUnknown) as caught:
        client(tmp_path, handler).call("product.add_item", AddedItem, body={})
    assert "product.add_item" in str(caught.value) and "item_id" in str(caught.value)

    def no_envelope(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[1, 2])

    with pytest.raises(MalformedAnswer, match="no envelope"):
        client(tmp_path, no_envelope).call("product.get_category", Categories)


def test_a_refused_token_is_refreshed_once_and_the_call_repeated_once(tmp_path: Path) -> None:
    tokens: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        token = query(request)["access_token"][0]
        tokens.append(token)
        if token == "access-0":
            return envelope(
                error="invalid_acceess_token", message="Invalid access_token.", status=403
            )
        return envelope({})

    refreshed: list[str] = []
    client(tmp_path, handler, refreshed).call("product.delete_item", Nothing, body={"item_id": 1})
    assert tokens == ["access-0", "access-1"] and refreshed == ["refresh-0"]
    stored = TokenStore(tmp_path / "tokens.json").load("k")
    assert stored is not None and stored.refresh_token.reveal() == "refresh-1"  # the newest is kept

    def always(request: httpx.Request) -> httpx.Response:
        return envelope(error="invalid_acceess_token", message="Invalid access_token.", status=403)

    with pytest.raises(AuthenticationError):
        client(tmp_path / "other", always, []).call(
            "product.delete_item", Nothing, body={"item_id": 1}
        )


def test_tokens_and_signatures_never_reach_the_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    def handler(request: httpx.Request) -> httpx.Response:
        return envelope({"category_list": []})

    client(tmp_path, handler).call("product.get_category", Categories)
    lines = [record.getMessage() for record in caplog.records]
    assert any("get_category" in line for line in lines)
    assert not any("access-0" in line or KEY in line for line in lines)
    assert any("access_token=********" in line for line in lines)
