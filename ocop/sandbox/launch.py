"""``Sandbox``: both marketplaces started together on loopback, with one seedable RNG."""

from __future__ import annotations

import random
from pathlib import Path
from types import TracebackType
from typing import Any

from ocop.sandbox import admin, postmart_api, postmart_pages, voso_api, voso_pages
from ocop.sandbox.control import MarketHandle, PostmartHandle, VosoHandle
from ocop.sandbox.demo import POSTMART_DEMO_CLIENT, VOSO_DEMO_PARTNER, VOSO_DEMO_SHOP
from ocop.sandbox.faults import Faults, FaultSettings
from ocop.sandbox.market import Market
from ocop.sandbox.postmart_api import TOKEN_PATH
from ocop.sandbox.postmart_listings import PostmartMarket, moderate_due
from ocop.sandbox.ratelimit import TokenBuckets
from ocop.sandbox.server import ApiHandler, App, MarketServer, PageHandler
from ocop.sandbox.store import Store
from ocop.sandbox.wire import Request, Response

# the contract's limits (§1.5, §2.5); set_faults(rate_limit=0) switches them off
VOSO_RATE, VOSO_BURST = 10.0, 10
POSTMART_RATE, POSTMART_BURST = 5.0, 5


class Sandbox:
    """Both sandbox marketplaces, running until ``stop()`` (or the end of a ``with`` block)."""

    def __init__(self, store: Store, rng: random.Random) -> None:
        self.store = store
        self.rng = rng
        self.voso: VosoHandle
        self.postmart: PostmartHandle

    @classmethod
    def start(
        cls,
        db_path: Path | str | None = None,
        voso_port: int = 0,
        postmart_port: int = 0,
        *,
        seed: int | None = None,
    ) -> Sandbox:
        """Start both servers on 127.0.0.1 (port 0 = ephemeral); ``db_path`` None = in memory."""
        store = Store(db_path)
        try:
            return cls._start_servers(cls(store, random.Random(seed)), voso_port, postmart_port)
        except BaseException:
            store.close()
            raise

    @staticmethod
    def _start_servers(sandbox: Sandbox, voso_port: int, postmart_port: int) -> Sandbox:
        voso = Market("voso", "/open-api/v1", sandbox.store, sandbox._faults("voso", VOSO_RATE, VOSO_BURST),
                      TokenBuckets(VOSO_RATE, VOSO_BURST))  # fmt: skip
        postmart = PostmartMarket(
            "postmart", "/seller/v1", sandbox.store,
            sandbox._faults("postmart", POSTMART_RATE, POSTMART_BURST),
            TokenBuckets(POSTMART_RATE, POSTMART_BURST),
        )  # fmt: skip
        voso_server = sandbox._serve(voso, voso_api.handle, voso_pages.handle, voso_port)
        try:
            postmart_server = sandbox._serve(
                postmart, postmart_api.handle, _postmart_pages, postmart_port
            )
        except BaseException:
            voso_server.stop()  # a busy second port must not leave the first one bound
            raise
        sandbox.voso = VosoHandle(voso, voso_server)
        sandbox.postmart = PostmartHandle(postmart, postmart_server)
        return sandbox

    def _faults(self, name: str, rate: float, burst: int) -> Faults:
        return Faults(name, FaultSettings(rate_limit=rate, burst=burst), self.rng)

    def _serve(
        self, market: Market, api: ApiHandler, pages: PageHandler, port: int
    ) -> MarketServer:
        app = App(market, api, pages, lambda request: admin.handle(self, market.name, request))
        if market.name == "postmart":
            app.not_writes = frozenset({TOKEN_PATH})
        server = MarketServer(app, port)
        server.start()
        return server

    def handle(self, marketplace: str) -> MarketHandle:
        """The handle of ``"voso"`` or ``"postmart"``."""
        if marketplace not in ("voso", "postmart"):
            raise ValueError(f"unknown marketplace {marketplace!r}")
        handle: MarketHandle = self.voso if marketplace == "voso" else self.postmart
        return handle

    def set_faults(self, marketplace: str, **knobs: Any) -> dict[str, float | int]:
        """Change fault knobs: latency_ms, fail_before_rate, commit_then_504_rate,
        drop_after_commit_rate, rate_limit (0 = off), burst. Returns the new settings."""
        market = self.handle(marketplace).market
        market.faults.update(**knobs)
        settings = market.faults.settings
        if {"rate_limit", "burst"} & set(knobs):
            market.buckets.configure(settings.rate_limit, settings.burst)
        return settings.as_dict()

    def set_moderation(
        self, delay_s: float | None = None, reject_title_words: list[str] | None = None
    ) -> None:
        """Postmart's moderator: review delay (0 = decided at the next call) and banned words."""
        moderation = self.postmart.market.moderation
        if delay_s is not None:
            moderation.delay_s = float(delay_s)
        if reject_title_words is not None:
            moderation.reject_title_words = list(reject_title_words)

    def seed(self, value: int) -> None:
        """Re-seed the fault RNG (deterministic fault sequences)."""
        self.rng.seed(value)

    def env(self) -> dict[str, str]:
        """The ``OCOP_*`` variables that point any ocop command at this sandbox."""
        return {
            "OCOP_VOSO_API_URL": self.voso.api_url,
            "OCOP_VOSO_STOREFRONT_URL": self.voso.storefront_url,
            "OCOP_VOSO_PARTNER_ID": str(VOSO_DEMO_PARTNER.partner_id),
            "OCOP_VOSO_PARTNER_KEY": VOSO_DEMO_PARTNER.partner_key,
            "OCOP_VOSO_SHOP_ID": str(VOSO_DEMO_SHOP),
            "OCOP_POSTMART_API_URL": self.postmart.api_url,
            "OCOP_POSTMART_STOREFRONT_URL": self.postmart.storefront_url,
            "OCOP_POSTMART_CLIENT_ID": POSTMART_DEMO_CLIENT.client_id,
            "OCOP_POSTMART_CLIENT_SECRET": POSTMART_DEMO_CLIENT.client_secret,
        }

    def stop(self) -> None:
        """Stop both servers and close the database."""
        for handle in (self.voso, self.postmart):
            handle.server.stop()
        self.store.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _postmart_pages(market: Market, request: Request) -> Response:
    # the moderator works whether or not anyone polls: storefront visits see decided requests
    assert isinstance(market, PostmartMarket)
    with market.lock:
        moderate_due(market)
    return postmart_pages.handle(market, request)
