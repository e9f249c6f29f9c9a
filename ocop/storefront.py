"""How a marketplace's public pages are read: the rules a connector package gives the spiders.

The spiders (the Scrapy project under ``spiders/``) are shared by every marketplace. What
differs between storefronts is data, declared here and carried by each marketplace's
descriptor (``ocop.marketplace.Marketplace.storefront``):

    listing_id   which part of a product page's URL is the listing's number (a slug change or
                 a redirect to the same number is the same listing)
    markup       CSS selectors of the site's own product-page markup, read after schema.org
                 JSON-LD, microdata and OpenGraph (each source fills only what is still empty)
    shop         how a shop page lists its products (``ocop verify --discover``)
    shop_url     the shop page to discover from when the user names none
    spider       a Scrapy spider class of the package's own ("module:Class"), for a storefront
                 the shared spider cannot read; it replaces the generated one
    read_back    where a page cannot be read (blocked, an error, a page without the product),
                 the listing is observed through the seller API's read-back instead, and the
                 observation says so (``Observation.source``)

This module is data only: it imports neither Scrapy nor a connector.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ocop.credentials import Credentials

# (storefront URL, the marketplace's credentials) → the seller's shop page, or None
ShopUrlRule = Callable[[str, Credentials], str | None]


@dataclass(frozen=True)
class Markup:
    """CSS selectors for one site's own product-page markup (the fallback after structured data).

    ``stars`` is an attribute selector (``span.stars::attr(data-value)``) or an element whose
    ``data-value``, ``alt`` or text holds the OCOP stars. ``price_block`` is the element that
    holds the listing's own prices: the list (struck-out) price is read only inside it (without
    one, inside the selling price's element or its parent), never from a related product's
    card. ``sku`` is an element whose text shows the seller's SKU: one of the ways a page shows
    it is the listing asked for (with its number in the canonical address or ``og:url``, or a
    SKU in its structured data).
    """

    title: str = "h1"
    price: str = "[class*='price']"
    list_price: str = "del, s, strike, [class*='oldprice'], [class*='old-price']"
    stars: str = ""
    out_of_stock: str = "[class*='out-of-stock'], [class*='outofstock']"
    not_found: str = "[class*='notfound'], [class*='not-found']"
    price_block: str = ""
    sku: str = ""


@dataclass(frozen=True)
class ShopPages:
    """A shop page's product cards: ``?page=1,2,…`` until a page shows fewer than ``page_size``.

    ``card`` selects one product card (or its link); ``listing_id`` defaults to the
    storefront's own rule.
    """

    card: str
    page_size: int
    listing_id: str | None = None


@dataclass(frozen=True)
class Storefront:
    """Everything the spiders need to read one marketplace's public pages."""

    listing_id: str  # a regular expression over the URL path; group 1 is the listing's number
    markup: Markup = Markup()
    shop: ShopPages | None = None
    shop_url: ShopUrlRule | None = None
    spider: str | None = None  # "module:Class": replaces the shared spider for this marketplace
    read_back: bool = False  # pages that cannot be read are observed through the seller API

    @cached_property
    def listing_pattern(self) -> re.Pattern[str]:
        """``listing_id`` compiled."""
        return re.compile(self.listing_id)

    def listing_number(self, url_path: str) -> int | None:
        """The listing's number in a product page's URL path, or None when it is not one."""
        match = self.listing_pattern.search(url_path)
        return int(match[1]) if match else None
