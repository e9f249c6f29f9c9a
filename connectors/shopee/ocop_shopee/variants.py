"""Creating a SKU's listing: an item of its own, or a model of its product's item.

    a product with one SKU    add_item with item_sku = the SKU (an item without models)
    a product with several    the product's item (item_sku = the catalogue's product id) gets
                              one model per SKU in one tier variation, "Quy cách", whose
                              options are the packaging labels and whose model_sku is the SKU

The first SKU of a product creates the item (add_item) and its variation (init_tier_variation);
later SKUs add their option (update_tier_variation) and their model (add_model). Before any
write, the product's item is looked up (search_item by item_sku) and its models read: a model
that already carries the SKU is returned instead of being created again, and an item a lost
answer left without its variation is completed. Creates of one product are serialised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ocop.connector import ListingDraft, RemoteListing
from ocop_shopee.client import ShopeeClient
from ocop_shopee.listings import STATUSES, RemoteId, model_title
from ocop_shopee.models import AddedItem, AddedModels, Item, ItemLimits, Models, Nothing, TierInit
from ocop_shopee.payload import TIER_NAME, ItemContent, option_name
from ocop_shopee.reader import Reader
from ocop_shopee.storefront import product_url


@dataclass(frozen=True)
class Made:
    """What a create produced (or found already there)."""

    remote_id: RemoteId
    status: str  # Shopee's item_status
    item_name: str


def seller_stock(stock: int) -> list[dict[str, int]]:
    return [{"stock": stock}]


def add_item(
    client: ShopeeClient, draft: ListingDraft, content: ItemContent, item_sku: str
) -> AddedItem:
    """add_item with the draft's price and stock (a one-SKU item, or a product's new item)."""
    body = {
        **content.fields,
        "item_sku": item_sku,
        "original_price": draft.price,
        "seller_stock": seller_stock(draft.stock),
        "logistic_info": content.logistic_info,
    }
    return client.call("product.add_item", AddedItem, body=body, operation=f"create {draft.sku}")


def _variation(options: list[str]) -> list[dict[str, Any]]:
    """``standardise_tier_variation`` for a seller's own variation (variation_id 0)."""
    return [{
        "variation_id": 0,
        "variation_name": TIER_NAME,
        "variation_option_list": [{"variation_option_id": 0, "variation_option_name": o} for o in options],
    }]  # fmt: skip


def _model(draft: ListingDraft, index: int) -> dict[str, Any]:
    return {
        "tier_index": [index],
        "original_price": draft.price,
        "model_sku": draft.sku,
        "seller_stock": seller_stock(draft.stock),
    }


class Variants:
    """Creates models under a product's item (see the module docstring)."""

    def __init__(self, client: ShopeeClient, reader: Reader) -> None:
        self.client = client
        self.reader = reader

    def product_item(self, product_id: str) -> Item | None:
        """The product's item: the one whose item_sku is the product id (oldest first)."""
        found = sorted(self.reader.with_item_sku(product_id), key=lambda i: i.item_id)
        return found[0] if found else None

    def create(self, draft: ListingDraft, content: ItemContent, limits: ItemLimits) -> Made:
        """The SKU's model, created unless the product's item already has it."""
        assert draft.product is not None
        item = self.product_item(draft.product.product_id)
        if item is None:
            added = add_item(self.client, draft, content, draft.product.product_id)
            return self._first_model(draft, added.item_id, added.item_status, content, limits)
        models = self.reader.models(item.item_id)
        mine = next((m for m in models.model if m.model_sku == draft.sku), None)
        if mine is not None:
            return Made(RemoteId(item.item_id, mine.model_id), item.item_status, item.item_name)
        if not models.tier_variation:
            return self._first_model(draft, item.item_id, item.item_status, content, limits)
        return self._next_model(draft, item, models, limits)

    def _first_model(
        self,
        draft: ListingDraft,
        item_id: int,
        status: str,
        content: ItemContent,
        limits: ItemLimits,
    ) -> Made:
        option = option_name(draft, [], limits)
        body = {
            "item_id": item_id,
            "standardise_tier_variation": _variation([option]),
            "model": [_model(draft, 0)],
        }
        made = self.client.call(
            "product.init_tier_variation", TierInit, body=body, operation=f"create {draft.sku}"
        )
        return Made(RemoteId(item_id, made.model[0].model_id), status, content.fields["item_name"])

    def _next_model(
        self, draft: ListingDraft, item: Item, models: Models, limits: ItemLimits
    ) -> Made:
        options = [o.option for o in models.tier_variation[0].option_list]
        used = {m.tier_index[0] for m in models.model if m.tier_index}
        option = option_name(draft, [options[i] for i in used], limits)
        if option not in options:
            options.append(option)
            self._set_options(item.item_id, options, models, f"create {draft.sku}")
        body = {"item_id": item.item_id, "model_list": [_model(draft, options.index(option))]}
        added = self.client.call(
            "product.add_model", AddedModels, body=body, operation=f"create {draft.sku}"
        )
        return Made(
            RemoteId(item.item_id, added.model[0].model_id), item.item_status, item.item_name
        )

    def rename_option(self, remote: RemoteId, draft: ListingDraft, limits: ItemLimits) -> None:
        """Give the model the option its packaging label now asks for, if it changed."""
        models = self.reader.models(remote.item_id)
        mine = next((m for m in models.model if m.model_id == remote.model_id), None)
        if mine is None or not models.tier_variation or not mine.tier_index:
            return
        options = [o.option for o in models.tier_variation[0].option_list]
        others = [options[m.tier_index[0]] for m in models.model if m is not mine and m.tier_index]
        wanted = option_name(draft, others, limits)
        if options[mine.tier_index[0]] == wanted:
            return
        options[mine.tier_index[0]] = wanted
        self._set_options(remote.item_id, options, models, f"update {draft.sku}")

    def _set_options(
        self, item_id: int, options: list[str], models: Models, operation: str
    ) -> None:
        """The "Quy cách" options of an item, every model keeping its place."""
        moves = [{"model_id": m.model_id, "tier_index": m.tier_index} for m in models.model]
        body = {
            "item_id": item_id,
            "standardise_tier_variation": _variation(options),
            "model_list": moves,
        }
        self.client.call("product.update_tier_variation", Nothing, body=body, operation=operation)


def made_listing(
    made: Made,
    draft: ListingDraft,
    shop_id: int,
    storefront: str,
    category: int,
    urls: tuple[str, ...],
) -> RemoteListing:
    """The listing a create answered with, without reading it back."""
    title = draft.title
    if made.remote_id.model_id and draft.product is not None:
        title = model_title(made.item_name, draft.product.option)
    return RemoteListing(
        remote_id=str(made.remote_id),
        sku=draft.sku,
        title=title,
        price=draft.price,
        stock=draft.stock,
        status=STATUSES.get(made.status, STATUSES["REVIEWING"]),
        url=product_url(storefront, shop_id, made.remote_id.item_id, made.item_name),
        category=category,
        images=urls,
        ocop_stars=draft.ocop.stars if draft.ocop else None,
        pending_changes=made.status == "REVIEWING",
    )
