"""The sandbox Shopee's API: find the documented call, run the gateway, dispatch."""

from __future__ import annotations

from ocop.sandbox.market import Market
from ocop.sandbox.wire import Request, Response
from ocop_shopee import apidoc
from ocop_shopee.sandbox import auth_api, catalog_api, items_api, models_api
from ocop_shopee.sandbox.gateway import (
    Call,
    Refusal,
    ShopeeMarket,
    authenticate,
    own_values,
    refuse,
)

API_BASE = "/api/v2"
HANDLERS = {
    **auth_api.HANDLERS,
    **catalog_api.HANDLERS,
    **items_api.HANDLERS,
    **models_api.HANDLERS,
}
TOKEN_PATHS = frozenset(
    apidoc.endpoint(name).path.removeprefix(API_BASE) for name in auth_api.HANDLERS
)  # the kit counts these POSTs as no writes: they change no listing
UNKNOWN_PATH = "Permission denied. This API is currently offline or the request path is incorrect."


def handle(market: Market, request: Request, relative: str) -> Response:
    """Answer one API request (``relative`` is the path under ``/api/v2``)."""
    assert isinstance(market, ShopeeMarket)
    if request.path == auth_api.AUTH_PARTNER_PATH and request.method == "GET":
        return auth_api.consent_page(market, request)
    endpoint = apidoc.by_path().get(request.path)
    if endpoint is None or endpoint.method != request.method or endpoint.name not in HANDLERS:
        return refuse("error_param", UNKNOWN_PATH, 404)
    try:
        partner, shop_id = authenticate(market, request, endpoint)
        if relative not in TOKEN_PATHS and market.buckets.take(str(partner.partner_id)) > 0:
            raise Refusal(
                "error_rate_limit",
                "Too many requests. You have reached the rate limit. Please try again later.",
                429,
            )
        values = own_values(request, endpoint)
        call = Call(market, request, endpoint, partner, shop_id, values)
        return HANDLERS[endpoint.name](call)
    except Refusal as refusal:
        return refuse(refusal.error, refusal.message, refusal.status)
