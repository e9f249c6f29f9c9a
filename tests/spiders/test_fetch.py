"""The spiders' download handler: Scrapy's aiohttp handler, GETs sent without a body."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ocop_spiders import settings
from ocop_spiders.fetch import FetchHandler

from ocop import verify as verifying
from ocop.observation import PageStatus
from ocop.state import ListingRecord


class _Recording(BaseHTTPRequestHandler):
    """Every page a product page; what each request's headers said, kept."""

    seen: list[dict[str, str]] = []  # noqa: RUF012 (a test's record)

    def do_GET(self) -> None:
        type(self).seen.append(dict(self.headers.items()))
        body = b'<html><head><link rel="canonical" href="/x-p1.html"></head><body>'
        body += b'<h1 class="c-product-head__title">Ch\xc3\xa8</h1>'
        body += b'<span class="c-product-main__price">125.000 \xe2\x82\xab</span></body></html>'
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_spiders_fetch_with_the_handler() -> None:
    assert set(settings.DOWNLOAD_HANDLERS.values()) == {
        f"{FetchHandler.__module__}.{FetchHandler.__qualname__}"
    }


def test_a_get_goes_without_a_body_and_the_page_is_read() -> None:
    _Recording.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/x-p1.html"
        record = ListingRecord("voso", "A", "p", "1", url, "active", *[None] * 6)
        seen = verifying.observe("voso", [record], polite=False)
    finally:
        server.shutdown()
        server.server_close()
    assert [(o.status, o.price, o.title) for o in seen] == [(PageStatus.LIVE, 125000, "Chè")]
    assert len(_Recording.seen) == 1
    headers = {name.lower() for name in _Recording.seen[0]}
    assert "content-length" not in headers
    assert "transfer-encoding" not in headers
    assert "user-agent" in headers
