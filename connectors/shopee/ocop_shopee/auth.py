"""Authorising a shop: the authorisation URL, the code exchange, the loopback callback.

The flow (README "Authorisation"): the seller opens ``/api/v2/shop/auth_partner`` (signed as
a Public call, with ``redirect``) in a browser and authorises the app; Shopee sends the browser
to ``redirect?code=…&shop_id=…``; ``public.get_access_token`` trades the code (single-use,
valid 10 minutes) for the shop's first token pair, which is written to the token file.

When the browser runs on this machine, ``LoopbackCallback`` listens on 127.0.0.1 and catches
the redirect itself; otherwise the seller pastes the URL they landed on, or only the code.
``ocop_shopee.command`` wraps this in ``ocop auth shopee``.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlencode, urlsplit

from ocop.credentials import Secret
from ocop.errors import ConfigError
from ocop.i18n import _
from ocop_shopee.client import ShopeeClient
from ocop_shopee.models import TokenAnswer
from ocop_shopee.settings import ShopeeSettings
from ocop_shopee.signing import base_string, sign
from ocop_shopee.tokens import Refresher, ShopTokens, store_key

AUTH_PARTNER_PATH = "/api/v2/shop/auth_partner"
CALLBACK_PATH = "/callback"
DONE_PAGE = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>ocop</title></head><body>'
    "<h1>{title}</h1><p>{text}</p></body></html>"
)


@dataclass(frozen=True)
class Grant:
    """What Shopee's redirect carries: the code (secret) and, usually, the shop id."""

    code: Secret
    shop_id: int | None


def authorisation_url(settings: ShopeeSettings, redirect: str, timestamp: int) -> str:
    """The page the seller opens to authorise the app (signed as a Public call)."""
    base = settings.config.api_url.rstrip("/")
    path = urlsplit(base).path.rstrip("/") + AUTH_PARTNER_PATH
    message = base_string(settings.partner_id, path, timestamp)
    query = {
        "partner_id": settings.partner_id,
        "timestamp": timestamp,
        "sign": sign(settings.partner_key, message),
        "redirect": redirect,
    }
    return f"{base}{AUTH_PARTNER_PATH}?{urlencode(query)}"


def read_grant(text: str) -> Grant:
    """The code (and shop id) from the URL the browser landed on, or from the code alone."""
    text = text.strip()
    if "code=" not in text:
        if not text or not text.isalnum():
            raise ConfigError(_("that is neither the URL Shopee sent you to nor a code"))
        return Grant(Secret(text), None)
    query = parse_qs(urlsplit(text).query or text.split("?", 1)[-1])
    code = (query.get("code") or [""])[0]
    shop = (query.get("shop_id") or [""])[0]
    if not code:
        raise ConfigError(_("the URL carries no code; authorise the shop again"))
    return Grant(Secret(code), int(shop) if shop.isdecimal() else None)


def exchange_code(
    client: ShopeeClient, settings: ShopeeSettings, grant: Grant, now: float
) -> ShopTokens:
    """Trade the code for the shop's first pair and keep it in the token file."""
    shop_id = grant.shop_id if grant.shop_id is not None else settings.shop_id
    if shop_id is None:
        raise ConfigError(
            _("which shop? paste the whole URL Shopee sent you to, or set OCOP_SHOPEE_SHOP_ID")
        )
    body = {"code": grant.code.reveal(), "partner_id": settings.partner_id, "shop_id": shop_id}
    answer = client.call("public.get_access_token", TokenAnswer, body=body)
    tokens = ShopTokens.from_answer(settings.partner_id, shop_id, answer, now)
    store = settings.tokens
    with store.locked():
        store.save(store_key(settings.config.api_url, settings.partner_id, shop_id), tokens)
    return tokens


def refresher(client: ShopeeClient) -> Refresher:
    """How a ``TokenKeeper`` refreshes: ``public.refresh_access_token`` for one shop."""

    def refresh(refresh_token: Secret, shop_id: int) -> TokenAnswer:
        body = {
            "refresh_token": refresh_token.reveal(),
            "partner_id": client.partner_id,
            "shop_id": shop_id,
        }
        return client.call("public.refresh_access_token", TokenAnswer, body=body)

    return refresh


class _Callback(BaseHTTPRequestHandler):
    server: LoopbackCallback

    def do_GET(self) -> None:
        target = urlsplit(self.path)
        query = parse_qs(target.query)
        code = (query.get("code") or [""])[0]
        if target.path != CALLBACK_PATH or not code:
            self.send_response(404)
            self.end_headers()
            return
        shop = (query.get("shop_id") or [""])[0]
        self.server.deliver(Grant(Secret(code), int(shop) if shop.isdecimal() else None))
        page = DONE_PAGE.format(
            title=html.escape(_("The shop is authorised")),
            text=html.escape(_("You can close this window and go back to ocop.")),
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the request line carries the code."""


class LoopbackCallback(HTTPServer):
    """A one-shot server on 127.0.0.1 that catches Shopee's redirect."""

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Callback)
        self._grant: Grant | None = None
        self._arrived = threading.Event()
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def redirect(self) -> str:
        """The URL to give Shopee as ``redirect``."""
        return f"http://127.0.0.1:{self.server_address[1]}{CALLBACK_PATH}"

    def deliver(self, grant: Grant) -> None:
        """Called by the handler when the redirect arrives."""
        self._grant = grant
        self._arrived.set()

    def wait(self, timeout: float) -> Grant | None:
        """The grant, once the browser came back (None after ``timeout`` seconds)."""
        self._arrived.wait(timeout)
        return self._grant

    def __enter__(self) -> LoopbackCallback:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.shutdown()
        self.server_close()


def wait_for_grant(
    callback: LoopbackCallback | None,
    pasted: Callable[[float], str | None],
    timeout: float,
    clock: Callable[[], float] = time.monotonic,
) -> Grant | None:
    """The first of: the browser coming back to ``callback``, or a line the user pasted
    (``pasted(wait)`` returns a line or None after ``wait`` seconds)."""
    deadline = clock() + timeout
    while clock() < deadline:
        if callback is not None and (grant := callback.wait(0.0)) is not None:
            return grant
        line = pasted(0.2)
        if line:
            return read_grant(line)
    return None
