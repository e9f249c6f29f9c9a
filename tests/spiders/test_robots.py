"""robots.txt before any page of its host, at any concurrency (``ocop_spiders.robots``).

Real ``scrapy crawl`` children against the sandbox (whose robots.txt says ``Disallow: /`` on
demand and which counts the pages it serves) and against a bare server whose robots.txt fails.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ocop import verify as verifying
from ocop.observation import PageStatus
from ocop.sandbox import Sandbox
from ocop.state import ListingRecord

pytestmark = pytest.mark.slow

# the polite defaults (robots.txt obeyed, retries) with everything that spaces requests off:
# 64 requests at once on one host, so every page is asked for while robots.txt is in flight
EAGER = {
    "CONCURRENT_REQUESTS": "64",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "64",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
}
STOCK = '{"scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100}'


def _records(urls: list[str]) -> list[ListingRecord]:
    return [
        ListingRecord(
            "voso", f"S-{n}", "p", str(n), url, "active", None, None, None, None, None, None
        )
        for n, url in enumerate(urls)
    ]


@pytest.fixture
def disallowing() -> Iterator[tuple[Sandbox, list[ListingRecord]]]:
    with Sandbox.start(marketplaces=["voso"]) as sandbox:
        voso = sandbox["voso"]
        urls = [
            voso.create_product(f"S-{n}", name=f"Sản phẩm thử số {n:03d}")["url"] for n in range(80)
        ]
        voso.set_faults(robots_disallow=1, latency_ms=200)  # a slow robots.txt: the race's window
        voso.reset_stats()
        yield sandbox, _records(urls)


def test_disallow_all_fetches_no_product_page_at_64_at_once(
    disallowing: tuple[Sandbox, list[ListingRecord]],
) -> None:
    sandbox, records = disallowing
    seen = verifying.observe("voso", records, polite=True, settings=EAGER)
    stats = sandbox["voso"].stats()
    assert (stats["pages"], stats["robots.txt"]) == (0, 1)
    assert {(o.status, o.detail) for o in seen} == {(PageStatus.BLOCKED, "robots.txt: forbidden")}
    assert len(seen) == len(records)


def test_scrapys_own_middleware_lets_pages_through_meanwhile(
    disallowing: tuple[Sandbox, list[ListingRecord]],
) -> None:
    """Why ocop_spiders.robots exists: with Scrapy 2.19's middleware, requests that wait for
    robots.txt are let through. When this fails, Scrapy fixed it and ours may go."""
    sandbox, records = disallowing
    stock = EAGER | {"DOWNLOADER_MIDDLEWARES": STOCK}
    verifying.observe("voso", records, polite=True, settings=stock)
    assert sandbox["voso"].stats()["pages"] > 0


class _Robots(BaseHTTPRequestHandler):
    """robots.txt answered with ``status``; every page a product page, counted."""

    status = 503
    pages = 0

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body, code = b"User-agent: *\nDisallow: /\n", type(self).status
        else:
            type(self).pages += 1
            body, code = b"<html><body><h1>x</h1></body></html>", 200
        self.send_response(code)
        self.send_header(
            "Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html"
        )
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize(("status", "fetched"), [(503, False), (429, False), (404, True)])
def test_a_failing_robots_txt_disallows_and_a_missing_one_allows(
    status: int, fetched: bool
) -> None:
    _Robots.status, _Robots.pages = status, 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Robots)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        records = _records([f"{base}/x-p{n}.html" for n in range(10)])
        settings = EAGER | {"RETRY_TIMES": "0"}
        seen = verifying.observe("voso", records, polite=True, settings=settings)
    finally:
        server.shutdown()
        server.server_close()
    assert (_Robots.pages == 10) is fetched
    if not fetched:  # RFC 9309: an unreachable robots.txt means "disallow everything"
        assert {o.detail for o in seen} == {f"robots.txt: unavailable (HTTP {status})"}
