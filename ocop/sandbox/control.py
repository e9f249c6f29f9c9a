"""The sandbox as a Python object: start both marketplaces, tune them, poke their data.

with Sandbox.start() as sb:
    os.environ.update(sb.env())
    sb.set_faults("voso", latency_ms=300)
    sb.voso.mutate(product_id, status="banned")
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ocop.sandbox import voso_products, voso_rules
from ocop.sandbox.demo import POSTMART_DEMO_CLIENT, VOSO_DEMO_SHOP
from ocop.sandbox.market import Market
from ocop.sandbox.postmart_listings import (
    STATUSES as POSTMART_STATUSES,
)
from ocop.sandbox.postmart_listings import (
    PostmartMarket,
    as_resource,
    listing_num,
    moderate_due,
)
from ocop.sandbox.postmart_rules import FIELDS, listing_fields, problems
from ocop.sandbox.server import MarketServer
from ocop.sandbox.wire import now_iso


def _check_changes(
    changes: dict[str, Any], fields: Iterable[str], statuses: tuple[str, ...]
) -> None:
    unknown = set(changes) - {*fields, "status"}
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    if "status" in changes and changes["status"] not in statuses:
        raise ValueError(f"status must be one of {tuple(statuses)}")
    if any(changes.get(key, "") is None for key in ("sku", "seller_sku")):
        raise ValueError("the SKU cannot be removed")


class MarketHandle:
    """What tests and scripts can do with one running marketplace."""

    def __init__(self, market: Market, server: MarketServer) -> None:
        self.market = market
        self.server = server

    @property
    def api_url(self) -> str:
        """The API base URL (contract base path included)."""
        return self.market.api_url

    @property
    def storefront_url(self) -> str:
        """The storefront's root URL, without a trailing slash."""
        return self.market.storefront_url

    def stats(self) -> dict[str, int]:
        """API calls received: ``requests``, ``writes`` and one count per ``METHOD /route``."""
        return self.market.stats.snapshot()

    def reset_stats(self) -> None:
        """Count from zero again."""
        self.market.stats.reset()


class VosoHandle(MarketHandle):
    """Voso's sandbox-only operations."""

    def mutate(self, product_id: int, **changes: Any) -> dict[str, Any]:
        """Change a product behind the seller's back, unchecked: ``price``, ``stock``,
        ``status`` ("hidden"/"banned"/"active") or any other Product field (``ocop_stars=3``)."""
        _check_changes(changes, voso_rules.FIELD_ORDER, voso_products.STATUSES)
        with self.market.lock:
            found = self.market.store.product(product_id)
            if found is None:
                raise KeyError(product_id)
            doc = found[1]
            doc.update(changes)
            doc["updated_at"] = now_iso()
            self.market.store.update_product(product_id, doc)
        return voso_products.as_resource(self.storefront_url, product_id, doc)

    def delete(self, product_id: int) -> None:
        """Delete a product as the marketplace would (its SKU becomes free)."""
        with self.market.lock:
            if not self.market.store.delete_product(product_id):
                raise KeyError(product_id)

    def create_product(
        self, sku: str, *, shop_id: int = VOSO_DEMO_SHOP, **fields: Any
    ) -> dict[str, Any]:
        """A hand-made product that ocop never pushed (defaults fill what is not given)."""
        body = {
            "sku": sku,
            "name": f"Sản phẩm làm tay {sku}",
            "description": "Sản phẩm do người bán tự đăng trên gian hàng.",
            "category_id": 108,
            "price": 100_000,
            "stock": 10,
            "unit": "Hộp",
            "weight_gram": 500,
            "images": [f"{self.storefront_url}/images/none"],
            "origin": "Thái Nguyên",
            **fields,
        }
        with self.market.lock:
            outcome = voso_products.create(self.market.store, shop_id, body)
        if isinstance(outcome, tuple):
            raise ValueError(f"refused: {outcome}")
        found = self.market.store.product(outcome)
        assert found is not None
        return voso_products.as_resource(self.storefront_url, outcome, found[1])


class PostmartHandle(MarketHandle):
    """Postmart's sandbox-only operations."""

    market: PostmartMarket

    def mutate(self, listing_id: str, **changes: Any) -> dict[str, Any]:
        """Change a listing behind the seller's back, unchecked: ``price``, ``stock``,
        ``status`` ("inactive"/"suspended"/"active") or any other Listing field (``ocop=None``)."""
        _check_changes(changes, FIELDS, POSTMART_STATUSES)
        num = listing_num(listing_id)
        with self.market.lock:
            found = self.market.store.listing(num) if num is not None else None
            if found is None or num is None:
                raise KeyError(listing_id)
            doc = found[1]
            doc.update(changes)
            doc["updated_at"] = now_iso()
            self.market.store.update_listing(num, doc)
        return as_resource(self.storefront_url, num, doc)

    def create_listing(self, seller_sku: str, **fields: Any) -> dict[str, Any]:
        """A hand-made, already approved listing that ocop never pushed."""
        body = {
            "seller_sku": seller_sku,
            "title": f"Sản phẩm làm tay {seller_sku}",
            "description": "Sản phẩm do người bán tự đăng trên gian hàng Postmart.",
            "category_code": "NONG-SAN",
            "price": 100_000,
            "stock": 10,
            "unit": "Hộp",
            "shipping_weight_g": 500,
            "images": [f"{self.storefront_url}/media/none"],
            "origin_province": "Thái Nguyên",
            **fields,
        }
        issues = problems(body)
        if issues:
            raise ValueError(f"refused: {issues}")
        doc = {
            **listing_fields(body),
            "status": "active",
            "pending_changes": False,
            "updated_at": now_iso(),
        }
        with self.market.lock:
            num = self.market.store.insert_listing(POSTMART_DEMO_CLIENT.store_id, doc)
        return as_resource(self.storefront_url, num, doc)

    def expire_tokens(self) -> int:
        """Expire every access token issued so far (the next call gets 40101)."""
        return self.market.store.expire_tokens()

    def moderate(self) -> None:
        """Decide the requests whose review time has come, now."""
        with self.market.lock:
            moderate_due(self.market)
