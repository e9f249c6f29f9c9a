"""The Postmart seller API (contract §2): OAuth tokens, the envelope, listings and media."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from ocop.sandbox.wire import (
    Request,
    Response,
    form_fields,
    image_type,
    is_decimal,
    is_json_request,
    json_object,
    multipart_file,
    now_iso,
)
from ocop.slug import slugify

from . import listings
from .accounts import POSTMART_CLIENTS, PostmartClient
from .listings import PostmartMarket
from .rules import listing_fields, only_expired, problems

TOKEN_PATH = "/oauth/token"
TOKEN_LIFETIME_S = 7200
MAX_MEDIA_BYTES = 5 * 1024 * 1024
LISTING = re.compile(r"/listings/(PM-[^/:]+)")
LISTING_ACTION = re.compile(r"/listings/(PM-[^/:]+):(activate|deactivate)")
REQUEST = re.compile(r"/listing-requests/([^/]+)")
BATCH_PATH = "/listings/offers:batchUpdate"


def ok(data: Any, status: int = 200) -> Response:
    """The success envelope."""
    return Response.json(status, {"code": 0, "message": "ok", "data": data})


def fail(
    status: int, code: int, message: str, details: list[dict[str, str]] | None = None
) -> Response:
    """The failure envelope (``details`` only for validation)."""
    payload: dict[str, Any] = {"code": code, "message": message, "data": None}
    if details is not None:
        payload["details"] = details
    return Response.json(status, payload)


def bad_request() -> Response:
    """400 code 40000 (wrong content type, unreadable body, bad cursor)."""
    return fail(400, 40000, "bad_request")


def invalid(details: list[dict[str, str]]) -> Response:
    """422: 42201 when an expired certificate is the only failure, else 42200."""
    if only_expired(details):
        return fail(422, 42201, "ocop_certificate_expired", details)
    return fail(422, 42200, "validation_failed", details)


def issue_token(market: PostmartMarket, request: Request) -> Response:
    """POST /oauth/token: the bare OAuth JSON, not the envelope; never rate-limited."""
    if request.content_type != "application/x-www-form-urlencoded":
        return bad_request()
    form = form_fields(request)
    if form.get("grant_type") != "client_credentials":
        return fail(400, 40000, "unsupported_grant_type")
    client = POSTMART_CLIENTS.get(form.get("client_id", ""))
    if client is None or not secrets.compare_digest(
        client.client_secret.encode(), form.get("client_secret", "").encode()
    ):
        return fail(401, 40100, "invalid_client")
    token = secrets.token_urlsafe(24)
    market.data.add_token(token, client.client_id, time.time() + TOKEN_LIFETIME_S)
    body = {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": TOKEN_LIFETIME_S,
        "store_id": client.store_id,
    }
    return Response.json(200, body, {"Cache-Control": "no-store"})


def authenticate(
    market: PostmartMarket, request: Request
) -> tuple[Response | None, PostmartClient | None]:
    """(refusal, client): 40100 without a well-formed Bearer header, 40101 for a bad token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or " " in token.strip():
        return fail(401, 40100, "unauthorized"), None
    found = market.data.token(token.strip())
    if found is None or found[1] <= time.time() or found[0] not in POSTMART_CLIENTS:
        return fail(401, 40101, "token_expired"), None
    return None, POSTMART_CLIENTS[found[0]]


def handle(market: PostmartMarket, request: Request, path: str) -> Response:
    """Authenticate, rate-limit, moderate what is due, and dispatch one API request."""
    if path == TOKEN_PATH and request.method == "POST":
        return issue_token(market, request)
    refusal, client = authenticate(market, request)
    if refusal is not None or client is None:
        return refusal or fail(401, 40100, "unauthorized")
    if market.buckets.take(client.client_id) > 0:
        return fail(429, 42900, "ApiCallLimit")  # no Retry-After: clients back off themselves
    listings.moderate_due(market)
    return route(PostmartApi(market, request, client), request.method, path)()


