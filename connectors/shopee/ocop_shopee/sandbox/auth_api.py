"""The sandbox's authorisation: the seller's consent page, codes and the two token calls.

    GET /api/v2/shop/auth_partner?partner_id&timestamp&sign&redirect   (README "Authorisation")
        a page standing in for Shopee's seller login: one "authorise" button per shop
    GET /seller/authorise?partner_id&shop_id&redirect                  (sandbox only)
        302 to ``redirect?code=…&shop_id=…``; the code is single-use, valid 10 minutes
    POST /api/v2/auth/token/get           public.get_access_token
    POST /api/v2/auth/access_token/get    public.refresh_access_token

Access tokens live ``Behaviour.access_ttl_s`` (4 hours); refresh tokens 30 days and can be used
once: every refresh returns a new pair, as documented.
"""

from __future__ import annotations

import html
import secrets
import time
from urllib.parse import urlencode

from ocop.sandbox.wire import Request, Response, is_decimal
from ocop_shopee.sandbox.gateway import Call, Refusal, ShopeeMarket, answer, raw_query
from ocop_shopee.sandbox.world import PARTNERS
from ocop_shopee.signing import base_string, fresh, sign

AUTH_PARTNER_PATH = "/api/v2/shop/auth_partner"
AUTHORISE_PATH = "/seller/authorise"
CODE_LIFETIME_S = 600  # "expires in 10 minutes"
REFRESH_LIFETIME_S = 30 * 24 * 3600


def issue_pair(market: ShopeeMarket, partner_id: int, shop_id: int) -> tuple[str, str]:
    """A new access token and refresh token for a shop (remembered by the store)."""
    now = time.time()
    access, refresh = secrets.token_hex(16), secrets.token_hex(16)
    market.db.add_tokens(
        partner_id,
        shop_id,
        (access, now + market.behaviour.access_ttl_s),
        (refresh, now + REFRESH_LIFETIME_S),
    )
    return access, refresh


def get_access_token(call: Call) -> Response:
    """public.get_access_token: a code from the redirect, for the shop's first pair."""
    values = call.values
    if values["partner_id"] != call.partner.partner_id:
        raise Refusal("error_param", "Wrong parameters, detail: partner_id differs from the query.")
    taken = call.market.db.take_code(values["code"], call.now)
    if taken is None or taken[0] != call.partner.partner_id:
        raise Refusal(
            "invalid_code", "The code is expired or used or invalid, please check the code."
        )
    shop_id = taken[1]
    if values.get("shop_id", shop_id) != shop_id:
        raise Refusal(
            "invalid_shop_id", "The code or shop_id is wrong, please check the code or the shop_id."
        )
    access, refresh = issue_pair(call.market, call.partner.partner_id, shop_id)
    return answer(call.endpoint, {
        "access_token": access,
        "refresh_token": refresh,
        "expire_in": int(call.market.behaviour.access_ttl_s),
        "shop_id_list": [shop_id],
        "merchant_id_list": [],
    })  # fmt: skip


def refresh_access_token(call: Call) -> Response:
    """public.refresh_access_token: spend a refresh token, get a new pair."""
    values = call.values
    if values["partner_id"] != call.partner.partner_id or "shop_id" not in values:
        raise Refusal("error_param", "Wrong parameters, detail: partner_id and shop_id are needed.")
    shop_id = values["shop_id"]
    verdict = call.market.db.take_refresh(
        values["refresh_token"], call.partner.partner_id, shop_id, call.now
    )
    if verdict == "expired":
        raise Refusal("refresh_token_expired", "Your refresh_token expired.")
    if verdict != "ok":
        raise Refusal(
            "error_shop_refresh_token",
            "Your refresh token is error ,please check refresh token or shopid.",
        )
    access, refresh = issue_pair(call.market, call.partner.partner_id, shop_id)
    return answer(call.endpoint, {
        "partner_id": call.partner.partner_id,
        "shop_id": shop_id,
        "access_token": access,
        "refresh_token": refresh,
        "expire_in": int(call.market.behaviour.access_ttl_s),
    })  # fmt: skip


def _page(title: str, body: str, status: int = 200) -> Response:
    document = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return Response.html(status, document)


def consent_page(market: ShopeeMarket, request: Request) -> Response:
    """GET auth_partner: a signed, timely request gets the consent page; others an error."""
    query = {k: v[-1] for k, v in raw_query(request).items()}
    needed = ("partner_id", "timestamp", "sign", "redirect")
    if any(not query.get(n) for n in needed) or not is_decimal(
        query["partner_id"] + query["timestamp"]
    ):
        return _page("Lỗi ủy quyền", "<p>error_param: thiếu tham số</p>", 400)
    partner = PARTNERS.get(int(query["partner_id"]))
    if partner is None:
        return _page("Lỗi ủy quyền", "<p>invalid_partner_id</p>", 403)
    message = base_string(partner.partner_id, request.path, int(query["timestamp"]))
    if sign(partner.partner_key, message) != query["sign"]:
        return _page("Lỗi ủy quyền", "<p>error_sign: Wrong sign.</p>", 403)
    if not fresh(int(query["timestamp"]), time.time()):
        return _page("Lỗi ủy quyền", "<p>error_param: Timestamp is expired.</p>", 403)
    buttons = "".join(
        f'<form method="get" action="{AUTHORISE_PATH}">'
        f'<input type="hidden" name="partner_id" value="{partner.partner_id}">'
        f'<input type="hidden" name="shop_id" value="{shop.shop_id}">'
        f'<input type="hidden" name="redirect" value="{html.escape(query["redirect"])}">'
        f'<button class="authorise" type="submit">Ủy quyền cho {html.escape(shop.name)}'
        "</button></form>"
        for shop in market.db.shops(partner.partner_id)
    )
    return _page("Ủy quyền ứng dụng (sandbox Shopee)", buttons)


def authorise(market: ShopeeMarket, request: Request) -> Response:
    """The seller pressed "authorise": a code, and the redirect Shopee makes."""
    query = {k: v[-1] for k, v in raw_query(request).items()}
    partner = (
        PARTNERS.get(int(query.get("partner_id", "0")))
        if is_decimal(query.get("partner_id", ""))
        else None
    )
    shop_id = int(query["shop_id"]) if is_decimal(query.get("shop_id", "")) else 0
    owner = market.db.shop(shop_id)
    redirect = query.get("redirect", "")
    if (
        partner is None
        or owner is None
        or owner[0] != partner.partner_id
        or not redirect.startswith(("http://", "https://"))
    ):
        return _page("Lỗi ủy quyền", "<p>error_param</p>", 400)
    code = secrets.token_hex(16)
    market.db.add_code(code, partner.partner_id, shop_id, time.time() + CODE_LIFETIME_S)
    separator = "&" if "?" in redirect else "?"
    location = f"{redirect}{separator}{urlencode({'code': code, 'shop_id': shop_id})}"
    return Response(302, b"", {"Location": location})


HANDLERS = {
    "public.get_access_token": get_access_token,
    "public.refresh_access_token": refresh_access_token,
}
