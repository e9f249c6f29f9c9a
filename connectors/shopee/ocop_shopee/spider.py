"""The Shopee listing spider: the shared one, reading a product page with ``read_page``.

A shopee.vn product page is one item; its models are the ``hasVariant`` products of a
``ProductGroup`` (``ocop_shopee.storefront``). The shared extraction would take the first
variant when the wanted SKU is not among them, so this spider reads the variant whose ``sku``
is the listing's and nothing else: a page without it shows "no product" for this SKU, and
verify asks the seller API instead (``Storefront.read_back``). Everything else — outcomes,
identity of the listing by its item id, the observation — is the shared spider's.

``scrapy list`` shows it as ``shopee`` (``ocop_spiders.loader``, from the descriptor's
``Storefront.spider``).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from ocop_spiders.base import ListingSpider
from ocop_spiders.extract import CAPTCHA_MARKERS, PageFacts
from scrapy.http import Response, TextResponse

from ocop_shopee.marketplace import STOREFRONT
from ocop_shopee.storefront import NOT_EXIST, read_page


class ShopeeSpider(ListingSpider):
    """Verify Shopee listings: scrapy crawl shopee -a targets=FILE."""

    name = "shopee"
    listing_id: ClassVar[re.Pattern[str]] = STOREFRONT.listing_pattern

    def page_facts(self, response: Response, target: dict[str, Any]) -> PageFacts:
        """The variant of the target's SKU on a server-rendered product page."""
        if not isinstance(response, TextResponse):
            return PageFacts()
        text = response.text
        if NOT_EXIST in text:
            return PageFacts(gone=True)
        reading = read_page(text, str(target.get("sku", "")))
        captcha = not reading.seen and any(mark in text.lower() for mark in CAPTCHA_MARKERS)
        if not reading.seen:
            return PageFacts(captcha=captcha)
        return PageFacts(
            title=reading.title,
            price=reading.price,
            stars=reading.stars,
            availability=reading.availability,
            sku=str(target.get("sku", "")),
            sources=["json-ld"],
        )
