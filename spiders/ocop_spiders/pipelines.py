"""Small item pipelines; each does one thing and is switched on in ``ocop_spiders.settings``."""

from __future__ import annotations

import json
import sys
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem


class RequireUrlPipeline:
    """Drop an item without a URL: nothing downstream could say which listing it is about."""

    def process_item(self, item: Any) -> Any:
        if not ItemAdapter(item).get("url"):
            raise DropItem("item without a url")
        return item


class StdoutStreamPipeline:
    """With ``OCOP_STREAM_ITEMS``, write each item to stdout as one flushed JSON line.

    ``ocop verify`` reads this stream to show progress while the crawl runs; feeds (``-O``)
    only appear complete at the end, so they stay the interface for Scrapyd and scripts.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StdoutStreamPipeline:
        return cls(crawler.settings.getbool("OCOP_STREAM_ITEMS"))

    def process_item(self, item: Any) -> Any:
        if self.enabled:
            line = json.dumps(ItemAdapter(item).asdict(), ensure_ascii=False, default=str)
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        return item
