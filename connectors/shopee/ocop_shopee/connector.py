"""The Shopee connector: ocop's per-SKU seam on Shopee's items and models.

One catalogue product is one Shopee item; a product sold in several packagings has one model
per SKU (``variants``), so each SKU is still one listing for ocop, with remote id ``item`` or
``item/model`` (``listings``). Content is item-level (every SKU of a product carries the same),
price and stock are per model. Taking a SKU off sale: a model among others on sale is deleted
(Shopee lets local shops hide a whole item only; ``update_model.model_status`` is for CNSC and
KRSC sellers), the last one on sale unlists the item. See docs/shopee.md for the reasoning.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar, Unpack

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
from ocop.connector_kit import HttpOptions
from ocop.errors import NotFound, PermanentError
from ocop.http import TokenBucket, sniff_image_type
from ocop.i18n import _
from ocop_shopee.auth import refresher
from ocop_shopee.capabilities import CAPABILITIES
from ocop_shopee.client import ShopeeClient
from ocop_shopee.errors import NAME, DraftRefused
from ocop_shopee.listings import RemoteId
from ocop_shopee.models import Nothing, ShopInfo, UploadedImage
from ocop_shopee.offers import OfferWriter
from ocop_shopee.payload import item_content
from ocop_shopee.reader import Reader
from ocop_shopee.settings import ShopeeSettings, load_settings
from ocop_shopee.shopdata import ShopData
from ocop_shopee.status import Lister
from ocop_shopee.tokens import TokenKeeper
from ocop_shopee.variants import Made, Variants, add_item, made_listing


def image_id(url: str) -> str:
    """The image id an uploaded image's URL ends with (``…/file/{image_id}``)."""
    return url.rstrip("/").rsplit("/", 1)[-1]


