"""The Shopee listing spider: the shared one, reading a product page with ``read_page``.

A shopee.vn product page is one item; its models are the ``hasVariant`` products of a
``ProductGroup`` (``ocop_shopee.storefront``). The shared extraction would take the first
variant when the wanted SKU is not among them, so this spider reads the variant whose ``sku``
is the listing's and nothing else: a page without it shows "no product" for this SKU, and
verify asks the seller API instead (``Storefront.read_back``).

Identity before facts is the shared spider's rule (``ocop_spiders.identity``); this spider
gives it what a Shopee page shows of the listing: the item's number in the canonical link and
``og:url`` (``…-i.{shop}.{item}``) and in the variant's offer ``url``, and the variant's
JSON-LD ``sku``. Walls are the shared rule's (captcha, interstitial, login wall at any status)
plus Shopee's own (``ocop_shopee.storefront.wall``: its anti-bot JSON answer and its
``/verify/`` captcha): blocked, never the listing. Everything else — outcomes, the
observation — is the shared spider's.

``scrapy list`` shows it as ``shopee`` (``ocop_spiders.loader``, from the descriptor's
``Storefront.spider``).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from ocop_spiders.base import ListingSpider
from ocop_spiders.extract import PageFacts
from scrapy.http import HtmlResponse, Response, TextResponse

from ocop.observation import PageStatus
from ocop_shopee.marketplace import STOREFRONT
from ocop_shopee.storefront import NOT_EXIST, read_page, wall

ADDRESSES = 'link[rel="canonical"]::attr(href), meta[property="og:url"]::attr(content)'


class ShopeeSpider(ListingSpider):
    """Verify Shopee listings: scrapy crawl shopee -a targets=FILE."""

    name = "shopee"
    listing_id: ClassVar[re.Pattern[str]] = STOREFRONT.listing_pattern

    def page_facts(self, response: Response, target: dict[str, Any]) -> PageFacts:
        """The variant of the target's SKU on a server-rendered product page, and the
        addresses and SKU by which the page shows it is that listing."""
        if not isinstance(response, HtmlResponse):  # the anti-bot answer is JSON
            return PageFacts()
        text = response.text
        addresses = [a.strip() for a in response.css(ADDRESSES).getall()]
        if NOT_EXIST in text:
            return PageFacts(gone=True, urls=addresses)
        sku = str(target.get("sku", ""))
        reading = read_page(text, sku)
        if not reading.seen:
            return PageFacts(urls=addresses)
        return PageFacts(
            title=reading.title,
            price=reading.price,
            stars=reading.stars,
            availability=reading.availability,
            sku=sku,
            urls=[*addresses, *([reading.url] if reading.url else [])],
            skus=[sku],  # the variant read is the one whose JSON-LD sku is the listing's
            sources=["json-ld"],
        )

    def classify(
        self, response: Response, target: dict[str, Any], facts: PageFacts, html: str = ""
    ) -> tuple[PageStatus, str | None]:
        """Shopee's own walls first, then the shared rules."""
        body = response.text if isinstance(response, TextResponse) else ""
        kind = wall(response.url, body)
        if kind is not None:
            return PageStatus.BLOCKED, kind
        return super().classify(response, target, facts, html)
