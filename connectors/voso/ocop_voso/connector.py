"""The Voso (voso.vn, Viettel Post) connector.

MODELLED CONTRACT: Voso publishes no seller API. This connector follows the project's modelled
contract (``docs/contract.md`` §1, summarised in ``docs/connectors.md``), kept in this package
alone — signing and calls here, field mapping in ``payload.py``, limits in ``marketplace.py`` —
so the real contract can replace it without touching the engine.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar, TypeVar, Unpack

import httpx

from ocop.answers import Answer, parse
from ocop.config import MarketplaceConfig
from ocop.connector import (
    Capabilities,
    Category,
    ListingDraft,
    OfferResult,
    OfferUpdate,
    RemoteListing,
    Review,
    Shop,
    WriteResult,
)
from ocop.connector_kit import HttpOptions, SellerApi
from ocop.credentials import Credentials, Secret
from ocop.errors import ConnectorError, MalformedAnswer, PermanentError
from ocop.http import json_content, sniff_image_type
from ocop.i18n import _

from . import payload
from .marketplace import CAPABILITIES

PAGE_SIZE = 100  # contract §1.4: most products per page
M = TypeVar("M", bound=Answer)


class VosoConnector:
    """Voso's seller API: signed requests, one PATCH per offer change, real deletes."""

    name: ClassVar[str] = "voso"
    capabilities: ClassVar[Capabilities] = CAPABILITIES

    def __init__(
        self,
        config: MarketplaceConfig,
        partner_id: int,
        partner_key: Secret,
        shop_id: int,
        *,
        clock: Callable[[], float] = time.time,
        **options: Unpack[HttpOptions],
    ) -> None:
        self.config = config
        self.partner_id = partner_id
        self.shop_id = shop_id
        self._key = partner_key
        self._base_path = httpx.URL(config.api_url).path.rstrip("/")
        self.api = SellerApi.open(self.name, config.api_url, CAPABILITIES, **options)
        self._clock = clock
        self.page_size = PAGE_SIZE  # smaller only in tests, to see paging

    @classmethod
    def from_config(
        cls, config: MarketplaceConfig, **options: Unpack[HttpOptions]
    ) -> VosoConnector:
        """A connector with credentials from ``OCOP_VOSO_*`` or the credentials file."""
        creds = Credentials(cls.name)
        return cls(
            config,
            creds.integer("partner_id"),
            creds.secret("partner_key"),
            creds.integer("shop_id"),
            **options,
        )

    # --- transport ------------------------------------------------------------------------

    def sign(self, path: str, timestamp: int) -> str:
        """HMAC-SHA256 of partner id, full path, timestamp and shop id, in lowercase hex."""
        message = f"{self.partner_id}{path}{timestamp}{self.shop_id}"
        key = self._key.reveal().encode()
        return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()

    def _call(
        self,
        method: str,
        path: str,
        operation: str,
        model: type[M],
        *,
        remote_id: str | None = None,
        params: dict[str, Any] | None = None,
        **body: Any,
    ) -> M:
        """One signed call, its envelope's ``data`` read as ``model`` (``ocop.answers``)."""

        def build() -> httpx.Request:  # signed afresh on each attempt: the timestamp moves
            timestamp = int(self._clock())
            auth = {
                "partner_id": self.partner_id,
                "shop_id": self.shop_id,
                "timestamp": timestamp,
                "sign": self.sign(self._base_path + path, timestamp),
            }
            query = {**(params or {}), **auth}
            return self.api.client.build_request(method, path, params=query, **body)

        def read(response: httpx.Response, body: Any) -> M:
            data = payload.read_envelope(response.status_code, body, remote_id, operation)
            return parse(model, data, marketplace=self.name, operation=operation)

        answer: M = self.api.exchange(build, read, operation=operation, write=method != "GET")
        return answer

    # --- the Connector protocol -------------------------------------------------------------

    def shop(self) -> Shop:
        """The shop the credentials act for."""
        data = self._call("GET", "/shop", "GET /shop", payload.ShopInfo)
        return Shop(str(data.shop_id), data.name, data.url)

    def categories(self) -> list[Category]:
        """The category tree; listings need a leaf."""
        data = self._call("GET", "/categories", "GET /categories", payload.Categories)
        return [
            Category(item.category_id, item.name, item.parent_id, item.leaf) for item in data.items
        ]

    def upload_image(self, data: bytes, filename: str) -> str:
        """Upload one JPEG/PNG (≤ 2 MiB); returns its storefront URL."""
        files = {"image": (filename, data, sniff_image_type(data))}
        result = self._call("POST", "/images", "POST /images", payload.Uploaded, files=files)
        return result.url

    def _pages(self, params: dict[str, Any]) -> Iterator[RemoteListing]:
        """Page after page; products come in id order (§1.4), so a page that brings none
        after the last one seen is a lying answer, not more products (it would never end)."""
        page, last = 1, -1
        while True:
            query = {**params, "page": page, "page_size": self.page_size}
            data = self._call(
                "GET", "/products", "GET /products", payload.ProductPage, params=query
            )
            listings = [payload.listed(item, "GET /products") for item in data.items]
            newest = max((int(r.remote_id) for r in listings), default=last)
            if listings and newest <= last:
                problem = _("page {page} lists no product after those of the page before")
                raise MalformedAnswer(self.name, "GET /products", problem.format(page=page))
            yield from listings
            if not listings or page * data.page_size >= data.total:
                return
            page, last = page + 1, newest

    def iter_listings(self) -> Iterator[RemoteListing]:
        """Every product of the shop, whatever its status, ordered by product id."""
        return self._pages({})

    def find_by_sku(self, sku: str) -> list[RemoteListing]:
        """The product with exactly this SKU (compared case-sensitively), if any."""
        return [item for item in self._pages({"sku": sku}) if item.sku == sku]

    def get(self, remote_id: str) -> RemoteListing:
        """One product; ``NotFound`` when it does not exist."""
        path = f"/products/{remote_id}"
        product = self._call("GET", path, f"GET {path}", payload.Product, remote_id=remote_id)
        return payload.remote_listing(product)

    def create(self, draft: ListingDraft, image_urls: Sequence[str]) -> WriteResult:
        """Create a product; a SKU already in the shop is ``Conflict`` naming its product."""
        body = payload.product_input(draft, image_urls)
        data = self._call(
            "POST", "/products", f"create {draft.sku}", payload.Product, **json_content(body)
        )
        listing = payload.remote_listing(data)
        return WriteResult(listing.remote_id, listing=listing)

    def update_content(
        self, remote_id: str, draft: ListingDraft, image_urls: Sequence[str]
    ) -> WriteResult:
        """PATCH every field of the draft (with price, so ``original_price ≥ price`` holds)."""
        body = payload.product_input(draft, image_urls)
        path = f"/products/{remote_id}"
        data = self._call(
            "PATCH",
            path,
            f"update {draft.sku}",
            payload.Product,
            remote_id=remote_id,
            **json_content(body),
        )
        listing = payload.remote_listing(data)
        return WriteResult(listing.remote_id, listing=listing)

    def review(self, request_id: str) -> Review:
        """Voso does not moderate: there is never a request to poll."""
        raise PermanentError(self.name, _("Voso does not moderate listings; nothing to review"))

    def update_offers(self, updates: Sequence[OfferUpdate]) -> list[OfferResult]:
        """One PATCH per listing; each item's failure is returned, not raised."""
        results = []
        for update in updates:
            body = {
                key: value
                for key, value in (("price", update.price), ("stock", update.stock))
                if value is not None
            }
            path = f"/products/{update.remote_id}"
            try:
                self._call(
                    "PATCH",
                    path,
                    f"PATCH {path}",
                    payload.Product,
                    remote_id=update.remote_id,
                    **json_content(body),
                )
            except ConnectorError as exc:
                results.append(OfferResult(update.remote_id, exc))
            else:
                results.append(OfferResult(update.remote_id))
        return results

    def set_listed(self, remote_id: str, listed: bool) -> RemoteListing:
        """``unlist`` false/true: active ↔ hidden; a banned product is ``Conflict``."""
        path = f"/products/{remote_id}/unlist"
        data = self._call(
            "POST",
            path,
            f"POST {path}",
            payload.Product,
            remote_id=remote_id,
            **json_content({"unlist": not listed}),
        )
        return payload.remote_listing(data)

    def close(self) -> None:
        """Release the HTTP client."""
        self.api.close()
