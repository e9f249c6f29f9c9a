"""Scrapy's spider loader, plus the spiders of every installed marketplace.

Each marketplace package declares its storefront rules (``ocop.storefront.Storefront``) in its
descriptor; this loader turns them into a listing spider named after the marketplace and, when
the rules describe shop pages, a ``<name>-shop`` discovery spider. A package whose storefront
the shared spider cannot read names a spider class of its own (``Storefront.spider``), which
is used instead. ``scrapy list`` from the repository root therefore shows one spider per
installed marketplace, without a file per marketplace in this project.
"""

from __future__ import annotations

import re
from typing import Any

import scrapy
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from ocop.marketplace import Marketplace, load_object
from ocop.registry import marketplaces
from ocop_spiders.base import ListingSpider
from ocop_spiders.discovery import ShopSpider


def listing_spider(found: Marketplace) -> type[scrapy.Spider]:
    """The spider that verifies ``found``'s listings, one page per listing."""
    rules = found.storefront
    if rules.spider is not None:
        own: type[scrapy.Spider] = load_object(rules.spider, found.name)
        return own
    attributes: dict[str, Any] = {
        "name": found.name,
        "markup": rules.markup,
        "listing_id": rules.listing_pattern,
        "__doc__": f"Verify {found.label.en} listings: scrapy crawl {found.name} -a targets=FILE",
        "__module__": __name__,
    }
    return type(f"{_class_name(found.name)}Spider", (ListingSpider,), attributes)


def shop_spider(found: Marketplace) -> type[scrapy.Spider] | None:
    """The spider that walks ``found``'s shop pages, or None when its rules describe none."""
    shop = found.storefront.shop
    if shop is None:
        return None
    attributes: dict[str, Any] = {
        "name": f"{found.name}-shop",
        "marketplace": found.name,
        "page_size": shop.page_size,
        "card": shop.card,
        "listing_id": re.compile(shop.listing_id or found.storefront.listing_id),
        "__doc__": f"Every listing a {found.label.en} shop page shows: -a shop=URL",
        "__module__": __name__,
    }
    return type(f"{_class_name(found.name)}ShopSpider", (ShopSpider,), attributes)


def marketplace_spiders() -> list[type[scrapy.Spider]]:
    """Every installed marketplace's spiders, in name order."""
    spiders: list[type[scrapy.Spider]] = []
    for found in marketplaces().values():
        spiders.append(listing_spider(found))
        shop = shop_spider(found)
        if shop is not None:
            spiders.append(shop)
    return spiders


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


class MarketplaceSpiderLoader(SpiderLoader):
    """``SPIDER_MODULES`` as usual, then the marketplaces' spiders (``SPIDER_LOADER_CLASS``)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        for spider in marketplace_spiders():
            self._found[spider.name].append((spider.__module__, spider.__name__))
            self._spiders[spider.name] = spider
        self._check_name_duplicates()
