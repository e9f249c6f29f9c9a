"""Shop-page spiders: every listing a shop shows, to find ones the state store does not know.

``scrapy crawl <marketplace>-shop -a shop=URL`` walks ``?page=1,2,…`` until a page shows fewer
cards than a full page, and yields ``{"kind": "shop_listing", "marketplace", "remote_id",
"url", "title", "price", "page"}`` per card. Hand-made or duplicate listings are what
``ocop verify --discover`` reports from these. ``ocop_spiders.loader`` makes one per installed
marketplace whose storefront rules describe its shop pages.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode, urlparse, urlunparse

import scrapy
from parsel import Selector
from scrapy.http import Response

from ocop_spiders.prices import normalise_text, parse_vnd


class ShopSpider(scrapy.Spider):
    """Base: subclasses set ``marketplace``, ``page_size``, ``card`` and ``listing_id``."""

    marketplace: ClassVar[str]
    page_size: ClassVar[int]
    card: ClassVar[str]  # CSS for one product card (or its link)
    listing_id: ClassVar[re.Pattern[str]]

    def __init__(self, *args: Any, shop: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shop = shop

    async def start(self) -> AsyncIterator[Any]:
        """Request page 1 of the shop."""
        if not self.shop:
            self.logger.warning("no shop given (-a shop=URL)")
            return
        yield self.page_request(1)

    def page_request(self, page: int) -> scrapy.Request:
        """The request for one page of the shop listing."""
        parts = urlparse(str(self.shop))
        url = urlunparse(parts._replace(query=urlencode({"page": page})))
        return scrapy.Request(url, callback=self.parse_page, cb_kwargs={"page": page})

    def parse_page(self, response: Response, page: int) -> Iterator[Any]:
        """One item per card; the next page while this one was full."""
        seen = 0
        for card in response.css(self.card):
            item = self.card_item(response, card, page)
            if item is not None:
                seen += 1
                yield item
        following = response.css("a[rel~='next']::attr(href)").get()
        if following:
            yield response.follow(following, self.parse_page, cb_kwargs={"page": page + 1})
        elif seen >= self.page_size:  # no "next" link: a full page may have a successor
            yield self.page_request(page + 1)

    def card_item(self, response: Response, card: Selector, page: int) -> dict[str, Any] | None:
        """The listing one card links to, or None when it links to no listing."""
        href = card.attrib.get("href") if card.root.tag == "a" else card.css("a::attr(href)").get()
        if not href:
            return None
        url = response.urljoin(href)
        match = self.listing_id.search(urlparse(url).path)
        if not match:
            return None
        title = normalise_text(
            card.css("[class*='name']").xpath("string(.)").get()
            or card.attrib.get("title")
            or card.css("a::attr(title)").get()
            or " ".join(
                card.xpath(".//text()[not(ancestor::*[contains(@class, 'price')])]").getall()
            )
        )
        return {
            "kind": "shop_listing",
            "marketplace": self.marketplace,
            "remote_id": match[1],
            "url": url,
            "title": title or None,
            "price": parse_vnd(" ".join(card.css("[class*='price'] ::text").getall())),
            "page": page,
        }