class ShopeeConnector:
    """Shopee Open Platform v2 behind ocop's ``Connector`` protocol."""

    name: ClassVar[str] = NAME
    capabilities: ClassVar[Capabilities] = CAPABILITIES

    def __init__(
        self,
        settings: ShopeeSettings,
        *,
        clock: Callable[[], float] = time.time,
        **options: Unpack[HttpOptions],
    ) -> None:
        self.settings = settings
        self.config = settings.config
        self.client = ShopeeClient(
            settings.config.api_url,
            settings.partner_id,
            settings.partner_key,
            transport=options.get("transport"),
            policy=options.get("policy"),
            limiter=options.get("limiter") or TokenBucket.for_capabilities(CAPABILITIES),
            clock=clock,
        )
        self.client.tokens = TokenKeeper(
            settings.tokens, settings.shop_key(), refresher(self.client), clock
        )
        self.data = ShopData(self.client)
        self.reader = Reader(self.client, settings.config.storefront_url)
        self.variants = Variants(self.client, self.reader)
        self.lister = Lister(self.client, self.reader)
        self.offers = OfferWriter(self.client)
        self._locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._locks_guard = threading.Lock()
        self._products: dict[str, str] = {}  # SKU → catalogue product id, learned from drafts

    @classmethod
    def from_config(
        cls, config: MarketplaceConfig, **options: Unpack[HttpOptions]
    ) -> ShopeeConnector:
        """A connector with settings from the environment, credentials and token files."""
        return cls(load_settings(config), **options)

    @property
    def page_size(self) -> int:
        return self.reader.page_size

    @page_size.setter
    def page_size(self, value: int) -> None:
        self.reader.page_size = value

    @property
    def shop_id(self) -> int:
        """The shop the tokens act for."""
        assert self.client.tokens is not None
        return self.client.tokens.current().shop_id

    def _lock(self, key: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks[key]

    # --- reading ----------------------------------------------------------------------------

    def shop(self) -> Shop:
        """The shop the tokens act for."""
        info = self.client.call("shop.get_shop_info", ShopInfo)
        url = f"{self.config.storefront_url.rstrip('/')}/shop/{self.shop_id}"
        return Shop(str(self.shop_id), info.shop_name, url)

    def categories(self) -> list[Category]:
        """The whole tree, read now: each category by its Vietnamese name, answering to its
        English ``original_category_name`` too; only those without children take items."""
        found = []
        for node in self.data.categories(fresh=True).nodes.values():
            shown = node.display_category_name or node.original_category_name
            other = node.original_category_name
            aliases = (other,) if other and other != shown else ()
            parent = node.parent_category_id or None  # 0: a root
            found.append(Category(node.category_id, shown, parent, not node.has_children, aliases))
        return found

    def upload_image(self, data: bytes, filename: str) -> str:
        """Upload one image (multipart field ``image``); returns its URL (ending in its id)."""
        files = {"image": (filename, data, sniff_image_type(data))}
        info = self.client.call("media_space.upload_image", UploadedImage, files=files).image_info
        urls = {u.image_url_region: u.image_url for u in info.image_url_list}
        url = urls.get("VN") or next(iter(urls.values()), "")
        if image_id(url) != info.image_id:
            raise PermanentError(
                NAME, _("media_space.upload_image: the image URL does not end with its id")
            )
        return url

    def iter_listings(self) -> Iterator[RemoteListing]:
        """Every item and model of the shop, whatever its status (deleted ones excepted)."""
        return self.reader.all(self.shop_id)

    def find_by_sku(self, sku: str) -> list[RemoteListing]:
        """Listings with exactly this SKU: an item by its item_sku, a model by its model_sku
        under its product's item (the product known from a draft), else by reading the shop."""
        product_id = self._products.get(sku)
        items = self.reader.with_item_sku(sku)
        if product_id is not None and product_id != sku:
            items += self.reader.with_item_sku(product_id)
        found = {
            listing.remote_id: listing
            for item in items
            for listing in self.reader.listings(item, self.shop_id)
            if listing.sku == sku
        }
        if not found and product_id is None:  # a model of a product this run has not seen
            found = {x.remote_id: x for x in self.iter_listings() if x.sku == sku}
        return list(found.values())

    def get(self, remote_id: str) -> RemoteListing:
        """One listing; ``NotFound`` when the item or model does not exist (any more)."""
        remote = RemoteId.parse(remote_id)
        items = self.reader.items([remote.item_id])
        listings = self.reader.listings(items[0], self.shop_id) if items else []
        match = next((x for x in listings if x.remote_id == str(remote)), None)
        if match is None:
            raise NotFound(NAME, remote_id)
        return match

    def refusal(self, draft: ListingDraft) -> DraftRefused | None:
        """What Shopee would refuse in this draft (category, attributes, brand, logistics,
        limits), found with reads only; None when it can be sent."""
        try:
            item_content(
                draft,
                [f"img-{i}" for i in range(len(draft.images))],
                self.data,
                self.settings.logistic_ids,
            )
        except DraftRefused as refused:
            return refused
        return None

    def problems(self, draft: ListingDraft) -> list[str]:
        """Why Shopee would refuse this draft, in words (``ocop.connector.ChecksDrafts``: the
        plan holds the SKU back with them); empty when it can be sent."""
        refused = self.refusal(draft)
        return [refused.explanation] if refused else []

    # --- writing ----------------------------------------------------------------------------

    def _learn(self, draft: ListingDraft) -> None:
        if draft.product is not None and len(draft.product.skus) > 1:
            with self._locks_guard:
                self._products[draft.sku] = draft.product.product_id

    def create(self, draft: ListingDraft, image_urls: Sequence[str]) -> WriteResult:
        """The SKU's item (one-SKU product) or model (see ``variants``)."""
        self._learn(draft)
        content = item_content(
            draft, [image_id(u) for u in image_urls], self.data, self.settings.logistic_ids
        )
        category = content.fields["category_id"]
        if draft.product is None or len(draft.product.skus) <= 1:
            added = add_item(self.client, draft, content, draft.sku)
            made = Made(RemoteId(added.item_id), added.item_status, content.fields["item_name"])
        else:
            with self._lock(draft.product.product_id):
                made = self.variants.create(draft, content, self.data.limits(category))
        listing = made_listing(
            made, draft, self.shop_id, self.config.storefront_url, category, tuple(image_urls)
        )
        return WriteResult(listing.remote_id, listing=listing)

    def update_content(
        self, remote_id: str, draft: ListingDraft, image_urls: Sequence[str]
    ) -> WriteResult:
        """update_item (item-level content), the option name, then price and stock."""
        remote = RemoteId.parse(remote_id)
        self._learn(draft)
        content = item_content(
            draft, [image_id(u) for u in image_urls], self.data, self.settings.logistic_ids
        )
        body = {**content.fields, "item_id": remote.item_id}
        if not remote.model_id:
            body["item_sku"] = draft.sku
        self.client.call(
            "product.update_item",
            Nothing,
            body=body,
            remote_id=remote_id,
            operation=f"update {draft.sku}",
        )
        if remote.model_id:
            self.variants.rename_option(
                remote, draft, self.data.limits(content.fields["category_id"])
            )
        for result in self.offers.write([OfferUpdate(remote_id, draft.price, draft.stock)]):
            if result.error is not None:
                raise result.error
        listing = self.get(remote_id)
        return WriteResult(listing.remote_id, listing=listing)

    def review(self, request_id: str) -> Review:
        """Shopee has no review requests to poll: an item under review shows REVIEWING."""
        raise PermanentError(NAME, _("Shopee has no review requests; a listing in review shows it"))

    def update_offers(self, updates: Sequence[OfferUpdate]) -> list[OfferResult]:
        """Price and stock per model, in calls of at most 50 per item; failures per listing."""
        return self.offers.write(updates)

    def set_listed(self, remote_id: str, listed: bool) -> RemoteListing:
        """On sale or off sale (see the module docstring)."""
        current = self.get(remote_id)
        if listed:
            return self.lister.relist(current)
        if current.status is not ListingStatus.ACTIVE:
            return current
        return self.lister.take_off(current, self.shop_id)

    def close(self) -> None:
        """Release the HTTP client."""
        self.client.close()
