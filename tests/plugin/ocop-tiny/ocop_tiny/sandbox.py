"""tiny.example on loopback, built on ocop's sandbox kit: API under /api, pages at /."""

from __future__ import annotations

import json
import re
import uuid
from html import escape
from typing import Any, ClassVar

from ocop.connector import ListingStatus
from ocop.sandbox.kit import MarketSandbox, SandboxSetup
from ocop.sandbox.market import Market
from ocop.sandbox.ratelimit import TokenBuckets, retry_after_seconds
from ocop.sandbox.wire import Request, Response, image_type, json_object, multipart_file

KEY = "sandbox-tiny-api-key"
RATE, BURST = 20.0, 20
SCHEMA = """CREATE TABLE IF NOT EXISTS tiny_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sku TEXT NOT NULL, doc TEXT NOT NULL);"""
CATEGORIES = [
    {"id": "food", "name": "Food", "leaf": False},
    {"id": "tea", "name": "Tea", "parent": "food", "leaf": True},
]
LIMITS = {"title": (5, 100), "description": (10, 2000)}
STATUSES = {ListingStatus.ACTIVE: "active", ListingStatus.INACTIVE: "hidden",
            ListingStatus.BLOCKED: "blocked"}  # fmt: skip
ITEM = re.compile(r"/items/(\d+)(/offer|/listed)?")


def error(status: int, code: str, **detail: str) -> Response:
    return Response.json(status, {"error": code, **detail})


def problem(body: dict[str, Any], leaves: frozenset[str]) -> Response | None:
    """The first field the item refuses, or None (``leaves``: the categories items take)."""
    for name, (low, high) in LIMITS.items():
        if name in body and not (isinstance(body[name], str) and low <= len(body[name]) <= high):
            return error(422, "invalid", field=name, reason="too_short")
    price = body.get("price", 1_000)
    if not isinstance(price, int) or not 1_000 <= price <= 50_000_000:
        return error(422, "invalid", field="price", reason="out_of_range")
    if "category" in body and body["category"] not in leaves:
        return error(422, "invalid", field="category", reason="invalid")
    return None


