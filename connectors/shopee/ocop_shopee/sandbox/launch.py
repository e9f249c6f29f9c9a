"""``ShopeeSandbox``: the sandbox Shopee on loopback, built on the ocop sandbox kit.

with ShopeeSandbox.start() as sb:
    tokens = sb.authorise(tmp_path / "tokens.json")      # the real consent → code → token flow
    os.environ.update(sb.env(tmp_path / "tokens.json"))
    sb.set_faults("shopee", latency_ms=300, commit_then_504_rate=0.1)
    sb.set_behaviour(review_s=2, storefront="spa")
    sb.mutate(item_id, item_status="BANNED")
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from ocop.sandbox.faults import Faults, FaultSettings
from ocop.sandbox.ratelimit import TokenBuckets
from ocop.sandbox.server import App, MarketServer
from ocop.sandbox.wire import now_iso
from ocop_shopee.sandbox import admin, api, pages
from ocop_shopee.sandbox.gateway import Behaviour, ShopeeMarket
from ocop_shopee.sandbox.items import DELETED, STATUSES, settle
from ocop_shopee.sandbox.store import ShopeeStore
from ocop_shopee.sandbox.world import DEMO_PARTNER, DEMO_SHOP

RATE, BURST = 10.0, 10  # Shopee documents none; the sandbox enforces ocop's own pace
BEHAVIOUR_KNOBS = frozenset(Behaviour.__dataclass_fields__)
STOREFRONT_MODES = frozenset({"ssr", "spa", "blocked", "auto"})


class ShopeeSandbox:
    """One sandbox Shopee (API and storefront on one loopback port)."""

    def __init__(self, market: ShopeeMarket, server: MarketServer, rng: random.Random) -> None:
        self.market = market
        self.server = server
        self.rng = rng

    @classmethod
    def start(
        cls, db_path: Path | str | None = None, port: int = 0, *, seed: int | None = None
    ) -> ShopeeSandbox:
        """Start on 127.0.0.1 (port 0: any free one); ``db_path`` None keeps it in memory."""
        store = ShopeeStore(db_path)
        rng = random.Random(seed)
        faults = Faults("shopee", FaultSettings(rate_limit=RATE, burst=BURST), rng)
        market = ShopeeMarket("shopee", api.API_BASE, store, faults, TokenBuckets(RATE, BURST))
        made: list[ShopeeSandbox] = []  # the admin handler needs the sandbox it belongs to
        app = App(market, api.handle, pages.handle, lambda request: admin.handle(made[0], request))
        app.not_writes = api.TOKEN_PATHS
        try:
            server = MarketServer(app, port)
        except BaseException:
            store.close()
            raise
        sandbox = cls(market, server, rng)
        made.append(sandbox)
        sandbox.server.start()
        return sandbox

    @property
    def api_url(self) -> str:
        """The API's root (calls are made to ``{api_url}/api/v2/…``)."""
        return self.market.storefront_url

    @property
    def storefront_url(self) -> str:
        """The storefront's root: product pages and images."""
        return self.market.storefront_url

    def set_faults(self, marketplace: str = "shopee", **knobs: Any) -> dict[str, float | int]:
        """The kit's knobs (latency_ms, fail_before_rate, commit_then_504_rate,
        drop_after_commit_rate, rate_limit, burst); returns the new settings."""
        if marketplace != "shopee":
            raise ValueError(f"this sandbox is Shopee, not {marketplace!r}")
        self.market.faults.update(**knobs)
        settings = self.market.faults.settings
        if {"rate_limit", "burst"} & set(knobs):
            self.market.buckets.configure(settings.rate_limit, settings.burst)
        return settings.as_dict()

    def set_behaviour(self, **knobs: Any) -> dict[str, Any]:
        """Shopee's own knobs: access_ttl_s, review_s, storefront (ssr, spa, blocked, auto)."""
        unknown = set(knobs) - BEHAVIOUR_KNOBS
        if unknown:
            raise ValueError(f"unknown behaviour setting(s): {', '.join(sorted(unknown))}")
        if "storefront" in knobs and knobs["storefront"] not in STOREFRONT_MODES:
            raise ValueError(f"storefront must be one of {sorted(STOREFRONT_MODES)}")
        behaviour = self.market.behaviour
        for name, value in knobs.items():
            setattr(behaviour, name, value if name == "storefront" else float(value))
        return dict(vars(behaviour))

    def seed(self, value: int) -> None:
        """Re-seed the fault RNG."""
        self.rng.seed(value)

    def stats(self) -> dict[str, int]:
        """API calls received: ``requests``, ``writes`` and one count per ``METHOD /path``."""
        return self.market.stats.snapshot()

    def reset_stats(self) -> None:
        self.market.stats.reset()

    def env(self, tokens_file: Path) -> dict[str, str]:
        """The ``OCOP_SHOPEE_*`` variables that point ocop at this sandbox."""
        return {
            "OCOP_SHOPEE_API_URL": self.api_url,
            "OCOP_SHOPEE_STOREFRONT_URL": self.storefront_url,
            "OCOP_SHOPEE_PARTNER_ID": str(DEMO_PARTNER.partner_id),
            "OCOP_SHOPEE_PARTNER_KEY": DEMO_PARTNER.partner_key,
            "OCOP_SHOPEE_SHOP_ID": str(DEMO_SHOP),
            "OCOP_SHOPEE_TOKENS_FILE": str(tokens_file),
        }

    def authorise(self, tokens_file: Path, shop_id: int = DEMO_SHOP) -> Any:
        """Play the seller: consent in the "browser", then trade the code; tokens saved."""
        from ocop_shopee.sandbox.seller import authorise

        return authorise(self, tokens_file, shop_id)

    def item(self, item_id: int) -> dict[str, Any]:
        """An item's document (``KeyError`` when there is none)."""
        with self.market.lock:
            found = self.market.db.item(item_id)
            if found is None:
                raise KeyError(item_id)
            return settle(self.market, found[1])

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
            self.market.db.save_item(doc)
            return doc

    def delete(self, item_id: int) -> None:
        """Delete an item as the seller would in Seller Centre."""
        self.mutate(item_id, item_status="SELLER_DELETE")

    def items(self, shop_id: int = DEMO_SHOP) -> list[dict[str, Any]]:
        """Every item of a shop that is not deleted."""
        with self.market.lock:
            return [
                d
                for d in self.market.db.items(shop_id, STATUSES)
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
            self.market.db.insert_item(shop_id, doc)
        return doc

    def expire_tokens(self, access: bool = True, refresh: bool = False) -> int:
        """Expire the access (and/or refresh) tokens issued so far."""
        return self.market.db.expire_tokens(access, refresh)

    def stop(self) -> None:
        """Stop the server and close the database."""
        self.server.stop()
        self.market.store.close()

    def __enter__(self) -> ShopeeSandbox:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