def route(api: PostmartApi, method: str, path: str) -> Callable[[], Response]:
    """The handler for one API path relative to the base path."""
    if method == "POST" and (action := LISTING_ACTION.fullmatch(path)):
        raw_id, verb = action.group(1), action.group(2)
        return lambda: api.set_active(raw_id, verb == "activate")
    if path == BATCH_PATH:
        return api.batch_offers if method == "POST" else api.not_found
    if listing := LISTING.fullmatch(path):
        handlers = {"GET": api.get_listing, "PUT": api.replace}
        handler, listing_id = handlers.get(method), listing.group(1)
        return (lambda: handler(listing_id)) if handler else api.not_found
    if method == "GET" and (request := REQUEST.fullmatch(path)):
        request_id = request.group(1)
        return lambda: api.get_request(request_id)
    fixed: dict[tuple[str, str], Callable[[], Response]] = {
        ("GET", "/store"): api.store,
        ("GET", "/categories"): api.categories,
        ("POST", "/media"): api.upload_media,
        ("GET", "/listings"): api.list_listings,
        ("POST", "/listings"): api.create,
    }
    return fixed.get((method, path), api.not_found)


class PostmartApi:
    """The endpoints of one authenticated request."""

    def __init__(self, market: PostmartMarket, request: Request, client: PostmartClient) -> None:
        self.market = market
        self.request = request
        self.client = client

    def not_found(self) -> Response:
        """404 code 40400."""
        return fail(404, 40400, "not_found")

    def store(self) -> Response:
        """GET /store."""
        url = f"{self.market.storefront_url}/shop/{slugify(self.client.store_name)}"
        return ok({"store_id": self.client.store_id, "name": self.client.store_name, "url": url})

    def categories(self) -> Response:
        """GET /categories."""
        codes = self.market.categories
        return ok({"items": [{"code": c, "name": n} for c, n in codes.items()]})

    def upload_media(self) -> Response:
        """POST /media: JPEG or PNG by content, at most 5 MiB."""
        if self.request.content_type != "multipart/form-data":
            return bad_request()
        data = multipart_file(self.request, "file")
        issue = "missing" if data is None else "too_long" if len(data) > MAX_MEDIA_BYTES else None
        content_type = image_type(data) if data is not None and issue is None else None
        if issue is None and content_type is None:
            issue = "invalid"
        if issue is not None or data is None or content_type is None:
            return invalid([{"field": "file", "issue": issue or "invalid"}])
        media_id = f"m{secrets.token_hex(10)}"
        self.market.store.add_image(self.market.name, media_id, content_type, data)
        return ok(
            {"media_id": media_id, "url": f"{self.market.storefront_url}/media/{media_id}"}, 201
        )

    def _out(self, num: int, doc: dict[str, Any]) -> dict[str, Any]:
        return listings.as_resource(self.market.storefront_url, num, doc)

    def _own(self, raw_id: str) -> tuple[int, dict[str, Any]] | None:
        num = listings.listing_num(raw_id)
        found = self.market.data.listing(num) if num is not None else None
        if found is None or found[0] != self.client.store_id or num is None:
            return None
        return num, found[1]

    def get_listing(self, raw_id: str) -> Response:
        """GET /listings/{listing_id}."""
        found = self._own(raw_id)
        return self.not_found() if found is None else ok(self._out(*found))

    def list_listings(self) -> Response:
        """GET /listings: cursor paging; filters are not in the cursor."""
        q = self.request.query
        limit, cursor, status = q.get("limit", "20"), q.get("cursor", "0"), q.get("status")
        details = []
        if not is_decimal(limit) or not 1 <= int(limit) <= 50:
            details.append({"field": "limit", "issue": "out_of_range"})
        if status is not None and status not in listings.STATUSES:
            details.append({"field": "status", "issue": "invalid"})
        if details:
            return invalid(details)
        if not is_decimal(cursor):
            return bad_request()
        rows = self.market.data.listings(
            self.client.store_id, after=int(cursor), limit=int(limit) + 1,
            seller_sku=q.get("seller_sku"), status=status,
        )  # fmt: skip
        page = rows[: int(limit)]
        next_cursor = str(page[-1][0]) if len(rows) > int(limit) else None
        return ok({"items": [self._out(n, d) for n, d in page], "next_cursor": next_cursor})

    def _input(self) -> tuple[Response | None, dict[str, Any]]:
        if not is_json_request(self.request):
            return bad_request(), {}
        body = json_object(self.request)
        if body is None:
            return bad_request(), {}
        details = problems(body, codes=self.market.categories)
        return (invalid(details), {}) if details else (None, listing_fields(body))

    def create(self) -> Response:
        """POST /listings: moderated; the same seller_sku twice makes two listings."""
        refusal, payload = self._input()
        if refusal is not None:
            return refusal
        request = listings.submit(self.market, self.client.store_id, payload, None)
        return ok({"request_id": request["request_id"], "state": request["state"]}, 202)

    def get_request(self, request_id: str) -> Response:
        """GET /listing-requests/{request_id}."""
        request = self.market.data.request(request_id)
        if request is None or request["store_id"] != self.client.store_id:
            return self.not_found()
        keys = ("request_id", "state", "listing_id", "reason")
        return ok({key: request[key] for key in keys})

    def replace(self, raw_id: str) -> Response:
        """PUT /listings/{id}: a full replacement, live only once approved."""
        found = self._own(raw_id)
        if found is None:
            return self.not_found()
        refusal, payload = self._input()
        if refusal is not None:
            return refusal
        request = listings.submit(self.market, self.client.store_id, payload, found[0])
        data = {
            "request_id": request["request_id"],
            "listing_id": raw_id,
            "state": request["state"],
        }
        return ok(data, 202)

    def batch_offers(self) -> Response:
        """POST /listings/offers:batchUpdate: 1–50 price/stock changes, no review."""
        if not is_json_request(self.request):
            return bad_request()
        body = json_object(self.request)
        if body is None:
            return bad_request()
        offers = body.get("offers")
        if not isinstance(offers, list) or not all(isinstance(o, dict) for o in offers):
            return invalid(
                [{"field": "offers", "issue": "invalid" if offers is not None else "missing"}]
            )
        if not 1 <= len(offers) <= 50:
            return invalid(
                [{"field": "offers", "issue": "too_short" if not offers else "too_long"}]
            )
        return ok({"results": [self._apply_offer(offer) for offer in offers]})

    def _apply_offer(self, offer: dict[str, Any]) -> dict[str, Any]:
        raw_id = offer.get("listing_id")
        found = self._own(raw_id) if isinstance(raw_id, str) else None
        failure = listings.offer_failure(found[1] if found else None, offer)
        if failure is not None or found is None:
            code, message = failure or (40400, "listing_not_found")
            return {"listing_id": raw_id, "ok": False, "code": code, "message": message}
        num, doc = found
        doc.update({k: offer[k] for k in ("price", "stock") if offer.get(k) is not None})
        doc["updated_at"] = now_iso()
        self.market.data.update_listing(num, doc)
        return {"listing_id": raw_id, "ok": True}

    def set_active(self, raw_id: str, active: bool) -> Response:
        """POST /listings/{id}:activate and :deactivate (409 40900 when suspended)."""
        found = self._own(raw_id)
        if found is None:
            return self.not_found()
        if found[1]["status"] == "suspended":
            return fail(409, 40900, "listing_suspended")
        if self.request.body and not is_json_request(self.request):
            return bad_request()
        doc = listings.set_status(self.market, found[0], "active" if active else "inactive")
        return ok(self._out(found[0], doc))
