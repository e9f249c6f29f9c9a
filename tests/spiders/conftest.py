"""Offline pages and a helper that runs a spider callback on them, without a reactor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ocop_spiders.base import ListingSpider
from ocop_spiders.discovery import ShopSpider
from ocop_spiders.loader import listing_spider, shop_spider
from scrapy.http import HtmlResponse, Request

from ocop.registry import marketplace

PAGES = Path(__file__).parent / "pages"


def page(name: str) -> bytes:
    """The bytes of a saved page."""
    return (PAGES / name).read_bytes()


def observe(
    spider: ListingSpider,
    body: bytes,
    url: str,
    *,
    status: int = 200,
    final_url: str | None = None,
    sku: str = "HD-CTN-100",
) -> dict[str, Any]:
    """The one observation the spider yields for ``body`` served at ``final_url`` (or ``url``)."""
    target = {"sku": sku, "url": url, "remote_id": "1"}
    request = Request(url, cb_kwargs={"target": target})
    response = HtmlResponse(
        url=final_url or url, status=status, body=body, encoding="utf-8", request=request
    )
    items = list(spider.parse_listing(response, target=target))
    assert len(items) == 1
    return items[0]


def spider(name: str) -> ListingSpider:
    """The listing spider the loader makes from marketplace ``name``'s storefront rules."""
    made = listing_spider(marketplace(name))()
    assert isinstance(made, ListingSpider)
    return made


def shop(name: str, **arguments: str) -> ShopSpider:
    """The shop spider the loader makes from marketplace ``name``'s storefront rules."""
    cls = shop_spider(marketplace(name))
    assert cls is not None
    made = cls(**arguments)
    assert isinstance(made, ShopSpider)
    return made


@pytest.fixture
def voso() -> ListingSpider:
    return spider("voso")


@pytest.fixture
def postmart() -> ListingSpider:
    return spider("postmart")
