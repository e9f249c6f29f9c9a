"""The Voso seller API (contract §1): signed requests, the envelope, products and images."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from ocop.sandbox.ratelimit import retry_after_seconds
from ocop.sandbox.wire import (
    Request,
    Response,
    image_type,
    is_decimal,
    is_json_request,
    json_object,
    multipart_file,
)

from . import products as voso_products
from .accounts import VOSO_PARTNERS, VOSO_SHOPS, VosoPartner
from .data import VosoMarket

TIMESTAMP_TOLERANCE_S = 300
MAX_IMAGE_BYTES = 2 * 1024 * 1024
AUTH_PARAMS = ("partner_id", "shop_id", "timestamp", "sign")
PRODUCT = re.compile(r"/products/([^/]+)")
UNLIST = re.compile(r"/products/([^/]+)/unlist")


def envelope(
    status: int, data: Any = None, error: str = "", message: str = "", **headers: str
) -> Response:
    """A Voso JSON envelope with a fresh request id."""
    payload = {"error": error, "message": message, "request_id": uuid.uuid4().hex, "data": data}
    return Response.json(status, payload, {k.replace("_", "-"): v for k, v in headers.items()})


def param_error(field: str, reason: str) -> Response:
    """400 ``error_param`` naming one field (Voso reports only the first)."""
    message = f"Invalid parameter {field}: {reason}"
    return envelope(400, {"field": field, "reason": reason}, "error_param", message)


def not_found() -> Response:
    """404 ``error_not_found``."""
    return envelope(404, None, "error_not_found", "Không tìm thấy sản phẩm")


def sign(partner_key: str, partner_id: str, path: str, timestamp: str, shop_id: str) -> str:
    """The contract's signature (used by the tests too)."""
    message = f"{partner_id}{path}{timestamp}{shop_id}".encode()
    return hmac.new(partner_key.encode(), message, hashlib.sha256).hexdigest()


def authenticate(request: Request) -> tuple[Response | None, int]:
    """(refusal or None, shop id): partner → sign → timestamp → shop, as the contract orders."""
    q = request.query
    if any(name not in q for name in AUTH_PARAMS):
        return envelope(401, None, "error_auth", "Missing authentication parameters"), 0
    partner: VosoPartner | None = (
        VOSO_PARTNERS.get(int(q["partner_id"])) if is_decimal(q["partner_id"]) else None
    )
    if partner is None:
        return envelope(401, None, "error_auth", "Unknown partner_id"), 0
    expected = sign(
        partner.partner_key, q["partner_id"], request.path, q["timestamp"], q["shop_id"]
    )
    if not hmac.compare_digest(expected.encode(), q["sign"].encode()):  # lowercase hex only
        return envelope(401, None, "error_sign", "Wrong sign."), 0
    ts = q["timestamp"]
    if not is_decimal(ts) or abs(int(ts) - time.time()) > TIMESTAMP_TOLERANCE_S:
        return envelope(401, None, "error_timestamp", "Timestamp out of range"), 0
    shop_id = int(q["shop_id"]) if is_decimal(q["shop_id"]) else -1
    if shop_id not in partner.shop_ids:
        return envelope(403, None, "error_permission", "Shop not authorised for partner"), 0
    return None, shop_id


def route(market: VosoMarket, request: Request, path: str) -> Callable[[], Response]:
    """The handler for an API path relative to the base path."""
    api = VosoApi(market, request)
    method = request.method
    if unlist := UNLIST.fullmatch(path):
        product_id = unlist.group(1)
        if method == "POST":
            return lambda: api.unlist(product_id)
    elif product := PRODUCT.fullmatch(path):
        handlers = {"GET": api.get_product, "PATCH": api.patch, "DELETE": api.delete}
        handler, product_id = handlers.get(method), product.group(1)
        if handler is not None:
            return lambda: handler(product_id)
    else:
        fixed: dict[tuple[str, str], Callable[[], Response]] = {
            ("GET", "/shop"): api.shop,
            ("POST", "/images"): api.upload_image,
            ("GET", "/categories"): api.categories,
            ("GET", "/products"): api.list_products,
            ("POST", "/products"): api.create,
        }
        if (method, path) in fixed:
            return fixed[(method, path)]
    return lambda: envelope(404, None, "error_not_found", "No such endpoint")


def handle(market: VosoMarket, request: Request, path: str) -> Response:
    """Authenticate, rate-limit and dispatch one API request."""
    refusal, _shop = authenticate(request)
    if refusal is not None:
        return refusal  # auth failures never count against the rate limit
    wait = market.buckets.take(request.query["partner_id"])
    if wait > 0:
        retry = str(retry_after_seconds(wait))
        return envelope(429, None, "error_rate_limit", "Too many requests", Retry_After=retry)
    return route(market, request, path)()