class TinySandbox(MarketSandbox):
    """The sandbox ocop starts for tiny.example (``Marketplace.sandbox``)."""

    unknown_remote_id: ClassVar[str] = "999999"
    list_route: ClassVar[str] = "GET /items"

    def __init__(self, setup: SandboxSetup) -> None:
        setup.store.ensure("tiny", SCHEMA, 1)
        self.store = setup.store
        given = setup.categories  # ocop sandbox --categories tiny=FILE: another list
        self.categories = CATEGORIES if given is None else [
            {"id": str(c.id), "name": c.name, "parent": None if c.parent is None else str(c.parent),
             "leaf": c.leaf} for c in given
        ]  # fmt: skip
        self.leaves = frozenset(str(c["id"]) for c in self.categories if c["leaf"])
        market = Market("tiny", "/api", setup.store, setup.faults("tiny", RATE, BURST),
                        TokenBuckets(RATE, BURST))  # fmt: skip
        super().__init__(setup, market)

    def env(self) -> dict[str, str]:
        return {
            "OCOP_TINY_API_URL": self.api_url,
            "OCOP_TINY_STOREFRONT_URL": self.storefront_url,
            "OCOP_TINY_API_KEY": KEY,
        }

    # --- rows -------------------------------------------------------------------------------

    def item(self, item_id: int) -> dict[str, Any] | None:
        rows = self.store.rows("SELECT doc FROM tiny_items WHERE id = ?", (item_id,))
        return json.loads(rows[0][0]) if rows else None

    def save(self, doc: dict[str, Any]) -> dict[str, Any]:
        text = json.dumps(doc, ensure_ascii=False)
        if "id" in doc:
            self.store.execute("UPDATE tiny_items SET sku = ?, doc = ? WHERE id = ?",
                               (doc["sku"], text, doc["id"]))  # fmt: skip
        else:
            cursor = self.store.execute("INSERT INTO tiny_items (sku, doc) VALUES (?, ?)",
                                        (doc["sku"], text))  # fmt: skip
            doc = {**doc, "id": cursor.lastrowid}
            self.store.execute("UPDATE tiny_items SET doc = ? WHERE id = ?",
                               (json.dumps(doc, ensure_ascii=False), doc["id"]))  # fmt: skip
        return doc

    def out(self, doc: dict[str, Any]) -> dict[str, Any]:
        return {**doc, "url": f"{self.storefront_url}/item/{doc['id']}"}

    # --- the API ----------------------------------------------------------------------------

    def serve_api(self, request: Request, path: str) -> Response:
        if request.headers.get("authorization") != f"Key {KEY}":
            return error(401, "unauthorized")
        wait = self.market.buckets.take(KEY)
        if wait > 0:
            retry = {"Retry-After": str(retry_after_seconds(wait))}
            return Response.json(429, {"error": "rate_limited"}, retry)
        if match := ITEM.fullmatch(path):
            return self.item_call(request, int(match[1]), match[2] or "")
        routes = {
            ("GET", "/shop"): lambda: Response.json(200, {"id": "1", "name": "HTX Tí Hon",
                                                          "url": f"{self.storefront_url}/shop"}),
            ("GET", "/categories"): lambda: Response.json(200, {"categories": self.categories}),
            ("POST", "/images"): lambda: self.upload(request),
            ("GET", "/items"): lambda: self.page(request),
            ("POST", "/items"): lambda: self.create(request),
        }  # fmt: skip
        route = routes.get((request.method, path))
        return route() if route else error(404, "not_found")

    def upload(self, request: Request) -> Response:
        data = multipart_file(request, "file")
        kind = image_type(data or b"")
        if data is None or kind is None or len(data) > 1024 * 1024:
            return error(422, "invalid", field="file", reason="invalid")
        image_id = uuid.uuid4().hex[:12]
        self.store.add_image("tiny", image_id, kind, data)
        return Response.json(201, {"url": f"{self.storefront_url}/img/{image_id}"})

    def page(self, request: Request) -> Response:
        page, size = int(request.query.get("page", "1")), int(request.query.get("per_page", "50"))
        sku = request.query.get("sku")
        sql, args = "SELECT doc FROM tiny_items", ()
        if sku is not None:
            sql, args = sql + " WHERE sku = ?", (sku,)
        rows = self.store.rows(
            sql + " ORDER BY id LIMIT ? OFFSET ?", (*args, size + 1, (page - 1) * size)
        )
        items = [self.out(json.loads(row[0])) for row in rows[:size]]
        return Response.json(
            200, {"items": items, "next_page": page + 1 if len(rows) > size else None}
        )

    def create(self, request: Request) -> Response:
        body = json_object(request) or {}
        refusal = problem(body, self.leaves) or (
            None if body.get("sku") else error(422, "invalid", field="sku")
        )
        if refusal is not None:
            return refusal
        return Response.json(201, self.out(self.save({**body, "status": "active"})))

    def item_call(self, request: Request, item_id: int, action: str) -> Response:
        doc = self.item(item_id)
        if doc is None:
            return error(404, "not_found")
        body = json_object(request) or {}
        if request.method == "GET" and not action:
            return Response.json(200, self.out(doc))
        if request.method == "PUT" and not action:
            refusal = problem(body, self.leaves)
            return refusal or Response.json(
                200, self.out(self.save({**doc, **body, "id": item_id}))
            )
        if request.method == "POST" and action == "/offer":
            refusal = problem(body, self.leaves)
            changes = {k: body[k] for k in ("price", "stock") if k in body}
            return refusal or Response.json(200, self.out(self.save({**doc, **changes})))
        if request.method == "POST" and action == "/listed":
            if doc["status"] == "blocked":
                return error(409, "blocked")
            status = "active" if body.get("listed") else "hidden"
            return Response.json(200, self.out(self.save({**doc, "status": status})))
        return error(404, "not_found")

    # --- the storefront ---------------------------------------------------------------------

    def serve_page(self, request: Request) -> Response:
        path = request.path
        if path == "/robots.txt":
            return Response(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
        if path.startswith("/img/"):
            found = self.store.image("tiny", path.removeprefix("/img/"))
            return Response(200, found[1], {"Content-Type": found[0]}) if found else Response(404)
        if path == "/shop":
            rows = self.store.rows("SELECT doc FROM tiny_items ORDER BY id")
            docs = [json.loads(row[0]) for row in rows]
            links = "".join(f'<a class="item" href="/item/{d["id"]}">{escape(d["title"])}</a>'
                            for d in docs if d["status"] == "active")  # fmt: skip
            return Response.html(200, f"<html><body>{links}</body></html>")
        match = re.fullmatch(r"/item/(\d+)", path)
        doc = self.item(int(match[1])) if match else None
        if doc is None or doc["status"] != "active":
            return Response.html(404, "<html><body>Không tìm thấy</body></html>")
        return Response.html(200, product_page(doc))

    # --- the neutral operations the shared suites use ----------------------------------------

    def hand_made(self, sku: str, *, price: int = 100_000, stock: int = 10) -> str:
        doc = {"sku": sku, "title": f"Hàng làm tay {sku}", "description": "Người bán tự đăng.",
               "category": min(self.leaves), "price": price, "list_price": None, "stock": stock,
               "images": [], "stars": None, "status": "active"}  # fmt: skip
        return str(self.save(doc)["id"])

    def change_listing(
        self,
        remote_id: str,
        *,
        price: int | None = None,
        stock: int | None = None,
        status: ListingStatus | None = None,
    ) -> None:
        doc = self.item(int(remote_id))
        if doc is None:
            raise KeyError(remote_id)
        changes = {"price": price, "stock": stock, "status": STATUSES[status] if status else None}
        self.save({**doc, **{k: v for k, v in changes.items() if v is not None}})


def product_page(doc: dict[str, Any]) -> str:
    availability = "InStock" if doc["stock"] else "OutOfStock"
    data = {"@context": "https://schema.org", "@type": "Product", "name": doc["title"],
            "sku": doc["sku"], "offers": {"@type": "Offer", "price": doc["price"],
            "priceCurrency": "VND", "availability": f"https://schema.org/{availability}"}}  # fmt: skip
    stars = f'<span class="stars" data-value="{doc["stars"]}"></span>' if doc.get("stars") else ""
    return (
        f'<html><head><script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}'
        f"</script></head><body><h1>{escape(doc['title'])}</h1>{stars}</body></html>"
    )
