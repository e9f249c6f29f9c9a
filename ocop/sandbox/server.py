"""One threaded HTTP server per marketplace: API under its base path, storefront at ``/``.

Threads let added latency overlap instead of queueing; the raw socket lets a fault drop the
connection after a write was committed. The proxy's faults apply to the API only; the
storefront has its own (blocked pages, captchas, robots.txt: ``ocop.sandbox.faults``); latency
applies to both. ``/__sandbox__/`` is the sandbox's own control surface and is never faulted or
limited. Storefront requests are counted apart from API calls (``pages``, ``robots.txt``).
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ocop.sandbox.market import Market
from ocop.sandbox.wire import Request, Response

MAX_BODY_BYTES = 64 * 1024 * 1024  # well above image limits, so those get the contract's error
ADMIN_PREFIX = "/__sandbox__/"
ID_SEGMENT = re.compile(r"/(\d+)")  # a marketplace whose ids are not bare numbers gives its own

ApiHandler = Callable[[Market, Request, str], Response]
PageHandler = Callable[[Market, Request], Response]
AdminHandler = Callable[[Request], Response]


@dataclass
class App:
    """What a marketplace server dispatches to."""

    market: Market
    api: ApiHandler
    pages: PageHandler
    admin: AdminHandler
    # API paths whose POST changes no listing (the OAuth token): not counted as writes, and
    # never answered "committed, then 504"
    not_writes: frozenset[str] = field(default_factory=frozenset)
    # the path segments that are ids, counted together in stats ("PATCH /products/{id}")
    id_segment: re.Pattern[str] = ID_SEGMENT

    def respond(self, request: Request) -> Response:
        """The response to one request, faults and latency included."""
        if request.path.startswith(ADMIN_PREFIX):
            return self.admin(request)
        self.market.stats.enter()
        try:
            return self._respond(request)
        finally:
            self.market.stats.leave()

    def _respond(self, request: Request) -> Response:
        settings = self.market.faults.settings
        if settings.latency_ms > 0:
            time.sleep(settings.latency_ms / 1000)
        base = self.market.api_base
        if request.path != base and not request.path.startswith(base + "/"):
            return self._storefront(request)
        relative = request.path[len(base) :] or "/"
        is_write = request.is_write and relative not in self.not_writes
        self.market.stats.record(request.method, self.id_segment.sub("/{id}", relative), is_write)
        before = self.market.faults.before()
        if before is not None:
            return before
        response = self._locked_api(request, relative)
        return self.market.faults.after_commit(response) if is_write else response

    def _storefront(self, request: Request) -> Response:
        """A storefront page, or the fault that answers in its place."""
        faults, stats = self.market.faults, self.market.stats
        if request.path == "/robots.txt":
            stats.count("robots.txt")
            return faults.robots() or self.pages(self.market, request)
        stats.count("pages")
        return faults.page(self.market.name, request.path) or self.pages(self.market, request)

    def _locked_api(self, request: Request, relative: str) -> Response:
        with self.market.lock:
            return self.api(self.market, request, relative)


class Handler(BaseHTTPRequestHandler):
    """Turns HTTP/1.1 requests into ``Request`` values for the app."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
    server: MarketServer

    def _serve(self) -> None:
        body = self._read_body()
        if body is None:
            self._send(Response(413, b"", {"Content-Type": "text/plain"}))
            self.close_connection = True
            return
        request = Request.build(self.command, self.path, dict(self.headers.items()), body)
        try:
            response = self.server.app.respond(request)
        except Exception as exc:  # a sandbox bug must look like a 500, not like a dropped write
            message = f"sandbox error: {type(exc).__name__}: {exc}".encode()
            response = Response(500, message, {"Content-Type": "text/plain; charset=utf-8"})
        if response.drop:
            self.close_connection = True  # the write happened; the client never hears of it
            return
        self._send(response)

    def _read_body(self) -> bytes | None:
        """The request body (Content-Length or chunked); None when it is too large."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks, total = [], 0
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                total += size
                if total > MAX_BODY_BYTES:
                    return None
                chunks.append(self.rfile.read(size))
                self.rfile.readline()  # the CRLF after each chunk
            while self.rfile.readline().strip():
                pass  # trailers, up to the empty line
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            return None
        return self.rfile.read(length) if length else b""

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the sandbox is used by tests; access logs would only be noise."""


class MarketServer(ThreadingHTTPServer):
    """A loopback server for one marketplace, run in a background thread."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, app: App, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.app = app
        self._thread: threading.Thread | None = None
        self._open: set[socket.socket] = set()  # keep-alive connections, closed by stop()
        self._open_lock = threading.Lock()
        app.market.storefront_url = f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def port(self) -> int:
        """The bound port (useful when 0 asked for an ephemeral one)."""
        return int(self.server_address[1])

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Remember the connection, then serve it in its own thread."""
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Forget the connection once its thread is done with it."""
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def stop(self) -> None:
        """Stop serving, cut open keep-alive connections and release the port."""
        self.shutdown()
        self.server_close()
        with self._open_lock:
            still_open = list(self._open)
        for connection in still_open:  # a stopped marketplace must not answer old connections
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
