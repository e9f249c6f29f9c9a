"""What every sandbox Shopee call goes through: common parameters, signature, timestamp, token,
rate limit, the call's own parameters, and the answer's envelope.

All of it is read from Shopee's files (``ocop_shopee.apidoc``): the path and method of each
call, whether it is a Shop or a Public call, its parameter table (``doccheck``) and its error
names. Error messages are the documented ones (``common_error_list``). The documentation gives
no HTTP statuses; the sandbox answers a failure with 403 (credentials, signature, token), 404
(an item that does not exist), 429 (rate limit) or 400 (anything else), and a success with 200.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from ocop.sandbox.market import Market
from ocop.sandbox.wire import Request, Response, is_decimal, is_json_request, json_object
from ocop_shopee import apidoc, doccheck
from ocop_shopee.sandbox.store import ShopeeStore
from ocop_shopee.sandbox.world import CATEGORIES, PARTNERS, Partner, Tree
from ocop_shopee.signing import base_string, fresh, sign

FORBIDDEN = frozenset({
    "error_auth", "error_sign", "invalid_acceess_token", "invalid_partner_id", "shop_no_linked",
    "error_shop_refresh_token", "refresh_token_expired", "invalid_code", "invalid_shop_id",
})  # fmt: skip
MISSING_COMMON = {
    "partner_id": "There is no partner_id in query.",
    "timestamp": "no timestamp",
    "sign": "There is no sign in query.",
    "access_token": "There is no access_token in query.",
    "shop_id": "The shop id you provided is not found. Please check your shop id.",
}


@dataclass
class Behaviour:
    """The sandbox Shopee's own knobs (besides the kit's faults)."""

    access_ttl_s: float = 14_400  # "expires after 4 hours"
    review_s: float = 0.0  # a new or edited item stays REVIEWING this long (0: no review)
    storefront: str = "ssr"  # ssr (rendered for crawlers), spa, blocked, auto (by user agent)


@dataclass
class ShopeeMarket(Market):
    """The kit's market plus Shopee's tables and behaviour knobs."""

    db: ShopeeStore = field(kw_only=True)
    behaviour: Behaviour = field(default_factory=Behaviour)
    tree: Tree = field(default_factory=lambda: Tree(CATEGORIES))  # the categories it serves


class Refusal(Exception):
    """A call refused with a documented error name; raised by handlers, answered here."""

    def __init__(self, error: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.error = error
        self.message = message
        self.status = status


@dataclass
class Call:
    """One authenticated call, as a handler sees it."""

    market: ShopeeMarket
    request: Request
    endpoint: apidoc.Endpoint
    partner: Partner
    shop_id: int  # 0 for a Public call
    values: dict[str, Any]  # the call's own parameters, typed (query or JSON body)

    @property
    def now(self) -> float:
        return time.time()


def answer(endpoint: apidoc.Endpoint, data: dict[str, Any] | None = None) -> Response:
    """A success: the envelope, plus ``response`` (or, for a flat call, the fields at top)."""
    payload: dict[str, Any] = {"error": "", "message": "", "request_id": uuid.uuid4().hex}
    if any(p.name == "warning" for p in endpoint.answer):
        payload["warning"] = ""
    if endpoint.flat:
        payload.update(data or {})
    elif data is not None:
        payload["response"] = data
    return Response.json(200, payload)


def page_of(entries: list[Any], offset: int, size: int) -> tuple[list[Any], dict[str, Any]]:
    """One page of ``entries`` and the documented paging fields (has_next_page, next_offset)."""
    more = offset + size < len(entries)
    return entries[offset : offset + size], {
        "has_next_page": more,
        "next_offset": offset + size if more else 0,
    }


def refuse(error: str, message: str, status: int | None = None) -> Response:
    """A failure: the envelope with a documented error name."""
    if status is None:
        status = 403 if error in FORBIDDEN else 404 if error == "error_item_not_found" else 400
    payload = {"error": error, "message": message, "request_id": uuid.uuid4().hex}
    return Response.json(status, payload)


def wrong(problem: doccheck.Problem) -> Refusal:
    """``error_param`` naming a field, worded like Shopee's gateway."""
    return Refusal(
        "error_param", f"Wrong parameters, detail: invalid field {problem.field}: {problem.reason}."
    )