class VosoApi:
    """The endpoints of one authenticated request."""

    def __init__(self, market: VosoMarket, request: Request) -> None:
        self.market = market
        self.request = request
        self.shop_id = int(request.query.get("shop_id", "0") or 0)

    def shop(self) -> Response:
        """GET /shop."""
        name = VOSO_SHOPS[self.shop_id]
        url = voso_products.shop_url(self.market.storefront_url, self.shop_id)
        return envelope(200, {"shop_id": self.shop_id, "name": name, "url": url})

    def categories(self) -> Response:
        """GET /categories."""
        items = [
            {"category_id": c.category_id, "parent_id": c.parent_id, "name": c.name, "leaf": c.leaf}
            for c in self.market.products.categories.values()
        ]
        return envelope(200, {"items": items})

    def upload_image(self) -> Response:
        """POST /images: JPEG or PNG by content, at most 2 MiB."""
        if self.request.content_type != "multipart/form-data":
            return param_error("body", "invalid")
        data = multipart_file(self.request, "image")
        if data is None:
            return param_error("image", "missing")
        if len(data) > MAX_IMAGE_BYTES:
            return param_error("image", "too_long")
        content_type = image_type(data)
        if content_type is None:
            return param_error("image", "invalid")
        image_id = uuid.uuid4().hex[:20]
        self.market.store.add_image(self.market.name, image_id, content_type, data)
        url = f"{self.market.storefront_url}/images/{image_id}"
        return envelope(201, {"image_id": image_id, "url": url})

    def list_products(self) -> Response:
        """GET /products with paging and the ``sku``/``status`` filters."""
        q = self.request.query
        page, page_size = q.get("page", "1"), q.get("page_size", "50")
        for name, value, high in (("page", page, 10**9), ("page_size", page_size, 100)):
            if not is_decimal(value):
                return param_error(name, "invalid")
            if not 1 <= int(value) <= high:
                return param_error(name, "out_of_range")
        status = q.get("status")
        if status is not None and status not in voso_products.STATUSES:
            return param_error("status", "invalid")
        size = int(page_size)
        total, rows = self.market.products.page(
            self.shop_id, sku=q.get("sku"), status=status, offset=(int(page) - 1) * size, limit=size
        )
        items = [self._out(pid, doc) for pid, doc in rows]
        data = {"items": items, "page": int(page), "page_size": size, "total": total}
        return envelope(200, data)

    def _out(self, product_id: int, doc: dict[str, Any]) -> dict[str, Any]:
        return voso_products.as_resource(self.market.storefront_url, product_id, doc)

    def _own(self, raw_id: str) -> dict[str, Any] | None:
        if not is_decimal(raw_id):
            return None
        found = self.market.products.get(int(raw_id))
        return found[1] if found is not None and found[0] == self.shop_id else None

    def get_product(self, raw_id: str) -> Response:
        """GET /products/{id}."""
        doc = self._own(raw_id)
        return not_found() if doc is None else envelope(200, self._out(int(raw_id), doc))

    def _json_body(self) -> tuple[Response | None, dict[str, Any]]:
        if not is_json_request(self.request):
            return param_error("body", "invalid"), {}
        body = json_object(self.request)
        return (param_error("body", "invalid"), {}) if body is None else (None, body)

    def create(self) -> Response:
        """POST /products."""
        refusal, body = self._json_body()
        if refusal is not None:
            return refusal
        outcome = voso_products.create(self.market.products, self.shop_id, body)
        if isinstance(outcome, tuple):
            return self._refusal(outcome)
        created = self.get_product(str(outcome))
        created.status = 201
        return created

    def _refusal(self, outcome: tuple[str, Any]) -> Response:
        kind, detail = outcome
        if kind == "duplicate":
            data = {"product_id": detail}
            return envelope(409, data, "error_duplicate_sku", "SKU đã tồn tại trong shop")
        if kind == "banned":
            return envelope(409, None, "error_banned", "Sản phẩm đã bị khoá")
        return param_error(*detail)

    def patch(self, raw_id: str) -> Response:
        """PATCH /products/{id}: any subset of ProductInput."""
        if self._own(raw_id) is None:
            return not_found()
        refusal, body = self._json_body()
        if refusal is not None:
            return refusal
        outcome = voso_products.update(self.market.products, self.shop_id, int(raw_id), body)
        return self._refusal(outcome) if outcome is not None else self.get_product(raw_id)

    def unlist(self, raw_id: str) -> Response:
        """POST /products/{id}/unlist with ``{"unlist": bool}``."""
        doc = self._own(raw_id)
        if doc is None:
            return not_found()
        refusal, body = self._json_body()
        if refusal is not None:
            return refusal
        for name in body:
            if name != "unlist":
                return param_error(name, "unknown_field")
        if "unlist" not in body:
            return param_error("unlist", "missing")
        if not isinstance(body["unlist"], bool):
            return param_error("unlist", "invalid")
        if doc["status"] == "banned":
            return self._refusal(("banned", None))
        voso_products.set_status(
            self.market.products, int(raw_id), "hidden" if body["unlist"] else "active"
        )
        return self.get_product(raw_id)

    def delete(self, raw_id: str) -> Response:
        """DELETE /products/{id}: the SKU becomes free."""
        if self._own(raw_id) is None:
            return not_found()
        self.market.products.delete(int(raw_id))
        return envelope(200, None)
