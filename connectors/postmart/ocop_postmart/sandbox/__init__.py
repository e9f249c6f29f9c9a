"""The Postmart sandbox: contract §2 (OAuth, moderated listings, batch offers, media) and §2.6
(storefront pages).

``ocop sandbox`` starts it through the descriptor (``Marketplace.sandbox``); from Python,
``ocop.sandbox.Sandbox.start()["postmart"]`` is a running ``PostmartSandbox``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from ocop.connector import ListingStatus
from ocop.sandbox.kit import MarketSandbox, Operation, SandboxSetup, check_changes
from ocop.sandbox.ratelimit import TokenBuckets
from ocop.sandbox.wire import Request, Response, now_iso

from . import api, pages
from .accounts import POSTMART_DEMO_CLIENT, postmart_categories
from .data import PostmartData
from .listings import STATUSES as LISTING_STATUSES
from .listings import PostmartMarket, as_resource, listing_num, moderate_due
from .rules import FIELDS, listing_fields, problems

# contract §2.5; set_faults(rate_limit=0) switches it off
RATE, BURST = 5.0, 5
STATUSES = {
    ListingStatus.ACTIVE: "active",
    ListingStatus.INACTIVE: "inactive",
    ListingStatus.BLOCKED: "suspended",
}


class PostmartSandbox(MarketSandbox):
    """Postmart on loopback: the API under ``/seller/v1``, the storefront at ``/``."""

    title_field: ClassVar[str] = "title"
    unknown_remote_id: ClassVar[str] = "PM-999999"
    list_route: ClassVar[str] = "GET /listings"
    not_writes: ClassVar[frozenset[str]] = frozenset({api.TOKEN_PATH})
    id_segment: ClassVar[re.Pattern[str]] = re.compile(r"/(PM-\d+|req_\w+|\d+)")

    def __init__(self, setup: SandboxSetup) -> None:
        # Postmart's proxy answers its 5xx with an empty body (contract §2.5): the default
        market = PostmartMarket(
            "postmart", "/seller/v1", setup.store, setup.faults("postmart", RATE, BURST),
            TokenBuckets(RATE, BURST), data=PostmartData(setup.store),
            categories=postmart_categories(setup.categories),
        )  # fmt: skip
        self.postmart = market
        super().__init__(setup, market)

    def serve_api(self, request: Request, path: str) -> Response:
        """The OAuth-protected seller API."""
        return api.handle(self.postmart, request, path)

    def serve_page(self, request: Request) -> Response:
        """The storefront; the moderator works whether or not anyone polls."""
        self.moderate_due()
        return pages.handle(self.postmart, request)

    def env(self) -> dict[str, str]:
        """URLs and the demo client's credentials (the sandbox's own, printed on purpose)."""
        return {
            "OCOP_POSTMART_API_URL": self.api_url,
            "OCOP_POSTMART_STOREFRONT_URL": self.storefront_url,
            "OCOP_POSTMART_CLIENT_ID": POSTMART_DEMO_CLIENT.client_id,
            "OCOP_POSTMART_CLIENT_SECRET": POSTMART_DEMO_CLIENT.client_secret,
        }

    # --- moderation -------------------------------------------------------------------------

    def set_moderation(
        self, delay_s: float | None = None, reject_title_words: list[str] | None = None
    ) -> bool:
        """Review delay (0 = decided at the next call or page view) and banned title words."""
        moderation = self.postmart.moderation
        if delay_s is not None:
            moderation.delay_s = float(delay_s)
        if reject_title_words is not None:
            moderation.reject_title_words = list(reject_title_words)
        return True

    def moderate_due(self) -> None:
        """Decide the requests whose review time has come."""
        with self.market.lock:
            moderate_due(self.postmart)

    def moderate(self) -> None:
        """Decide every waiting request now, whatever the delay."""
        moderation = self.postmart.moderation
        with self.market.lock:
            delay, moderation.delay_s = moderation.delay_s, 0.0
            try:
                moderate_due(self.postmart)
            finally:
                moderation.delay_s = delay

    # --- the neutral operations the shared suites use ----------------------------------------

    def hand_made(self, sku: str, *, price: int = 100_000, stock: int = 10) -> str:
        """A listing made in the seller centre, already approved; its id."""
        return str(self.create_listing(sku, price=price, stock=stock)["listing_id"])

    def change_listing(
        self,
        remote_id: str,
        *,
        price: int | None = None,
        stock: int | None = None,
        status: ListingStatus | None = None,
    ) -> None:
        """Price, stock or status changed behind the seller's back."""
        changes: dict[str, Any] = {"price": price, "stock": stock}
        changes["status"] = STATUSES[status] if status is not None else None
        self.mutate(remote_id, **{k: v for k, v in changes.items() if v is not None})

    def operations(self) -> Mapping[str, Operation]:
        """``mutate {id, …}``, ``listings {sku, …}``, ``expire-tokens`` over HTTP."""
        return {
            "mutate": lambda body: self.mutate(str(body.pop("id")), **body),
            "listings": lambda body: self.create_listing(body.pop("sku"), **body),
            "expire-tokens": lambda body: self.expire_tokens(),
        }

    # --- Postmart's own ---------------------------------------------------------------------

    def mutate(self, listing_id: str, **changes: Any) -> dict[str, Any]:
        """Change a listing behind the seller's back, unchecked: ``price``, ``stock``,
        ``status`` ("inactive"/"suspended"/"active") or any other Listing field (``ocop=None``)."""
        check_changes(changes, FIELDS, LISTING_STATUSES, "seller_sku")
        num = listing_num(listing_id)
        with self.market.lock:
            found = self.postmart.data.listing(num) if num is not None else None
            if found is None or num is None:
                raise KeyError(listing_id)
            doc = found[1]
            doc.update(changes)
            doc["updated_at"] = now_iso()
            self.postmart.data.update_listing(num, doc)
        return as_resource(self.storefront_url, num, doc)

    def _any_code(self) -> str:
        """NONG-SAN "Nông sản khác" where the list has it, else its first code."""
        codes = self.postmart.categories
        return "NONG-SAN" if "NONG-SAN" in codes else next(iter(codes), "")

    def create_listing(self, seller_sku: str, **fields: Any) -> dict[str, Any]:
        """A hand-made, already approved listing that ocop never pushed."""
        body = {
            "seller_sku": seller_sku,
            "title": f"Sản phẩm làm tay {seller_sku}",
            "description": "Sản phẩm do người bán tự đăng trên gian hàng Postmart.",
            "category_code": self._any_code(),
            "price": 100_000,
            "stock": 10,
            "unit": "Hộp",
            "shipping_weight_g": 500,
            "images": [f"{self.storefront_url}/media/none"],
            "origin_province": "Thái Nguyên",
            **fields,
        }
        issues = problems(body, codes=self.postmart.categories)
        if issues:
            raise ValueError(f"refused: {issues}")
        doc = {
            **listing_fields(body),
            "status": "active",
            "pending_changes": False,
            "updated_at": now_iso(),
        }
        with self.market.lock:
            num = self.postmart.data.insert_listing(POSTMART_DEMO_CLIENT.store_id, doc)
        return as_resource(self.storefront_url, num, doc)

    def expire_tokens(self) -> int:
        """Expire every access token issued so far (the next call gets 40101)."""
        return self.postmart.data.expire_tokens()
