"""Shopee's public product pages: their URLs, and what a page rendered for crawlers says.

URLs (as shopee.vn writes them): ``/{slug}-i.{shop_id}.{item_id}``, where the slug is the item
name with every run of other characters than letters and digits replaced by ``-`` (Shopee
finds the item by the two ids; the slug is decoration), and ``/product/{shop_id}/{item_id}``,
which redirects there. Images: ``/file/{image_id}`` on the image host.

A plain GET of a real product page gets a client-rendered shell without the product (research:
docs/shopee.md); crawlers are served a server-rendered page. ocop's sandbox serves that
rendering, as we decided it looks (docs/shopee.md "Storefront"): schema.org JSON-LD, a
``Product`` for an item without models, a ``ProductGroup`` with one ``hasVariant`` ``Product``
per model (``sku`` = model_sku, an ``Offer`` with price in VND and availability) for an item
with models, plus OpenGraph tags and the visible title, price, variations and description.
``read_page`` gives what such a page says about one SKU; a shell, a block or a page without
the SKU reads as "could not see" (verify then asks the seller API: ``ocop.readback``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

SLUG_GAPS = re.compile(r"[^\w]+")
PRODUCT_URL = re.compile(r"-i\.(\d+)\.(\d+)(?:$|[?#])|/product/(\d+)/(\d+)")
OCOP_CLAIM = re.compile(r"Sản phẩm OCOP ([3-5]) sao")
NOT_EXIST = "Sản phẩm này không tồn tại"  # the notice a page shows for an item not on sale
STOCK_STATES = {"instock": "in_stock", "outofstock": "out_of_stock", "discontinued": "discontinued"}
# Shopee's own walls in front of a page (research/spiders.md; lthoangg/shopee-crawler#17): the
# anti-bot JSON answer ``{"error": 90309999, "tracking_id": …}`` at any status, and the slider
# captcha a stopped browser is sent to (``/verify/captcha?anti_bot_tracking_id=…``,
# ``/verify/traffic``)
ANTI_BOT = re.compile(r'"error"\s*:\s*90309999\b')
VERIFY_PATH = re.compile(r"^/verify(?:/|$)")


def slug(name: str) -> str:
    """The slug shopee.vn puts before ``-i.`` (letters keep their marks, percent-encoded)."""
    text = SLUG_GAPS.sub("-", unicodedata.normalize("NFC", name)).strip("-_")
    return quote(text or "product")


def product_url(storefront_url: str, shop_id: int, item_id: int, name: str) -> str:
    """The canonical product page of an item."""
    return f"{storefront_url.rstrip('/')}/{slug(name)}-i.{shop_id}.{item_id}"


def ids_in_url(url: str) -> tuple[int, int] | None:
    """(shop id, item id) of a product page URL in either form."""
    match = PRODUCT_URL.search(url)
    if match is None:
        return None
    shop, item = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
    return int(shop), int(item)


def wall(url: str, body: str) -> str | None:
    """Which of Shopee's walls a response is ("captcha", "anti-bot answer"), or None: never the
    listing, whatever its status, however it was reached."""
    if VERIFY_PATH.match(urlsplit(url).path):
        return "captcha"
    if ANTI_BOT.search(body[:4096]):
        return "anti-bot answer (error 90309999)"
    return None


def ocop_stars(description: str) -> int | None:
    """The OCOP stars the description claims (the line ocop writes, see ``payload``)."""
    match = OCOP_CLAIM.search(description)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class PageReading:
    """What a product page says about one SKU; ``seen`` False when the page did not say."""

    seen: bool
    title: str | None = None
    price: int | None = None
    availability: str | None = None  # in_stock | out_of_stock | discontinued
    stars: int | None = None
    detail: str = ""
    url: str | None = None  # the variant's address in the structured data (its offer's url)


class _Scripts(HTMLParser):
    """Collects JSON-LD blocks and the description text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.description: list[str] = []
        self._in_ld = False
        self._depth = 0  # > 0 inside the description element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("type") == "application/ld+json":
            self._in_ld = True
            self.blocks.append("")
        if self._depth or "product-description" in (found.get("class") or "").split():
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.blocks[-1] += data
        elif self._depth:
            self.description.append(data)


def _variants(block: Any) -> list[dict[str, Any]]:
    if isinstance(block, list):
        return [v for entry in block for v in _variants(entry)]
    if not isinstance(block, dict):
        return []
    if block.get("@type") == "ProductGroup":
        return [v for v in block.get("hasVariant") or [] if isinstance(v, dict)]
    return [block] if block.get("@type") == "Product" else []


def _offer_facts(variant: dict[str, Any]) -> tuple[int | None, str | None, str | None]:
    """(price, availability, url) of a variant's offer."""
    offer = variant.get("offers")
    offer = offer[0] if isinstance(offer, list) and offer else offer
    if not isinstance(offer, dict):
        return None, None, None
    try:
        price = int(float(str(offer.get("price"))))
    except ValueError:
        price = None
    state = str(offer.get("availability") or "").rsplit("/", 1)[-1].lower()
    url = offer.get("url") or variant.get("url")
    return price, STOCK_STATES.get(state), url if isinstance(url, str) else None


def read_page(html: str, sku: str) -> PageReading:
    """What a server-rendered product page says about ``sku`` (its model or its item)."""
    parser = _Scripts()
    parser.feed(html)
    variants = []
    for block in parser.blocks:
        try:
            variants.extend(_variants(json.loads(block)))
        except ValueError:
            continue
    if not variants:
        return PageReading(False, detail="no product data on the page (client-rendered shell?)")
    variant = next((v for v in variants if str(v.get("sku")) == sku), None)
    if variant is None:
        return PageReading(False, detail=f"the page shows no variant with SKU {sku}")
    price, availability, url = _offer_facts(variant)
    stars = ocop_stars(" ".join(parser.description))
    return PageReading(True, str(variant.get("name") or ""), price, availability, stars, url=url)
