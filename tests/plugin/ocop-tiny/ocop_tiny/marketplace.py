"""The descriptor ocop finds through the ``ocop.marketplaces`` entry point."""

from __future__ import annotations

from ocop.connector import Capabilities
from ocop.errors import ListingBlocked
from ocop.marketplace import Credential, Label, Marketplace
from ocop.storefront import Markup, ShopPages, Storefront


class ItemBlocked(ListingBlocked):
    """409 ``blocked``: tiny.example blocked the item; the seller cannot change it."""

    def __init__(self, item_id: str | None) -> None:
        super().__init__("tiny", item_id, f"item {item_id} is blocked by tiny.example")


CAPABILITIES = Capabilities(
    unique_sku=False,
    moderated_create=False,
    moderated_update=False,
    batch_offers=0,
    rate_per_second=20,
    burst=20,
    max_images=5,
    title_length=(5, 100),
    description_length=(10, 2000),
    price_range=(1_000, 50_000_000),
    stock_max=10_000,
    image_bytes_max=1024 * 1024,
)

MARKETPLACE = Marketplace(
    name="tiny",
    label=Label(en="Tiny.example", vi="Sàn Tí Hon", short="Tiny"),
    capabilities=CAPABILITIES,
    connector="ocop_tiny.connector:TinyConnector",
    api_url="https://api.tiny.example/api",
    storefront_url="https://tiny.example",
    credentials=(Credential("api_key", secret=True),),
    # product pages carry schema.org JSON-LD, so the shared spider needs only the stars
    storefront=Storefront(
        listing_id=r"^/item/(\d+)$",
        markup=Markup(stars="span.stars::attr(data-value)"),
        shop=ShopPages(card="a.item", page_size=20),
        shop_url=lambda storefront, credentials: f"{storefront}/shop",
    ),
    sandbox="ocop_tiny.sandbox:TinySandbox",
    sandbox_port=8799,
    errors=(ItemBlocked,),
)
