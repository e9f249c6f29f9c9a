"""The tiny.example connector: an API key header, plain JSON, one call per operation."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, TypeVar, Unpack

import httpx
from pydantic import Field

from ocop import answers
from ocop.answers import Answer, parse
from ocop.config import MarketplaceConfig
from ocop.connector import (
    Capabilities,
    Category,
    ListingDraft,
    ListingStatus,
    OfferResult,
    OfferUpdate,
    RemoteListing,
    Review,
    Shop,
    WriteResult,
)
from ocop.connector_kit import FieldNames, HttpOptions, SellerApi
from ocop.credentials import Credentials, Secret
from ocop.errors import (
    AuthenticationError,
    ConnectorError,
    FieldIssue,
    NotFound,
    PermanentError,
    ValidationRejected,
)
from ocop.http import json_content

from .marketplace import CAPABILITIES, ItemBlocked

STATUSES = {"active": ListingStatus.ACTIVE, "hidden": ListingStatus.INACTIVE}
# the fields tiny sends and answers as they are, under its names (ocop's: ListingDraft's)
FIELDS = FieldNames(
    {
        "sku": "sku",
        "title": "title",
        "category": "category",
        "price": "price",
        "list_price": "list_price",
        "stock": "stock",
    }
)
M = TypeVar("M", bound=Answer)


def read(status: int, body: Any, remote_id: str | None) -> Any:
    """The answer's body, or the ``ocop.errors`` class for its ``error``."""
    if not isinstance(body, dict):
        raise PermanentError("tiny", f"unexpected answer (HTTP {status})")
    code = body.get("error")
    if code is None:
        return body
    if code == "unauthorized":
        raise AuthenticationError("tiny", "the API key was refused: check OCOP_TINY_API_KEY")
    if code == "not_found":
        raise NotFound("tiny", remote_id or "?")
    if code == "blocked":
        raise ItemBlocked(remote_id)
    if code == "invalid":
        issue = FieldIssue(str(body.get("field", "?")), str(body.get("reason", "invalid")))
        raise ValidationRejected("tiny", [issue])
    raise PermanentError("tiny", f"{code} (HTTP {status})")


class Item(Answer):
    """An item as the API answers it: read into types at the boundary (``ocop.answers``)."""

    id: int
    sku: str
    title: str
    price: int
    stock: int
    status: str
    url: str
    category: str | None = None
    list_price: int | None = None
    images: list[str] = Field(default_factory=list)
    stars: int | None = None


class Page(Answer):
    items: list[Any]  # each read on its own: an unreadable one fails its SKU alone
    next_page: int | None = None


class Named(Answer):  # GET /shop
    id: int | str
    name: str
    url: str


class Node(Answer):
    id: str
    name: str
    parent: str | None = None
    leaf: bool


class Tree(Answer):  # GET /categories
    categories: list[Node]


class Uploaded(Answer):  # POST /images
    url: str


def listing(item: Item) -> RemoteListing:
    """An item as the marketplace-neutral ``RemoteListing``."""
    return RemoteListing(
        remote_id=str(item.id),
        status=STATUSES.get(item.status, ListingStatus.BLOCKED),
        url=item.url,
        images=tuple(item.images),
        ocop_stars=item.stars,
        **FIELDS.read(item),
    )


def listed(item: Any) -> RemoteListing:
    return answers.listed(
        item,
        lambda found: listing(Item.model_validate(found)),
        ("id", "sku"),
        marketplace="tiny",
        operation="GET /items",
    )


