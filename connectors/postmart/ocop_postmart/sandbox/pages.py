"""Postmart's storefront (contract §2.6): JSON-LD product pages, store pages, media, robots.

A product page shows a few of the store's other listings in a side column before the product,
each with a struck-out price, as real store pages do: a spider must not take their prices for
the listing's.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from ocop.sandbox.wire import Request, Response, is_decimal
from ocop.slug import slugify

from .accounts import POSTMART_CLIENTS
from .listings import PostmartMarket, product_path

PRODUCT_PAGE = re.compile(r"/p/(.*)-(\d+)\.html")
STORE_PAGE = re.compile(r"/shop/([^/]+)")
MEDIA = re.compile(r"/media/([^/]+)")
LINKS_PER_PAGE = 20
RELATED = 3  # other listings in a product page's side column
ROBOTS = "User-agent: *\nAllow: /p/\nAllow: /shop/\nDisallow: /__sandbox__/\nDisallow: /seller/\n"
SCHEMA = "https://schema.org/"


def price_text(amount: int) -> str:
    """``125.000 ₫``: dot thousands, as Postmart prints prices."""
    return f"{amount:,}".replace(",", ".") + " ₫"


def page(title: str, body: str) -> str:
    """A whole HTML document."""
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title></head><body>{body}</body></html>"
    )


def not_found(status: int = 404) -> Response:
    """A plain error page."""
    return Response.html(status, page(str(status), f"<h1>{status}</h1>"))


def handle(market: PostmartMarket, request: Request) -> Response:
    """Serve one storefront request."""
    path = request.path
    if path == "/robots.txt":
        return Response(200, ROBOTS.encode(), {"Content-Type": "text/plain; charset=utf-8"})
    if path == "/":
        return Response.html(200, page("Postmart (sandbox)", "<h1>Postmart sandbox</h1>"))
    if match := MEDIA.fullmatch(path):
        found = market.store.image(market.name, match.group(1))
        return not_found() if found is None else Response(200, found[1], {"Content-Type": found[0]})
    if match := PRODUCT_PAGE.fullmatch(path):
        return product_page(market, match.group(2), path)
    if match := STORE_PAGE.fullmatch(path):
        return store_page(market, match.group(1), request)
    return not_found()


def product_page(market: PostmartMarket, digits: str, path: str) -> Response:
    """404 unknown, 410 suspended, then 301 for a wrong slug or leading zeros."""
    found = market.data.listing(int(digits))
    if found is None:
        return not_found()
    store_id, doc = found
    if doc["status"] == "suspended":
        return not_found(410)
    canonical = product_path(int(digits), doc["title"])
    if path != canonical:
        return Response.redirect(market.storefront_url + canonical)
    others = market.data.listings(store_id, status="active", offset=0, limit=RELATED + 1)
    related = [(num, other) for num, other in others if num != int(digits)][:RELATED]
    return Response.html(200, render_product(market.storefront_url + canonical, doc, related))


def availability(doc: dict[str, Any]) -> str:
    """schema.org availability: Discontinued (inactive), OutOfStock (stock 0) or InStock."""
    if doc["status"] == "inactive":
        return SCHEMA + "Discontinued"
    return SCHEMA + ("OutOfStock" if doc["stock"] == 0 else "InStock")


def render_product(
    url: str, doc: dict[str, Any], related: list[tuple[int, dict[str, Any]]] | None = None
) -> str:
    """The server-rendered product page with the contract's markup: the listing in the
    ``product-main`` block, the store's other listings in a side column before it."""
    offer = {
        "@type": "Offer",
        "price": str(doc["price"]),
        "priceCurrency": "VND",
        "availability": availability(doc),
        "url": url,
    }
    product = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": doc["title"],
        "sku": doc["seller_sku"],
        "image": doc["images"],
        "offers": offer,
    }
    ld = json.dumps(product, ensure_ascii=False).replace("</", "<\\/")
    parts = [
        f'<script type="application/ld+json">{ld}</script>',
        _side_column(related or []),
        '<div class="product-main">',
        f'<h1 class="product-title">{escape(doc["title"])}</h1>',
        f'<div class="product-price">{price_text(doc["price"])}</div>',
    ]
    if doc.get("ocop"):
        stars = doc["ocop"]["stars"]
        parts.append(
            f'<img class="ocop-badge" alt="OCOP {stars} sao" src="/static/ocop-{stars}.png">'
        )
    if doc["status"] == "inactive":
        parts.append('<div class="product-discontinued">Sản phẩm ngừng kinh doanh</div>')
    parts.append(f'<div class="product-description">{escape(doc["description"])}</div>')
    parts.append("</div>")
    return page(doc["title"], "\n".join(parts))


def _side_column(related: list[tuple[int, dict[str, Any]]]) -> str:
    """Other listings of the store, each with its price and a struck-out "old" price."""
    cards = [
        f'<div class="product-card"><a href="{product_path(num, doc["title"])}">'
        f'{escape(doc["title"])}</a><div class="product-price">{price_text(doc["price"])} '
        f'<del class="old-price">{price_text((doc["price"] * 5 // 4000) * 1000)}</del></div></div>'
        for num, doc in related
    ]
    return f'<aside class="related">{"".join(cards)}</aside>' if cards else ""


def store_page(market: PostmartMarket, store_slug: str, request: Request) -> Response:
    """A store's active listings, 20 links a page (400 for a page that is not positive)."""
    client = next(
        (c for c in POSTMART_CLIENTS.values() if slugify(c.store_name) == store_slug), None
    )
    if client is None:
        return not_found()
    raw_page = request.query.get("page", "1")
    if not is_decimal(raw_page) or int(raw_page) < 1:
        return not_found(400)
    number = int(raw_page)
    start = (number - 1) * LINKS_PER_PAGE
    rows = market.data.listings(
        client.store_id, status="active", offset=start, limit=LINKS_PER_PAGE + 1
    )
    links = [
        f'<a class="product-link" href="{product_path(num, doc["title"])}">{escape(doc["title"])}</a>'
        for num, doc in rows[:LINKS_PER_PAGE]
    ]
    nav = ""
    if len(rows) > LINKS_PER_PAGE:
        nav = f'<a class="next-page" rel="next" href="/shop/{store_slug}?page={number + 1}">Trang sau</a>'
    body = f'<h1 class="store-name">{escape(client.store_name)}</h1>' + "\n".join(links) + nav
    return Response.html(200, page(client.store_name, body))
