"""What a connector package builds its sandbox from: ``SandboxSetup`` in, ``MarketSandbox`` out.

A marketplace's descriptor names its sandbox class (``Marketplace.sandbox``); ``ocop sandbox``
and ``ocop.sandbox.Sandbox`` call it with a ``SandboxSetup`` (the shared database, the seedable
fault RNG, the port) and get a running ``MarketSandbox``::

    class ShopSandbox(MarketSandbox):
        def __init__(self, setup: SandboxSetup) -> None:
            market = Market("shop", "/api/v1", setup.store, setup.faults("shop", 10, 10),
                            TokenBuckets(10, 10))
            super().__init__(setup, market)

        def serve_api(self, request, path): ...      # the seller API (path below api_base)
        def serve_page(self, request): ...           # the storefront
        def env(self): ...                           # OCOP_SHOP_* lines pointing ocop here

The base class runs the server (``ocop.sandbox.server``) with faults, rate limit, latency and
counters, and answers ``/__sandbox__/`` (``ocop.sandbox.admin``). Its constructor starts
serving: set what your handlers need before calling it. The rest of this class is
what the shared test suites (``ocop.testing``) drive every marketplace with, in neutral words.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ocop.connector import Category, ListingStatus
from ocop.sandbox.faults import Faults, FaultSettings, ProxyError
from ocop.sandbox.market import Market
from ocop.sandbox.server import ID_SEGMENT, App, MarketServer
from ocop.sandbox.store import Store
from ocop.sandbox.wire import Request, Response

Operation = Callable[[dict[str, Any]], Any]


def check_changes(
    changes: Mapping[str, Any], fields: Iterable[str], statuses: Iterable[str], sku_field: str
) -> None:
    """Refuse (``ValueError``) a change to an unknown field, to an unknown status, or one
    that removes the SKU: what a sandbox's ``mutate`` may change behind the seller's back."""
    allowed = tuple(statuses)
    unknown = set(changes) - {*fields, "status"}
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    if "status" in changes and changes["status"] not in allowed:
        raise ValueError(f"status must be one of {allowed}")
    if sku_field in changes and changes[sku_field] is None:
        raise ValueError("the SKU cannot be removed")


@dataclass
class SandboxSetup:
    """What ocop gives a marketplace's sandbox when it starts it.

    ``categories``: another category list to serve instead of the sandbox's own (``ocop
    sandbox --categories NAME=FILE``): a marketplace with a list ocop's catalogue was not
    written for. A sandbox whose contract has no tree serves its leaves."""

    store: Store
    rng: random.Random
    port: int = 0  # 0: any free port
    categories: tuple[Category, ...] | None = None

    def faults(
        self, marketplace: str, rate: float, burst: int, proxy_error: ProxyError | None = None
    ) -> Faults:
        """Fault knobs drawn from the shared RNG, with the contract's rate limit on."""
        settings = FaultSettings(rate_limit=rate, burst=burst)
        return Faults(marketplace, settings, self.rng, proxy_error=proxy_error)


class MarketSandbox:
    """One running marketplace sandbox. A connector package subclasses it (module docstring).

    Class attributes a subclass sets, for the shared contract suite:
        title_field        the API's name of the title in validation issues ("name", "title")
        unknown_remote_id  a well-formed remote id no listing has
        list_route         the stats key of the call that lists the shop ("GET /products")
    """

    title_field: ClassVar[str] = "title"
    unknown_remote_id: ClassVar[str] = "999999999"
    list_route: ClassVar[str] = "GET /listings"
    # API paths whose POST changes no listing (an OAuth token): not writes, never faulted
    not_writes: ClassVar[frozenset[str]] = frozenset()
    id_segment: ClassVar[re.Pattern[str]] = ID_SEGMENT  # ids in stats keys become {id}

    def __init__(self, setup: SandboxSetup, market: Market) -> None:
        self.market = market
        self.rng = setup.rng
        app = App(
            market,
            lambda _market, request, path: self.serve_api(request, path),
            lambda _market, request: self.serve_page(request),
            self._admin,
            not_writes=self.not_writes,
            id_segment=self.id_segment,
        )
        self.server = MarketServer(app, setup.port)
        self.server.start()

    @property
    def name(self) -> str:
        """The marketplace's name."""
        return self.market.name

    @property
    def api_url(self) -> str:
        """The API base URL (the contract's base path included)."""
        return self.market.api_url

    @property
    def storefront_url(self) -> str:
        """The storefront's root URL, without a trailing slash."""
        return self.market.storefront_url

    # --- what a marketplace package implements ---------------------------------------------

    def serve_api(self, request: Request, path: str) -> Response:
        """Answer one seller-API request (``path`` is relative to the API's base path)."""
        raise NotImplementedError

    def serve_page(self, request: Request) -> Response:
        """Answer one storefront request."""
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        """The ``OCOP_<NAME>_*`` variables that point ocop at this sandbox (URLs, demo
        credentials: the sandbox's own, printed on purpose)."""
        raise NotImplementedError

    def hand_made(self, sku: str, *, price: int = 100_000, stock: int = 10) -> str:
        """A listing on sale that ocop never pushed (made in the seller centre); its id."""
        raise NotImplementedError

    def change_listing(
        self,
        remote_id: str,
        *,
        price: int | None = None,
        stock: int | None = None,
        status: ListingStatus | None = None,
    ) -> None:
        """Change a listing behind the seller's back (``KeyError`` when it does not exist)."""
        raise NotImplementedError

    def operations(self) -> Mapping[str, Operation]:
        """Extra ``POST /__sandbox__/<name>`` operations (JSON body in, JSON-able out)."""
        return {}

    def set_moderation(
        self, delay_s: float | None = None, reject_title_words: list[str] | None = None
    ) -> bool:
        """Tune the moderator; False when this marketplace does not moderate."""
        return False

    def moderate(self) -> None:
        """Decide every request waiting for review now, whatever the delay."""

    # --- the common part --------------------------------------------------------------------

    def set_faults(self, **knobs: Any) -> dict[str, float | int]:
        """Change fault knobs: latency_ms, fail_before_rate, commit_then_504_rate,
        drop_after_commit_rate, rate_limit (0 = off), burst; the storefront's page_status,
        page_captcha, page_captcha_redirect, page_fault_rate and robots_disallow
        (``ocop.sandbox.faults``). Returns the new settings."""
        self.market.faults.update(**knobs)
        settings = self.market.faults.settings
        if {"rate_limit", "burst"} & set(knobs):
            self.market.buckets.configure(settings.rate_limit, settings.burst)
        return settings.as_dict()

    def stats(self) -> dict[str, int]:
        """API calls received: ``requests``, ``writes`` and one count per ``METHOD /route``."""
        return self.market.stats.snapshot()

    def reset_stats(self) -> None:
        """Count from zero again."""
        self.market.stats.reset()

    def stop(self) -> None:
        """Stop serving and release the port."""
        self.server.stop()

    def _admin(self, request: Request) -> Response:
        from ocop.sandbox import admin

        return admin.handle(self, request)