def within(name: str, entries: list[Any], low: int, high: int) -> None:
    """A list whose length a description limits ("Length should be between 1 to 50")."""
    if not low <= len(entries) <= high:
        raise wrong(doccheck.Problem(name, "out_of_range"))


def raw_query(request: Request) -> dict[str, list[str]]:
    """Every query parameter with all its values (string lists repeat the key)."""
    return parse_qs(request.raw_query, keep_blank_values=False)


def _single(query: dict[str, list[str]], name: str) -> str:
    values = query.get(name) or [""]
    return values[-1]


def _common(query: dict[str, list[str]], endpoint: apidoc.Endpoint) -> None:
    for name in doccheck.common_params(endpoint):
        if not _single(query, name):
            raise Refusal("error_param", MISSING_COMMON[name])
    if not is_decimal(_single(query, "partner_id")):
        raise Refusal(
            "error_param", "Partner_id is invalid, should be an integer between 0 and 4294967295."
        )
    if not is_decimal(_single(query, "timestamp")):
        raise Refusal(
            "error_param", "Timestamp is invalid, should be an integer between 0 and 4294967295."
        )


def authenticate(
    market: ShopeeMarket, request: Request, endpoint: apidoc.Endpoint
) -> tuple[Partner, int]:
    """(partner, shop id) of a correctly signed, timely call; ``Refusal`` otherwise.

    Order: parameters present → partner → signature → timestamp → access token and shop.
    """
    query = raw_query(request)
    _common(query, endpoint)
    partner = PARTNERS.get(int(_single(query, "partner_id")))
    if partner is None:
        raise Refusal("invalid_partner_id", "Invalid partner_id, please have a check.")
    timestamp = int(_single(query, "timestamp"))
    path = request.path
    if endpoint.shop:  # signed over the token and the shop id exactly as sent
        token, shop_text = _single(query, "access_token"), _single(query, "shop_id")
        message = f"{base_string(partner.partner_id, path, timestamp)}{token}{shop_text}"
    else:
        token, shop_text, message = "", "", base_string(partner.partner_id, path, timestamp)
    if sign(partner.partner_key, message) != _single(query, "sign"):
        raise Refusal("error_sign", "Wrong sign.")
    if not fresh(timestamp, time.time()):
        raise Refusal("error_param", "Timestamp is expired.")
    if not endpoint.shop:
        return partner, 0
    shop_id = int(shop_text) if is_decimal(shop_text) else -1
    _check_token(market, partner, token, shop_id)
    return partner, shop_id


def _check_token(market: ShopeeMarket, partner: Partner, token: str, shop_id: int) -> None:
    issued = market.db.access(token)
    if issued is None or issued[2] < time.time():
        raise Refusal("invalid_acceess_token", "Invalid access_token.")
    if issued[:2] != (partner.partner_id, shop_id):
        raise Refusal("error_auth", "Invalid partner_id or shopid.")


def own_values(request: Request, endpoint: apidoc.Endpoint) -> dict[str, Any]:
    """The call's own parameters, checked against its table (first problem refused)."""
    if endpoint.method == "GET":
        values, problems = doccheck.check_query(endpoint, raw_query(request))
    elif endpoint.name == "media_space.upload_image":
        return {}  # multipart: read by the handler
    else:
        if not is_json_request(request):
            raise Refusal("error_data", "parse data failed")
        body = json_object(request)
        if body is None:
            raise Refusal("error_data", "parse data failed")
        values, problems = body, doccheck.check_body(endpoint, body)
    if problems:
        raise wrong(problems[0])
    return values