class TinyConnector:
    """tiny.example's seller API."""

    name: ClassVar[str] = "tiny"
    capabilities: ClassVar[Capabilities] = CAPABILITIES

    def __init__(
        self,
        config: MarketplaceConfig,
        api_key: Secret,
        **options: Unpack[HttpOptions],
    ) -> None:
        self.config = config
        self._key = api_key
        self.api = SellerApi.open(self.name, config.api_url, CAPABILITIES, **options)
        self.page_size = 50

    @classmethod
    def from_config(
        cls, config: MarketplaceConfig, **options: Unpack[HttpOptions]
    ) -> TinyConnector:
        """A connector with its key from ``OCOP_TINY_API_KEY`` or the credentials file."""
        return cls(config, Credentials(cls.name).secret("api_key"), **options)

    def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        remote_id: str | None = None,
        **options: Any,
    ) -> M:
        operation = f"{method} {path}"

        def build() -> httpx.Request:
            request = self.api.client.build_request(method, path, **options)
            request.headers["Authorization"] = f"Key {self._key.reveal()}"
            return request

        def answer(response: httpx.Response, body: Any) -> M:
            data = read(response.status_code, body, remote_id)
            return parse(model, data, marketplace=self.name, operation=operation)

        found: M = self.api.exchange(build, answer, operation=operation, write=method != "GET")
        return found

    def shop(self) -> Shop:
        data = self._call("GET", "/shop", Named)
        return Shop(str(data.id), data.name, data.url)

    def categories(self) -> list[Category]:
        found = self._call("GET", "/categories", Tree).categories
        return [Category(c.id, c.name, c.parent, c.leaf) for c in found]

    def upload_image(self, data: bytes, filename: str) -> str:
        return self._call("POST", "/images", Uploaded, files={"file": (filename, data)}).url

    def _pages(self, query: dict[str, Any]) -> Iterator[RemoteListing]:
        page: int | None = 1
        seen: set[int] = set()
        while page is not None and page not in seen:  # a page number that comes back: done
            seen.add(page)
            params = {**query, "page": page, "per_page": self.page_size}
            data = self._call("GET", "/items", Page, params=params)
            yield from (listed(item) for item in data.items)
            page = data.next_page

    def iter_listings(self) -> Iterator[RemoteListing]:
        return self._pages({})

    def find_by_sku(self, sku: str) -> list[RemoteListing]:
        return [item for item in self._pages({"sku": sku}) if item.sku == sku]

    def get(self, remote_id: str) -> RemoteListing:
        return listing(self._call("GET", f"/items/{remote_id}", Item, remote_id))

    def _body(self, draft: ListingDraft, image_urls: Sequence[str]) -> dict[str, Any]:
        stars = draft.ocop.stars if draft.ocop else None
        return FIELDS.body(
            draft, description=draft.description, images=list(image_urls), stars=stars
        )

    def create(self, draft: ListingDraft, image_urls: Sequence[str]) -> WriteResult:
        body = json_content(self._body(draft, image_urls))
        made = listing(self._call("POST", "/items", Item, **body))
        return WriteResult(made.remote_id, listing=made)

    def update_content(
        self, remote_id: str, draft: ListingDraft, image_urls: Sequence[str]
    ) -> WriteResult:
        body = json_content(self._body(draft, image_urls))
        made = listing(self._call("PUT", f"/items/{remote_id}", Item, remote_id, **body))
        return WriteResult(made.remote_id, listing=made)

    def review(self, request_id: str) -> Review:
        raise PermanentError(self.name, "tiny.example does not moderate listings")

    def update_offers(self, updates: Sequence[OfferUpdate]) -> list[OfferResult]:
        results = []
        for update in updates:
            offer = {
                k: v for k, v in (("price", update.price), ("stock", update.stock)) if v is not None
            }
            try:
                path = f"/items/{update.remote_id}/offer"
                self._call("POST", path, Item, update.remote_id, **json_content(offer))
            except ConnectorError as exc:
                results.append(OfferResult(update.remote_id, exc))
            else:
                results.append(OfferResult(update.remote_id))
        return results

    def set_listed(self, remote_id: str, listed: bool) -> RemoteListing:
        body = json_content({"listed": listed})
        return listing(self._call("POST", f"/items/{remote_id}/listed", Item, remote_id, **body))

    def close(self) -> None:
        self.api.close()
