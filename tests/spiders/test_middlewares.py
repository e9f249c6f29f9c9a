"""Retry-After is honoured (bounded) before Scrapy retries a 429/503; meta refreshes are
followed as Scrapy follows them; per-page DEBUG lines are built only when logged."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from ocop_spiders import middlewares
from ocop_spiders.logformatter import LevelAwareLogFormatter
from ocop_spiders.middlewares import (
    QuickMetaRefreshMiddleware,
    RetryAfterMiddleware,
    retry_after_seconds,
)
from scrapy import Spider
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from ocop.verify import crawl_settings

URL = "http://127.0.0.1:8701/x-p1.html"


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2026, 11, 22, 1, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"7") == 7
    assert retry_after_seconds("Sun, 22 Nov 2026 01:00:30 GMT", now) == 30
    assert retry_after_seconds("Sun, 22 Nov 2026 00:59:00 GMT", now) == 0
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize(
    ("status", "header", "slept"),
    [(429, "7", [7.0]), (503, "2", [2.0]), (429, "3600", []), (429, None, []), (404, "7", [])],
)
def test_waits_only_for_a_bounded_retry_after_on_429_and_503(
    monkeypatch: pytest.MonkeyPatch, status: int, header: str | None, slept: list[float]
) -> None:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(middlewares.asyncio, "sleep", fake_sleep)
    headers = {"Retry-After": header} if header else {}
    response = Response(URL, status=status, headers=headers)
    out = asyncio.run(RetryAfterMiddleware(60.0).process_response(Request(URL), response))
    assert out is response  # Scrapy's RetryMiddleware decides about the retry itself
    assert waits == slept


@pytest.mark.parametrize(
    ("meta", "slept"),
    [
        ({"retry_times": 1}, [7.0]),  # one retry left (RETRY_TIMES 2)
        ({"retry_times": 2}, []),  # Scrapy gives up on this answer: no wait for nothing
        ({"max_retry_times": 0}, []),
        ({"max_retry_times": 5, "retry_times": 2}, [7.0]),
    ],
)
def test_waits_only_when_a_retry_follows(
    monkeypatch: pytest.MonkeyPatch, meta: dict[str, int], slept: list[float]
) -> None:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(middlewares.asyncio, "sleep", fake_sleep)
    response = Response(URL, status=503, headers={"Retry-After": "7"})
    request = Request(URL, meta=meta)
    asyncio.run(RetryAfterMiddleware(60.0, max_retries=2).process_response(request, response))
    assert waits == slept


def _retry_middlewares(polite: bool, settings: dict[str, str] | None = None) -> set[str]:
    """The retry middlewares a local crawl installs, from the spiders' settings and ocop's."""
    crawler = get_crawler(settings_dict=_spider_settings() | crawl_settings(polite, settings))
    chain = DownloaderMiddlewareManager.from_crawler(crawler).middlewares
    return {type(m).__name__ for m in chain} & {"RetryMiddleware", "RetryAfterMiddleware"}


def _spider_settings() -> dict[str, object]:
    from ocop_spiders import settings

    return {k: getattr(settings, k) for k in dir(settings) if k.isupper()}


def test_retry_middlewares_only_on_crawls_that_retry() -> None:
    """Without retries (--no-polite) neither retry middleware is asked about every page; with
    them (polite, or RETRY_TIMES given) both are."""
    both = {"RetryMiddleware", "RetryAfterMiddleware"}
    assert _retry_middlewares(polite=True) == both
    assert _retry_middlewares(polite=False) == set()
    assert _retry_middlewares(polite=False, settings={"RETRY_TIMES": "2"}) == both
    assert _retry_middlewares(polite=True, settings={"RETRY_ENABLED": "False"}) == set()


REFRESH_PAGES = [
    '<html><head><meta http-equiv="refresh" content="0; url=/"></head><body>x</body></html>',
    "<html><head><META HTTP-EQUIV='Refresh' CONTENT='1;URL=/home'></head></html>",
]
PLAIN_PAGES = [
    "<html><head><title>Chè</title></head><body>125.000₫</body></html>",
    # the word alone, not a meta refresh: Scrapy's own check says no redirect
    "<html><body><p>refresh the page</p></body></html>",
]


def meta_refresh() -> QuickMetaRefreshMiddleware:
    crawler = get_crawler(settings_dict={"METAREFRESH_ENABLED": True})
    return QuickMetaRefreshMiddleware.from_crawler(crawler)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize("page", REFRESH_PAGES)
def test_a_meta_refresh_is_followed_as_scrapy_follows_it(page: str, encoding: str) -> None:
    """The byte pre-check never hides a refresh, UTF-16 pages (NUL bytes) included."""
    response = HtmlResponse(URL, body=page.encode(encoding), encoding=encoding)
    ours = meta_refresh().process_response(Request(URL), response)
    theirs = MetaRefreshMiddleware.from_crawler(get_crawler()).process_response(
        Request(URL), response
    )
    assert isinstance(ours, Request) and isinstance(theirs, Request)
    assert ours.url == theirs.url


@pytest.mark.parametrize("page", PLAIN_PAGES)
def test_a_page_without_a_meta_refresh_is_passed_on(page: str) -> None:
    response = HtmlResponse(URL, body=page.encode("utf-8"), encoding="utf-8")
    assert meta_refresh().process_response(Request(URL), response) is response


@pytest.mark.parametrize(("level", "logged"), [("INFO", False), ("DEBUG", True)])
def test_per_page_debug_lines_are_built_only_when_debug_is_logged(level: str, logged: bool) -> None:
    crawler = get_crawler(settings_dict={"LOG_LEVEL": level})
    formatter = LevelAwareLogFormatter.from_crawler(crawler)
    spider = Spider("x")
    response = Response(URL, status=200, request=Request(URL))
    assert (formatter.crawled(Request(URL), response, spider) is not None) is logged
    assert (formatter.scraped({"url": URL}, response, spider) is not None) is logged
