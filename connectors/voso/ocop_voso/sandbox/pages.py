"""Voso's storefront (contract §1.6): product pages, soft 404s, shop pages, images, robots.

A product page also shows a few of the shop's other products, each with its own struck-out
"market price", as the real site's related-products strip does: a spider must not take their
prices for the listing's.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from ocop.sandbox.wire import Request, Response, is_decimal

from .accounts import VOSO_SHOPS
from .data import VosoMarket
from .products import product_path, shop_path

PRODUCT_PAGE = re.compile(r"/(.*)-p(\d+)\.html")
SHOP_PAGE = re.compile(r"/(.*)-s(\d+)")
IMAGE = re.compile(r"/images/([^/]+)")
CARDS_PER_PAGE = 24
RELATED = 3  # other products shown under a product page
ROBOTS = "User-agent: *\nAllow: /\nDisallow: /__sandbox__/\nDisallow: /open-api/\n"
NOT_FOUND_TEXT = "Sản phẩm không tồn tại hoặc đã ngừng kinh doanh"


def price_html(amount: int) -> str:
    """``125,000<sup>₫</sup>``: comma thousands, as Voso prints prices."""
    return f"{amount:,}<sup>₫</sup>"


def discount_percent(price: int, original_price: int) -> int:
    """(original − price) / original × 100, rounded half up, in integers (no float error)."""
    return (200 * (original_price - price) + original_price) // (2 * original_price)


def page(title: str, body: str, head: str = "") -> str:
    """A whole HTML document."""
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title>{head}</head><body>{body}</body></html>"
    )


def handle(market: VosoMarket, request: Request) -> Response:
    """Serve one storefront request."""
    path = request.path
    if path == "/robots.txt":
        return Response(200, ROBOTS.encode(), {"Content-Type": "text/plain; charset=utf-8"})
    if path == "/":
        return Response.html(200, page("Voso (sandbox)", "<h1>Voso sandbox</h1>"))
    if match := IMAGE.fullmatch(path):
        found = market.store.image(market.name, match.group(1))
        if found is None:
            return Response.html(404, page("404", "<h1>404</h1>"))
        return Response(200, found[1], {"Content-Type": found[0]})
    if match := PRODUCT_PAGE.fullmatch(path):
        return product_page(market, int(match.group(2)), path)
    if match := SHOP_PAGE.fullmatch(path):
        return shop_page(market, int(match.group(2)), request)
    return Response.html(404, page("404", "<h1>Không tìm thấy trang</h1>"))


def product_page(market: VosoMarket, product_id: int, path: str) -> Response:
    """A product page: 404 when gone, soft 404 when hidden/banned, 301 on a wrong slug."""
    found = market.products.get(product_id)
    if found is None:
        return Response.html(404, page("404", "<h1>Không tìm thấy trang</h1>"))
    shop_id, doc = found
    if doc["status"] != "active":  # checked before the slug, as on the real site
        return Response.html(
            200, page("Không tìm thấy", f'<div class="c-notfound">{NOT_FOUND_TEXT}</div>')
        )
    canonical = product_path(product_id, doc["name"])
    if path != canonical:
        return Response.redirect(market.storefront_url + canonical)
    _total, others = market.products.page(shop_id, status="active", limit=RELATED + 1)
    related = [(pid, other) for pid, other in others if pid != product_id][:RELATED]
    return Response.html(200, render_product(market.storefront_url + canonical, doc, related))


def render_product(
    url: str, doc: dict[str, Any], related: list[tuple[int, dict[str, Any]]] | None = None
) -> str:
    """The server-rendered product page with the contract's markup; its prices in the
    ``c-product-main`` block, the shop's other products after it."""
    name = escape(doc["name"])
    image = escape(doc["images"][0]) if doc["images"] else ""
    head = (
        f'<meta property="og:title" content="{name}"><meta property="og:url" content="{escape(url)}">'
        f'<meta property="og:image" content="{image}"><link rel="canonical" href="{escape(url)}">'
    )
    parts = [f'<h1 class="c-product-head__title">{name}</h1>', '<div class="c-product-main">']
    parts.append(f'<span class="c-product-main__price">{price_html(doc["price"])}</span>')
    original = doc.get("original_price")
    if original is not None:
        parts.append(f'<span class="c-product-main__oldprice">{price_html(original)}</span>')
        if original > doc["price"]:
            parts.append(
                f'<span class="c-tag-sale">Giảm {discount_percent(doc["price"], original)}%</span>'
            )
    parts.append("</div>")
    if doc["stock"] == 0:
        parts.append('<div class="c-product-out-of-stock"><span>Hết hàng</span></div>')
    if doc.get("ocop_stars") is not None:
        parts.append(f'<span class="jstars jstars__ocop" data-value="{doc["ocop_stars"]}"></span>')
    parts.append(f'<div class="c-product-sku">SKU: {escape(doc["sku"])}</div>')
    parts.append("".join(f'<img class="c-product-image" src="{escape(u)}">' for u in doc["images"]))
    parts.append(f'<div class="c-product-description">{doc["description"]}</div>')
    if related:
        cards = "".join(render_card(pid, other, struck=True) for pid, other in related)
        parts.append(
            f'<section class="c-related"><h2>Sản phẩm cùng gian hàng</h2>{cards}</section>'
        )
    return page(doc["name"], "\n".join(parts), head)


def shop_page(market: VosoMarket, shop_id: int, request: Request) -> Response:
    """A shop's active products, 24 cards a page; 301 on a wrong slug, 400 on a bad page."""
    if shop_id not in VOSO_SHOPS:
        return Response.html(404, page("404", "<h1>Không tìm thấy trang</h1>"))
    canonical = shop_path(shop_id)
    raw_page = request.query.get("page", "1")
    if request.path != canonical:
        suffix = f"?page={raw_page}" if "page" in request.query else ""
        return Response.redirect(market.storefront_url + canonical + suffix)
    if not is_decimal(raw_page) or int(raw_page) < 1:
        return Response.html(400, page("400", "<h1>Trang không hợp lệ</h1>"))
    number = int(raw_page)
    start = (number - 1) * CARDS_PER_PAGE
    total, products = market.products.page(
        shop_id, status="active", offset=start, limit=CARDS_PER_PAGE
    )
    cards = [render_card(pid, doc) for pid, doc in products]
    nav = ""
    if start + CARDS_PER_PAGE < total:
        nav = f'<a class="pagination__next" rel="next" href="{canonical}?page={number + 1}">Trang sau</a>'
    body = f'<h1 class="c-shop-name">{escape(VOSO_SHOPS[shop_id])}</h1>' + "".join(cards) + nav
    return Response.html(200, page(VOSO_SHOPS[shop_id], body))


def render_card(product_id: int, doc: dict[str, Any], *, struck: bool = False) -> str:
    """One product card (a shop page's; with ``struck``, a related product's, which shows a
    struck-out market price)."""
    market_price = doc.get("original_price") or (doc["price"] * 5 // 4000) * 1000
    old = f" <del>{price_html(market_price)}</del>" if struck else ""
    return (
        f'<div class="b-product-card"><a href="{product_path(product_id, doc["name"])}">'
        f'<span class="b__name">{escape(doc["name"])}</span></a>'
        f'<div class="b__price"><strong>{price_html(doc["price"])}</strong>{old}</div></div>'
    )
