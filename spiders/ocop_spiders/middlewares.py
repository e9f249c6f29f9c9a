"""Downloader middleware: honour ``Retry-After`` before Scrapy's own retry of a 429/503.

Scrapy's ``RetryMiddleware`` retries 429 and 503 at once; a site that says how long to wait
should be believed. This sits just before it (``DOWNLOADER_MIDDLEWARES`` 560 > 550), waits the
announced time — at most ``RETRY_AFTER_MAX`` seconds, else the page is left as blocked — and
lets the retry go ahead.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Request, Response

WAIT_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Wait what ``Retry-After`` says (bounded) before a 429/503 is retried."""

    def __init__(self, max_wait: float) -> None:
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler.settings.getfloat("RETRY_AFTER_MAX", 60.0))

    async def process_response(self, request: Request, response: Response) -> Any:
        """Sleep the announced time, then hand the response over to the retry."""
        if response.status not in WAIT_STATUSES or request.meta.get("dont_retry"):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None or wait > self.max_wait:
            return response
        await asyncio.sleep(wait)
        return response
