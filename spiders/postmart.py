"""postmart.vn storefront (contract §2.6): schema.org JSON-LD first, then its markup."""

from __future__ import annotations

import re

from spiders.base import ListingSpider
from spiders.extract import Markup


class PostmartSpider(ListingSpider):
    """Verify Postmart listings: ``scrapy crawl postmart -a targets=targets.jsonl -O seen.jsonl``."""

    name = "postmart"
    markup = Markup(
        title="h1.product-title",
        price=".product-price",
        list_price=(
            ".product-list-price, .product-price del, .product-price s, "
            "[class*='old-price'], [class*='price-old'], [class*='oldprice']"
        ),
        stars="img.ocop-badge::attr(alt)",
        out_of_stock="[class*='out-of-stock']",
        not_found="[class*='notfound'], [class*='not-found']",
    )
    # /p/{slug}-{n}.html, n = the listing id's digits without leading zeros
    listing_id = re.compile(r"^/p/(?:.*-)?(\d+)\.html$")
