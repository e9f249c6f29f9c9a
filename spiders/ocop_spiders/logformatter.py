"""A log formatter that does not build the per-page debug lines a crawl's log level drops.

Scrapy logs "Crawled (200) <GET …>" and "Scraped from …" for every page at DEBUG, building each
message's arguments and a ``LogRecord`` before its handler (at ``LOG_LEVEL``) throws it away: 2 %
of a crawl's CPU in benchmarks/verify.py. At ``LOG_LEVEL=DEBUG`` both lines are logged as usual.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class LevelAwareLogFormatter(LogFormatter):
    """Scrapy's ``LogFormatter``; the per-page DEBUG lines only when DEBUG is logged."""

    def __init__(self, debug: bool = True) -> None:
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LevelAwareLogFormatter:
        level = logging.getLevelName(crawler.settings.get("LOG_LEVEL", "DEBUG"))
        return cls(debug=not isinstance(level, int) or level <= logging.DEBUG)

    def crawled(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider
    ) -> LogFormatterResult | None:
        return super().crawled(request, response, spider) if self.debug else None

    def scraped(  # type: ignore[override]
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult | None:
        return super().scraped(item, response, spider) if self.debug else None
