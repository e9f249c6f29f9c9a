"""``ShopeeSandbox``: the sandbox Shopee on loopback, a ``MarketSandbox`` of the ocop kit.

``ocop sandbox`` starts it through the descriptor (``Marketplace.sandbox``); from Python::

    with Sandbox.start(marketplaces=["shopee"]) as started:
        sb = started["shopee"]
        os.environ.update(sb.env())            # URLs, demo partner, and a token file
        sb.set_faults(latency_ms=300, commit_then_504_rate=0.1)
        sb.set_behaviour(review_s=2, storefront="spa")
        sb.mutate(item_id, item_status="BANNED")

The demo shop is authorised when the sandbox starts: its token pair is issued and written to
a token file of the sandbox's own (``tokens_file``, owner-only, removed when it stops), which
``env()`` names, so ``ocop push`` works at once. ``authorise(path)`` plays the whole consent →
code → token flow instead, the way ``ocop auth shopee`` does.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from ocop.connector import ListingStatus
from ocop.sandbox.kit import MarketSandbox, Operation, SandboxSetup
from ocop.sandbox.ratelimit import TokenBuckets
from ocop.sandbox.wire import Request, Response, now_iso
from ocop_shopee.sandbox import api, pages
from ocop_shopee.sandbox.auth_api import REFRESH_LIFETIME_S, issue_pair
from ocop_shopee.sandbox.gateway import Behaviour, ShopeeMarket
from ocop_shopee.sandbox.items import DELETED, STATUSES, settle
from ocop_shopee.sandbox.store import ShopeeStore
from ocop_shopee.sandbox.world import DEMO_PARTNER, DEMO_SHOP, tree_of
from ocop_shopee.tokens import FILE_NAME, ShopTokens, TokenStore, store_key

RATE, BURST = 10.0, 10  # Shopee documents none; the sandbox enforces ocop's own pace
BEHAVIOUR_KNOBS = frozenset(Behaviour.__dataclass_fields__)
STOREFRONT_MODES = frozenset({"ssr", "spa", "blocked", "auto"})
ITEM_STATUS = {  # what change_listing's neutral statuses are on Shopee
    ListingStatus.ACTIVE: "NORMAL",
    ListingStatus.INACTIVE: "UNLIST",
    ListingStatus.BLOCKED: "BANNED",
}


class ShopeeSandbox(MarketSandbox):
    """One sandbox Shopee: the Open Platform API under ``/api/v2`` and shopee.vn's pages."""

    title_field: ClassVar[str] = "item_name"
    unknown_remote_id: ClassVar[str] = "999999999"
    list_route: ClassVar[str] = "GET /product/get_item_list"
    not_writes: ClassVar[frozenset[str]] = api.TOKEN_PATHS  # token calls change no listing

    def __init__(self, setup: SandboxSetup) -> None:
        self.shopee = ShopeeMarket(
            "shopee", api.API_BASE, setup.store, setup.faults("shopee", RATE, BURST),
            TokenBuckets(RATE, BURST), db=ShopeeStore(setup.store),
            tree=tree_of(setup.categories),
        )  # fmt: skip
        self._folder = Path(tempfile.mkdtemp(prefix="ocop-shopee-sandbox-"))
        self.tokens_file = self._folder / FILE_NAME
        super().__init__(setup, self.shopee)
        self._grant_demo_shop()

    @property
    def api_url(self) -> str:
        """The API host (calls go to ``{api_url}/api/v2/…``, as on partner.shopeemobile.com)."""
        return self.storefront_url

    def serve_api(self, request: Request, path: str) -> Response:
        """The signed Open Platform API."""
        return api.handle(self.shopee, request, path)

    def serve_page(self, request: Request) -> Response:
        """shopee.vn: product pages, images, the seller's consent redirect."""
        return pages.handle(self.shopee, request)

    def env(self) -> dict[str, str]:
        """URLs, the demo partner and shop, and the sandbox's token file (its own credentials,
        printed on purpose: they open nothing real)."""
        return {
            "OCOP_SHOPEE_API_URL": self.api_url,
            "OCOP_SHOPEE_STOREFRONT_URL": self.storefront_url,
            "OCOP_SHOPEE_PARTNER_ID": str(DEMO_PARTNER.partner_id),
            "OCOP_SHOPEE_PARTNER_KEY": DEMO_PARTNER.partner_key,
            "OCOP_SHOPEE_SHOP_ID": str(DEMO_SHOP),
            "OCOP_SHOPEE_TOKENS_FILE": str(self.tokens_file),
        }

    def _grant_demo_shop(self) -> None:
        """Issue the demo shop's first token pair and keep it in the sandbox's token file."""
        now = time.time()
        access, refresh = issue_pair(self.shopee, DEMO_PARTNER.partner_id, DEMO_SHOP)
        tokens = ShopTokens.from_record({
            "partner_id": DEMO_PARTNER.partner_id, "shop_id": DEMO_SHOP,
            "access_token": access, "refresh_token": refresh,
            "access_expires_at": now + self.shopee.behaviour.access_ttl_s,
            "refresh_expires_at": now + REFRESH_LIFETIME_S,
        })  # fmt: skip
        store = TokenStore(self.tokens_file)
        with store.locked():
            store.save(store_key(self.api_url, DEMO_PARTNER.partner_id, DEMO_SHOP), tokens)

    def authorise(self, tokens_file: Path, shop_id: int = DEMO_SHOP) -> Any:
        """Play the seller: consent in the "browser", then trade the code; tokens saved."""
        from ocop_shopee.sandbox.seller import authorise

        return authorise(self.api_url, tokens_file, shop_id)

    def open_shop(self, name: str, partner_id: int = DEMO_PARTNER.partner_id) -> dict[str, Any]:
        """A new shop whose seller may authorise ``partner_id`` (the demo app): its own items,
        under its own item limit. Authorise it with ``authorise(tokens_file, shop_id)``."""
        if not isinstance(name, str) or not name.strip():
            raise ValueError("a shop needs a name")
        shop = self.shopee.db.open_shop(partner_id, name.strip())
        return {"shop_id": shop.shop_id, "name": shop.name}

    # --- the neutral operations the shared suites use ----------------------------------------

    def hand_made(self, sku: str, *, price: int = 100_000, stock: int = 10) -> str:
        """An item made in Seller Centre (no models, ``item_sku`` = ``sku``); its id."""
        return str(self.create_item(sku, original_price=price, stock=stock)["item_id"])

    def change_listing(
        self,
        remote_id: str,
        *,
        price: int | None = None,
        stock: int | None = None,
        status: ListingStatus | None = None,
    ) -> None:
        """Price, stock or status changed behind the seller's back: an item's, or one model's
        price and stock (``item/model``; a status is the whole item's)."""
        item, _sep, model = remote_id.partition("/")
        with self.market.lock:
            doc = self.item(int(item))
            models = [m for m in doc["models"] if str(m["model_id"]) == model] if model else [doc]
            if not models:
                raise KeyError(remote_id)
            for key, value in (("original_price", price), ("stock", stock)):
                if value is not None:
                    models[0][key] = value
            if status is not None:
                doc["item_status"] = ITEM_STATUS[status]
            doc["update_time"] = int(time.time())
            self.shopee.db.save_item(doc)

    def operations(self) -> Mapping[str, Operation]:
        """Shopee's own ``POST /__sandbox__/…`` operations (docs/shopee.md)."""
        return {
            "behaviour": lambda body: self.set_behaviour(**body),
            "mutate": lambda body: self.mutate(int(body.pop("item_id")), **body),
            "delete": lambda body: self.delete(int(body["item_id"])),
            "items": lambda body: self.create_item(str(body.pop("item_sku")), **body),
            "expire-tokens": lambda body: self.expire_tokens(**body),
            "shops": lambda body: self.open_shop(**body),
        }

    def moderate(self) -> None:
        """Shopee's item review, decided now for every item in REVIEWING."""
        with self.market.lock:
            for doc in self.items():
                if doc["item_status"] == "REVIEWING":
                    doc["review_until"] = 0
                    settle(self.shopee, doc)

    def stop(self) -> None:
        """Stop serving; the sandbox's token file goes with it."""
        super().stop()
        shutil.rmtree(self._folder, ignore_errors=True)

    # --- Shopee's own -------------------------------------------------------------------------

    def set_behaviour(self, **knobs: Any) -> dict[str, Any]:
        """Shopee's own knobs: access_ttl_s, review_s, storefront (ssr, spa, blocked, auto)."""
        unknown = set(knobs) - BEHAVIOUR_KNOBS
        if unknown:
            raise ValueError(f"unknown behaviour setting(s): {', '.join(sorted(unknown))}")
        if "storefront" in knobs and knobs["storefront"] not in STOREFRONT_MODES:
            raise ValueError(f"storefront must be one of {sorted(STOREFRONT_MODES)}")
        behaviour = self.shopee.behaviour
        for name, value in knobs.items():
            setattr(behaviour, name, value if name == "storefront" else float(value))
        return dict(vars(behaviour))

    def item(self, item_id: int) -> dict[str, Any]:
        """An item's document (``KeyError`` when there is none)."""
        with self.market.lock:
            found = self.shopee.db.item(item_id)
            if found is None:
                raise KeyError(item_id)
            return settle(self.shopee, found[1])

    def mutate(self, item_id: int, **changes: Any) -> dict[str, Any]:
        """Change an item behind the seller's back, unchecked (``item_status="BANNED"``,
        ``item_name=…``); ``models`` entries may be changed through ``models=[…]``."""
        status = changes.get("item_status")
        if status is not None and status not in STATUSES:
            raise ValueError(f"item_status must be one of {STATUSES}")
        with self.market.lock:
            doc = self.item(item_id)
            doc.update(changes)
            doc["update_time"] = int(time.time())
            self.shopee.db.save_item(doc)
            return doc

    def delete(self, item_id: int) -> None:
        """Delete an item as the seller would in Seller Centre."""
        self.mutate(item_id, item_status="SELLER_DELETE")

    def items(self, shop_id: int = DEMO_SHOP) -> list[dict[str, Any]]:
        """Every item of a shop that is not deleted."""
        with self.market.lock:
            return [
                d
                for d in self.shopee.db.items(shop_id, STATUSES)
                if d["item_status"] not in DELETED
            ]

    def create_item(self, item_sku: str, shop_id: int = DEMO_SHOP, **fields: Any) -> dict[str, Any]:
        """A hand-made item (created in Seller Centre, never by ocop)."""
        doc: dict[str, Any] = {
            "item_name": f"Sản phẩm làm tay {item_sku}",
            "description": "Sản phẩm do người bán tự đăng trong Seller Centre.",
            "category_id": 100_652, "item_sku": item_sku, "item_status": "NORMAL", "weight": 0.5,
            "image_id_list": [], "brand": {"brand_id": 0, "original_brand_name": "NoBrand"},
            "attribute_list": [], "logistic_info": [{"logistic_id": 50_011, "enabled": True}],
            "original_price": 100_000, "stock": 10, "tier": [], "models": [],
            "create_time": int(time.time()), "update_time": int(time.time()), "note": now_iso(),
            **fields,
        }  # fmt: skip
        with self.market.lock:
            self.shopee.db.insert_item(shop_id, doc)
        return doc

    def expire_tokens(self, access: bool = True, refresh: bool = False) -> int:
        """Expire the access (and/or refresh) tokens issued so far."""
        return self.shopee.db.expire_tokens(access, refresh)
