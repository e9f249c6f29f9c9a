"""The Voso sandbox: contract §1 (signed API, products, images) and §1.6 (storefront pages).

``ocop sandbox`` starts it through the descriptor (``Marketplace.sandbox``); from Python,
``ocop.sandbox.Sandbox.start()["voso"]`` is a running ``VosoSandbox``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ocop.connector import ListingStatus
from ocop.sandbox.faults import nginx_proxy_error
from ocop.sandbox.kit import MarketSandbox, Operation, SandboxSetup, check_changes
from ocop.sandbox.ratelimit import TokenBuckets
from ocop.sandbox.wire import Request, Response, now_iso

from . import api, pages
from . import products as voso_products
from . import rules as voso_rules
from .accounts import VOSO_DEMO_PARTNER, VOSO_DEMO_SHOP, voso_categories
from .data import Products, VosoMarket

# contract §1.5; set_faults(rate_limit=0) switches it off
RATE, BURST = 10.0, 10
STATUSES = {
    ListingStatus.ACTIVE: "active",
    ListingStatus.INACTIVE: "hidden",
    ListingStatus.BLOCKED: "banned",
}


class VosoSandbox(MarketSandbox):
    """Voso on loopback: the API under ``/open-api/v1``, the storefront at ``/``."""

    title_field: ClassVar[str] = "name"
    unknown_remote_id: ClassVar[str] = "999999"
    list_route: ClassVar[str] = "GET /products"

    def __init__(self, setup: SandboxSetup) -> None:
        # a bare nginx answers Voso's proxy errors with an HTML page (contract §1.5)
        faults = setup.faults("voso", RATE, BURST, proxy_error=nginx_proxy_error)
        market = VosoMarket(
            "voso", "/open-api/v1", setup.store, faults, TokenBuckets(RATE, BURST),
            products=Products(setup.store, voso_categories(setup.categories)),
        )  # fmt: skip
        self.voso = market
        super().__init__(setup, market)

    def serve_api(self, request: Request, path: str) -> Response:
        """The signed seller API."""
        return api.handle(self.voso, request, path)

    def serve_page(self, request: Request) -> Response:
        """The storefront."""
        return pages.handle(self.voso, request)

    def env(self) -> dict[str, str]:
        """URLs and the demo partner's credentials (the sandbox's own, printed on purpose)."""
        return {
            "OCOP_VOSO_API_URL": self.api_url,
            "OCOP_VOSO_STOREFRONT_URL": self.storefront_url,
            "OCOP_VOSO_PARTNER_ID": str(VOSO_DEMO_PARTNER.partner_id),
            "OCOP_VOSO_PARTNER_KEY": VOSO_DEMO_PARTNER.partner_key,
            "OCOP_VOSO_SHOP_ID": str(VOSO_DEMO_SHOP),
        }

    # --- the neutral operations the shared suites use ----------------------------------------

    def hand_made(self, sku: str, *, price: int = 100_000, stock: int = 10) -> str:
        """A product made in the seller centre; its id."""
        return str(self.create_product(sku, price=price, stock=stock)["product_id"])

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
        self.mutate(int(remote_id), **{k: v for k, v in changes.items() if v is not None})

    def operations(self) -> Mapping[str, Operation]:
        """``mutate {id, …}``, ``delete {id}``, ``listings {sku, …}`` over HTTP."""
        return {
            "mutate": lambda body: self.mutate(int(body.pop("id")), **body),
            "delete": lambda body: self.delete(int(body["id"])),
            "listings": lambda body: self.create_product(body.pop("sku"), **body),
        }

    # --- Voso's own -------------------------------------------------------------------------

    def mutate(self, product_id: int, **changes: Any) -> dict[str, Any]:
        """Change a product behind the seller's back, unchecked: ``price``, ``stock``,
        ``status`` ("hidden"/"banned"/"active") or any other Product field (``ocop_stars=3``)."""
        check_changes(changes, voso_rules.FIELD_ORDER, voso_products.STATUSES, "sku")
        with self.market.lock:
            found = self.voso.products.get(product_id)
            if found is None:
                raise KeyError(product_id)
            doc = found[1]
            doc.update(changes)
            doc["updated_at"] = now_iso()
            self.voso.products.update(product_id, doc)
        return voso_products.as_resource(self.storefront_url, product_id, doc)

    def delete(self, product_id: int) -> None:
        """Delete a product as the marketplace would (its SKU becomes free)."""
        with self.market.lock:
            if not self.voso.products.delete(product_id):
                raise KeyError(product_id)

    def _any_leaf(self) -> int:
        """108 "Thực phẩm khác" where the tree has it, else its first leaf."""
        tree = self.voso.products.categories
        if 108 in tree and tree[108].leaf:
            return 108
        return next((c.category_id for c in tree.values() if c.leaf), 0)

    def create_product(
        self, sku: str, *, shop_id: int = VOSO_DEMO_SHOP, **fields: Any
    ) -> dict[str, Any]:
        """A hand-made product that ocop never pushed (defaults fill what is not given)."""
        body = {
            "sku": sku,
            "name": f"Sản phẩm làm tay {sku}",
            "description": "Sản phẩm do người bán tự đăng trên gian hàng.",
            "category_id": self._any_leaf(),
            "price": 100_000,
            "stock": 10,
            "unit": "Hộp",
            "weight_gram": 500,
            "images": [f"{self.storefront_url}/images/none"],
            "origin": "Thái Nguyên",
            **fields,
        }
        with self.market.lock:
            outcome = voso_products.create(self.voso.products, shop_id, body)
        if isinstance(outcome, tuple):
            raise ValueError(f"refused: {outcome}")
        found = self.voso.products.get(outcome)
        assert found is not None
        return voso_products.as_resource(self.storefront_url, outcome, found[1])
