"""The Postmart (postmart.vn, Vietnam Post) connector.

MODELLED CONTRACT: Postmart publishes no seller API. This connector follows the project's
modelled contract (``docs/contract.md`` §2, summarised in ``docs/connectors.md``), kept in this
package alone — token in ``auth.py``, calls here, field mapping in ``payload.py``, limits in
``marketplace.py`` — so the real contract can replace it without touching the engine.
"""

from __future__ import annotations

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
from ocop.errors import MalformedAnswer
from ocop.http import json_content, sniff_image_type
from ocop.i18n import _

from . import payload
from .auth import TokenSource
from .errors import TokenExpired
from .marketplace import CAPABILITIES

PAGE_SIZE = 50  # contract §2.4: most listings per page
M = TypeVar("M", bound=Answer)


class PostmartConnector:
    """Postmart's seller API: OAuth token, moderated content, batched offers, no delete."""

    name: ClassVar[str] = "postmart"
    capabilities: ClassVar[Capabilities] = CAPABILITIES

    def __init__(
        self,
        config: MarketplaceConfig,
        client_id: str,
        client_secret: Secret,
        *,
        clock: Callable[[], float] = time.monotonic,
        **options: Unpack[HttpOptions],
    ) -> None:
        self.config = config
        self.api = SellerApi.open(self.name, config.api_url, CAPABILITIES, **options)
        self.page_size = PAGE_SIZE  # smaller only in tests, to see paging
        self.tokens = TokenSource(self.api, client_id, client_secret, clock)

    @classmethod
    def from_config(
        cls, config: MarketplaceConfig, **options: Unpack[HttpOptions]
    ) -> PostmartConnector:
        """A connector with credentials from ``OCOP_POSTMART_*`` or the credentials file."""
        creds = Credentials(cls.name)
        return cls(
            config,
            creds.require("client_id"),
            creds.secret("client_secret"),
            **options,
        )

    # --- transport ------------------------------------------------------------------------

    def _send(
        self,
        token: Secret,
        method: str,
        path: str,
        operation: str,
        model: type[M],
        remote_id: str | None,
        options: dict[str, Any],
    ) -> M:
        def build() -> httpx.Request:
            request = self.api.client.build_request(method, path, **options)
            request.headers["Authorization"] = f"Bearer {token.reveal()}"
            return request

        def read(response: httpx.Response, body: Any) -> M:
            data = payload.read_envelope(response.status_code, body, remote_id, operation)
            return parse(model, data, marketplace=self.name, operation=operation)

        answer: M = self.api.exchange(build, read, operation=operation, write=method != "GET")
        return answer

    def _call(
        self,
        method: str,
        path: str,
        operation: str,
        model: type[M],
        *,
        remote_id: str | None = None,
        **options: Any,
    ) -> M:
        """One call, its envelope's ``data`` read as ``model`` (``ocop.answers``); on 40101 a
        new token is fetched once and the call repeated once (the refused call had no
        effect, so repeating even a write duplicates nothing)."""
        token = self.tokens.current()
        try:
            return self._send(token, method, path, operation, model, remote_id, options)
        except TokenExpired:
            fresh = self.tokens.refresh(token)
        return self._send(fresh, method, path, operation, model, remote_id, options)

    # --- the Connector protocol -------------------------------------------------------------

    def shop(self) -> Shop:
        """The store the client acts for."""
        data = self._call("GET", "/store", "GET /store", payload.StoreInfo)
        return Shop(data.store_id, data.name, data.url)

    def categories(self) -> list[Category]:
        """The category list (flat: every code is a leaf)."""
        data = self._call("GET", "/categories", "GET /categories", payload.Categories)
        return [Category(item.code, item.name) for item in data.items]

    def upload_image(self, data: bytes, filename: str) -> str:
        """Upload one JPEG/PNG (≤ 5 MiB) as media; returns its storefront URL."""
        files = {"file": (filename, data, sniff_image_type(data))}
        result = self._call("POST", "/media", "POST /media", payload.Media, files=files)
        return result.url

    def _pages(self, filters: dict[str, Any]) -> Iterator[RemoteListing]:
        """Page after page; a cursor given twice would never end: a lying answer."""
        cursor, used = None, set()
        while True:
            # a cursor does not carry the filters: send them again with every page
            query = {**filters, "limit": self.page_size}
            if cursor:
                query["cursor"] = cursor
            data = self._call(
                "GET", "/listings", "GET /listings", payload.ListingPage, params=query
            )
            yield from (payload.listed(item, "GET /listings") for item in data.items)
            cursor = data.next_cursor
            if not cursor:
                return
            if cursor in used:
                problem = _("the cursor {cursor!r} came back").format(cursor=cursor[:40])
                raise MalformedAnswer(self.name, "GET /listings", problem)
            used.add(cursor)

    def iter_listings(self) -> Iterator[RemoteListing]:
        """Every listing of the store, whatever its status, ordered by listing id."""
        return self._pages({})

    def find_by_sku(self, sku: str) -> list[RemoteListing]:
        """Every listing with exactly this SKU: Postmart allows several."""
        return [item for item in self._pages({"seller_sku": sku}) if item.sku == sku]

    def get(self, remote_id: str) -> RemoteListing:
        """One listing; ``NotFound`` when it does not exist."""
        path = f"/listings/{remote_id}"
        listing = self._call("GET", path, f"GET {path}", payload.Listing, remote_id=remote_id)
        return payload.remote_listing(listing)

    def create(self, draft: ListingDraft, image_urls: Sequence[str]) -> WriteResult:
        """Submit a listing for review; poll ``review(request_id)`` for the listing id."""
        body = payload.listing_input(draft, image_urls)
        data = self._call(
            "POST", "/listings", f"create {draft.sku}", payload.Accepted, **json_content(body)
        )
        return WriteResult(None, request_id=data.request_id)

    def update_content(
        self, remote_id: str, draft: ListingDraft, image_urls: Sequence[str]
    ) -> WriteResult:
        """PUT the full listing; it goes back to review (the live one stays until approved)."""
        body = payload.listing_input(draft, image_urls)
        path = f"/listings/{remote_id}"
        data = self._call(
            "PUT",
            path,
            f"update {draft.sku}",
            payload.Accepted,
            remote_id=remote_id,
            **json_content(body),
        )
        return WriteResult(data.listing_id or remote_id, request_id=data.request_id)

    def review(self, request_id: str) -> Review:
        """Where a listing request stands: pending, approved (listing id) or rejected (reason)."""
        path = f"/listing-requests/{request_id}"
        state = self._call("GET", path, f"GET {path}", payload.RequestState, remote_id=request_id)
        return payload.review(state)

    def _offer_batch(self, batch: Sequence[OfferUpdate]) -> list[OfferResult]:
        offers = []
        for update in batch:
            offer: dict[str, Any] = {"listing_id": update.remote_id}
            if update.price is not None:
                offer["price"] = update.price
            if update.stock is not None:
                offer["stock"] = update.stock
            offers.append(offer)
        data = self._call(
            "POST",
            "/listings/offers:batchUpdate",
            "offers:batchUpdate",
            payload.OfferResults,
            **json_content({"offers": offers}),
        )
        results = []
        for item in data.results:
            error = None
            if not item.ok:
                code, message = item.code or 0, item.message or ""
                error = payload.code_error(code, message, item.listing_id, {})
            results.append(OfferResult(item.listing_id, error))
        return results

    def update_offers(self, updates: Sequence[OfferUpdate]) -> list[OfferResult]:
        """Price/stock in batches of 50, applied at once; per-item failures are returned."""
        size = CAPABILITIES.batch_offers
        results: list[OfferResult] = []
        for start in range(0, len(updates), size):
            results.extend(self._offer_batch(updates[start : start + size]))
        return results

    def set_listed(self, remote_id: str, listed: bool) -> RemoteListing:
        """``:activate`` / ``:deactivate``; a suspended listing is ``Conflict``."""
        path = f"/listings/{remote_id}:{'activate' if listed else 'deactivate'}"
        data = self._call(
            "POST", path, f"POST {path}", payload.Listing, remote_id=remote_id, **json_content({})
        )
        return payload.remote_listing(data)

    def close(self) -> None:
        """Release the HTTP client."""
        self.api.close()
