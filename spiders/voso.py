"""voso.vn storefront (contract §1.6): no JSON-LD, OpenGraph title, server-rendered markup."""

from __future__ import annotations

import re

from spiders.base import ListingSpider
from spiders.extract import Markup


class VosoSpider(ListingSpider):
    """Verify Voso listings: ``scrapy crawl voso -a targets=targets.jsonl -O seen.jsonl``."""

    name = "voso"
    markup = Markup(
        title="h1.c-product-head__title",
        price=".c-product-main__price",
        list_price=".c-product-main__oldprice",
        stars="span.jstars__ocop::attr(data-value)",
        out_of_stock=".c-product-out-of-stock",
        not_found=".c-notfound",
    )
    # /{slug}-p{product_id}.html
    listing_id = re.compile(r"-p(\d+)\.html$")
