"""Shopee's items and models as ocop's per-SKU listings.

A remote id is ``"{item_id}"`` for an item without models (its SKU is the ``item_sku``) and
``"{item_id}/{model_id}"`` for a model (its SKU is the ``model_sku``). Statuses:

    NORMAL          active
    UNLIST          inactive (every model of the item)
    BANNED          blocked
    SHOPEE_DELETE   blocked (taken down by Shopee: never re-created behind its back)
    REVIEWING       blocked, with ``pending_changes``: Shopee is reviewing it, nothing can be
                    sent until it decides
    SELLER_DELETE   gone: not a listing any more

A model's title is the item's name followed by its option (``model_title``), the way ocop
titles a packaging; prices are whole đồng.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocop.connector import ListingStatus, RemoteListing
from ocop.errors import NotFound
from ocop_shopee.errors import NAME
from ocop_shopee.models import Item, Model, Models
from ocop_shopee.storefront import ocop_stars, product_url

STATUSES = {
    "NORMAL": ListingStatus.ACTIVE,
    "UNLIST": ListingStatus.INACTIVE,
    "BANNED": ListingStatus.BLOCKED,
    "SHOPEE_DELETE": ListingStatus.BLOCKED,
    "REVIEWING": ListingStatus.BLOCKED,
}
LISTED_STATUSES = ("NORMAL", "BANNED", "UNLIST", "REVIEWING", "SHOPEE_DELETE")


@dataclass(frozen=True)
class RemoteId:
    """A listing's place on Shopee: an item, and its model if it has models."""

    item_id: int
    model_id: int = 0  # 0: the item has no models ("model_id 0 for no model item")

    @classmethod
    def parse(cls, text: str) -> RemoteId:
        """``"123"`` or ``"123/456"``; anything else is ``NotFound`` (no such listing)."""
        item, _sep, model = text.partition("/")
        if not item.isdecimal() or (model and not model.isdecimal()):
            raise NotFound(NAME, text)
        return cls(int(item), int(model or 0))

    def __str__(self) -> str:
        return f"{self.item_id}/{self.model_id}" if self.model_id else str(self.item_id)


def model_title(item_name: str, option: str) -> str:
    """A packaging's title: the item's name, then the option unless the name already says it."""
    if option.casefold() in item_name.casefold():
        return item_name
    return f"{item_name} {option}"


def whole(amount: float) -> int:
    """Whole đồng (Vietnam's prices have no minor unit)."""
    return round(amount)


def item_listing(item: Item, shop_id: int, storefront: str) -> RemoteListing:
    """An item without models as one listing."""
    price = whole(item.price_info[0].original_price) if item.price_info else 0
    stock = item.stock_info_v2.stock if item.stock_info_v2 else 0
    return RemoteListing(
        remote_id=str(RemoteId(item.item_id)),
        sku=item.item_sku,
        title=item.item_name,
        price=price,
        stock=stock,
        status=STATUSES[item.item_status],
        url=product_url(storefront, shop_id, item.item_id, item.item_name),
        category=item.category_id,
        images=tuple(item.image.image_url_list),
        ocop_stars=ocop_stars(item.description),
        pending_changes=item.item_status == "REVIEWING",
    )


def _option(models: Models, model: Model) -> str:
    if not models.tier_variation or not model.tier_index:
        return ""
    options = models.tier_variation[0].option_list
    index = model.tier_index[0]
    return options[index].option if 0 <= index < len(options) else ""


def model_listings(
    item: Item, models: Models, shop_id: int, storefront: str
) -> list[RemoteListing]:
    """Every model of an item as one listing each (they share status, name and page)."""
    base = item_listing(item, shop_id, storefront)
    found = []
    for model in models.model:
        option = _option(models, model)
        found.append(
            RemoteListing(
                remote_id=str(RemoteId(item.item_id, model.model_id)),
                sku=model.model_sku,
                title=model_title(item.item_name, option) if option else item.item_name,
                price=whole(model.price_info[0].original_price),
                stock=model.stock_info_v2.stock if model.stock_info_v2 else 0,
                status=base.status,
                url=base.url,
                category=base.category,
                images=base.images,
                ocop_stars=base.ocop_stars,
                pending_changes=base.pending_changes,
            )
        )
    return found
