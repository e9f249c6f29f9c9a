"""Retry-After is honoured (bounded) before Scrapy retries a 429/503."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from ocop_spiders import middlewares
from ocop_spiders.middlewares import RetryAfterMiddleware, retry_after_seconds
from scrapy.http import Request, Response

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
