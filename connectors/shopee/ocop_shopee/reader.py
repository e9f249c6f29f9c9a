"""Reading the shop back: items page by page, their base info and models, lookups by SKU."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import Field, ValidationError

from ocop.answers import parse, problem_of
from ocop.connector import ListingStatus, RemoteListing
from ocop_shopee.client import ShopeeClient
from ocop_shopee.errors import NAME
from ocop_shopee.listings import LISTED_STATUSES, RemoteId, item_listing, model_listings
from ocop_shopee.models import Answer, Found, Item, ItemPage, Items, Models

BASE_INFO_BATCH = 50  # get_item_base_info: "item_id list; limit [0,50]"
SEARCH_PAGE = 100


class RawItems(Answer):
    """product.get_item_base_info, each item read on its own (``Reader.all``)."""

    item_list: list[Any] = Field(default_factory=list)


class Who(Answer):
    """What must be readable of any item: which one it is, and where its SKUs are."""

    item_id: int
    item_sku: str = ""
    has_model: bool


class Reader:
    """Read-only calls about the shop's items (all retried on transient failures)."""

    def __init__(self, client: ShopeeClient, storefront: str) -> None:
        self.client = client
        self.storefront = storefront
        self.page_size = 100  # get_item_list's maximum; smaller only in tests, to see paging

    def item_ids(self, statuses: Sequence[str] = LISTED_STATUSES) -> Iterator[list[int]]:
        """The shop's item ids, one page at a time, in Shopee's order."""
        offset = 0
        while True:
            params = {"offset": offset, "page_size": self.page_size, "item_status": list(statuses)}
            page = self.client.call("product.get_item_list", ItemPage, params=params)
            yield [ref.item_id for ref in page.item]
            if not page.has_next_page or page.next_offset <= offset:
                return
            offset = page.next_offset

    def items(self, ids: Sequence[int]) -> list[Item]:
        """Base info of the items among ``ids`` that exist (in batches of 50)."""
        found: list[Item] = []
        for start in range(0, len(ids), BASE_INFO_BATCH):
            params = {"item_id_list": list(ids[start : start + BASE_INFO_BATCH])}
            found.extend(
                self.client.call("product.get_item_base_info", Items, params=params).item_list
            )
        return found

    def models(self, item_id: int) -> Models:
        """An item's tier variation and models."""
        params = {"item_id": item_id}
        return self.client.call(
            "product.get_model_list", Models, params=params, remote_id=str(item_id)
        )

    def listings(self, item: Item, shop_id: int) -> list[RemoteListing]:
        """One listing per model, or the item itself when it has none; none once deleted."""
        if item.item_status not in LISTED_STATUSES:
            return []
        if item.has_model:
            return model_listings(item, self.models(item.item_id), shop_id, self.storefront)
        return [item_listing(item, shop_id, self.storefront)]

    def all(self, shop_id: int) -> Iterator[RemoteListing]:
        """Every listing of the shop, whatever its status. An item whose base info cannot be
        read beyond its id and SKU(s) comes back with its ``problem``: its SKUs fail alone."""
        for ids in self.item_ids():
            for start in range(0, len(ids), BASE_INFO_BATCH):
                params = {"item_id_list": list(ids[start : start + BASE_INFO_BATCH])}
                raw = self.client.call("product.get_item_base_info", RawItems, params=params)
                for entry in raw.item_list:
                    yield from self._entry(entry, shop_id)

    def _entry(self, entry: Any, shop_id: int) -> Iterator[RemoteListing]:
        try:
            item = Item.model_validate(entry)
        except ValidationError as exc:
            problem = problem_of(exc)
        else:
            yield from self.listings(item, shop_id)
            return
        who = parse(Who, entry, marketplace=NAME, operation="product.get_item_base_info")
        if who.has_model:
            places = [(RemoteId(who.item_id, m.model_id), m.model_sku)
                      for m in self.models(who.item_id).model]  # fmt: skip
        else:
            places = [(RemoteId(who.item_id), who.item_sku)]
        for place, sku in places:
            yield RemoteListing(
                str(place), sku, "", 0, 0, ListingStatus.BLOCKED, "", problem=problem
            )

    def with_item_sku(self, item_sku: str) -> list[Item]:
        """Items whose ``item_sku`` is exactly ``item_sku`` (``search_item`` matches loosely)."""
        ids: list[int] = []
        offset = ""
        while True:
            params: dict[str, object] = {"item_sku": item_sku, "page_size": SEARCH_PAGE,
                                         "item_status": list(LISTED_STATUSES)}  # fmt: skip
            if offset:
                params["offset"] = offset
            found = self.client.call("product.search_item", Found, params=params)
            ids.extend(found.item_id_list)
            if not found.next_offset or found.next_offset == offset:
                break
            offset = found.next_offset
        return [item for item in self.items(ids) if item.item_sku == item_sku]
