"""The sandbox's shopee.vn: product pages, images, the seller's consent redirect, robots.txt.

``Behaviour.storefront`` chooses what a product page is:
    ssr      the page Shopee's server renders for crawlers (``ocop_shopee.storefront``), for
             every client: the sandbox's default, so verify can read it
    spa      the client-rendered shell a plain GET of shopee.vn gets: no product on it
    blocked  the anti-bot answer: 403 with ``{"error": 90309999, …}``
    auto     ssr for user agents that say they are a crawler, spa for the rest
An item that is not NORMAL shows Shopee's "product does not exist" notice (HTTP 200); an
unknown or deleted item is 404.
"""

from __future__ import annotations

import json
import re
import uuid
from html import escape
from typing import Any

from ocop.sandbox.market import Market
from ocop.sandbox.wire import Request, Response
from ocop_shopee.sandbox import auth_api
from ocop_shopee.sandbox.gateway import ShopeeMarket
from ocop_shopee.sandbox.items import DELETED, image_urls, settle
from ocop_shopee.sandbox.store import Doc
from ocop_shopee.storefront import NOT_EXIST, product_url

PRODUCT = re.compile(r"/(?:.*-)?i\.(\d+)\.(\d+)")
SHORT = re.compile(r"/product/(\d+)/(\d+)")
FILE = re.compile(r"/file/([^/]+)")
CRAWLERS = ("bot", "crawl", "spider", "slurp")
ROBOTS = "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /__sandbox__/\n"
SHELL = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Shopee Việt Nam | Mua và Bán'
    ' Trên Ứng Dụng Di Động Hoặc Website</title></head><body><div id="main"></div>'
    '<script src="/assets/bundle.js"></script></body></html>'
)


def _document(title: str, body: str, head: str = "", status: int = 200) -> Response:
    page = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'{head}</head><body><div id="main">{body}</div></body></html>'
    )
    return Response.html(status, page)


def handle(market: Market, request: Request) -> Response:
    """Serve one storefront request."""
    assert isinstance(market, ShopeeMarket)
    path = request.path
    if path == "/robots.txt":
        return Response(200, ROBOTS.encode(), {"Content-Type": "text/plain; charset=utf-8"})
    if path == auth_api.AUTHORISE_PATH:
        return auth_api.authorise(market, request)
    if match := FILE.fullmatch(path):
        found = market.db.image(match.group(1))
        if found is None:
            return _document("404", "<h1>404</h1>", status=404)
        return Response(200, found[1], {"Content-Type": found[0]})
    if match := SHORT.fullmatch(path):
        return _product(market, request, int(match.group(1)), int(match.group(2)), short=True)
    if match := PRODUCT.fullmatch(path):
        return _product(market, request, int(match.group(1)), int(match.group(2)), short=False)
    return _document("Shopee Việt Nam", "<h1>Không tìm thấy trang</h1>", status=404)


def _mode(market: ShopeeMarket, request: Request) -> str:
    mode = market.behaviour.storefront
    if mode == "auto":
        agent = request.headers.get("user-agent", "").lower()
        return "ssr" if any(word in agent for word in CRAWLERS) else "spa"
    return mode


def _product(
    market: ShopeeMarket, request: Request, shop_id: int, item_id: int, *, short: bool
) -> Response:
    mode = _mode(market, request)
    if mode == "blocked":
        body = {
            "error": 90309999,
            "tracking_id": str(uuid.uuid4()),
            "action_type": 2,
            "is_login": False,
        }
        return Response.json(403, body)
    if mode == "spa":
        return Response.html(200, SHELL)
    found = market.db.item(item_id)
    if found is None or found[0] != shop_id or found[1]["item_status"] in DELETED:
        return _document("Shopee Việt Nam", "<h1>404</h1>", status=404)
    doc = settle(market, found[1])
    canonical = product_url(market.storefront_url, shop_id, item_id, doc["item_name"])
    if short:
        return Response.redirect(canonical)
    if doc["item_status"] != "NORMAL":
        return _document("Shopee Việt Nam", f'<div class="product-not-exist">{NOT_EXIST}</div>')
    return render(market, doc, canonical)


def _offer(price: float, stock: int, url: str) -> dict[str, Any]:
    state = "InStock" if stock > 0 else "OutOfStock"
    return {
        "@type": "Offer",
        "price": str(int(price)),
        "priceCurrency": "VND",
        "availability": f"https://schema.org/{state}",
        "url": url,
    }


def structured_data(market: ShopeeMarket, doc: Doc, url: str) -> dict[str, Any]:
    """The page's JSON-LD: a Product, or a ProductGroup with one variant per model."""
    images = image_urls(market, doc["image_id_list"])
    common = {"@context": "https://schema.org", "name": doc["item_name"], "image": images, "url": url,
              "description": doc["description"][:500],
              "brand": {"@type": "Brand", "name": doc["brand"]["original_brand_name"]}}  # fmt: skip
    if not doc["models"]:
        offer = _offer(doc["original_price"], int(doc.get("stock", 0)), url)
        return {**common, "@type": "Product", "sku": doc.get("item_sku", ""), "offers": offer}
    options = doc["tier"][0]["options"]
    variants = [
        {
            "@type": "Product",
            "sku": m["model_sku"],
            "name": f"{doc['item_name']} {options[m['tier_index'][0]]}",
            "size": options[m["tier_index"][0]],
            "offers": _offer(m["original_price"], m["stock"], url),
        }
        for m in doc["models"]
    ]
    return {**common, "@type": "ProductGroup", "productGroupID": str(doc["item_id"]),
            "variesBy": ["https://schema.org/size"], "hasVariant": variants}  # fmt: skip


def _price_text(amount: float) -> str:
    return "₫" + f"{int(amount):,}".replace(",", ".")


def _option_button(doc: Doc, model: dict[str, Any]) -> str:
    disabled = ' aria-disabled="true"' if model["stock"] == 0 else ""
    label = doc["tier"][0]["options"][model["tier_index"][0]]
    return (
        f'<button class="product-variation" data-sku="{escape(model["model_sku"])}"{disabled}>'
        f"{escape(label)}</button>"
    )


def render(market: ShopeeMarket, doc: Doc, url: str) -> Response:
    """The server-rendered product page (see the module docstring)."""
    data = json.dumps(structured_data(market, doc, url), ensure_ascii=False).replace("</", "<\\/")
    images = image_urls(market, doc["image_id_list"])
    title = f"{doc['item_name']} | Shopee Việt Nam"
    head = (
        f'<link rel="canonical" href="{escape(url)}"><meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:url" content="{escape(url)}">'
        f'<meta property="og:image" content="{escape(images[0] if images else "")}">'
        f'<script type="application/ld+json">{data}</script>'
    )
    prices = [m["original_price"] for m in doc["models"]] or [doc["original_price"]]
    shown = _price_text(min(prices))
    if max(prices) != min(prices):
        shown += " - " + _price_text(max(prices))
    options = "".join(_option_button(doc, m) for m in doc["models"])
    body = (
        f'<h1 class="product-title">{escape(doc["item_name"])}</h1>'
        f'<div class="product-price">{shown}</div><div class="product-variations">{options}</div>'
        f'<div class="product-description">{escape(doc["description"])}</div>'
    )
    return _document(title, body, head)
