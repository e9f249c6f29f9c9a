"""Reading the shop back: items page by page, their base info and models, lookups by SKU."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ocop.connector import RemoteListing
from ocop_shopee.client import ShopeeClient
from ocop_shopee.listings import LISTED_STATUSES, item_listing, model_listings
from ocop_shopee.models import Found, Item, ItemPage, Items, Models

BASE_INFO_BATCH = 50  # get_item_base_info: "item_id list; limit [0,50]"
SEARCH_PAGE = 100


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
        """Every listing of the shop, whatever its status."""
        for ids in self.item_ids():
            for item in self.items(ids):
                yield from self.listings(item, shop_id)

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
