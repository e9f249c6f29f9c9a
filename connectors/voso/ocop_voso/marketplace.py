"""The descriptor ocop finds through the ``ocop.marketplaces`` entry point: Voso as data.

Light on purpose (no httpx, no sandbox): ``ocop validate`` and ``ocop report`` read it.
"""

from __future__ import annotations

from ocop.connector import Capabilities
from ocop.credentials import Credentials
from ocop.marketplace import Credential, Label, Marketplace
from ocop.storefront import Markup, ShopPages, Storefront

from .errors import DuplicateSku, ProductBanned

# contract §1: limits of ProductInput, the rate limit, paging and images
CAPABILITIES = Capabilities(
    unique_sku=True,
    moderated_create=False,
    moderated_update=False,
    batch_offers=0,
    rate_per_second=10,
    burst=10,
    max_images=9,
    title_length=(10, 120),
    description_length=(20, 5000),
    price_range=(1_000, 100_000_000),
    stock_max=999_999,
    html_description=True,
    unit_length=20,
    shipping_weight_max=50_000,
    origin_length=100,
    image_formats=("JPEG", "PNG"),  # POST /images: JPEG or PNG judged by content, at most 2 MiB
    image_bytes_max=2 * 1024 * 1024,
)


def shop_page(storefront_url: str, credentials: Credentials) -> str | None:
    """The shop page from the shop id: any slug will do, the storefront answers a wrong one
    with a 301 to the canonical page."""
    shop_id = credentials.get("shop_id")
    return f"{storefront_url.rstrip('/')}/shop-s{shop_id}" if shop_id else None


# contract §1.6: server-rendered markup, no JSON-LD; /{slug}-p{product_id}.html
STOREFRONT = Storefront(
    listing_id=r"-p(\d+)\.html$",
    markup=Markup(
        title="h1.c-product-head__title",
        price=".c-product-main__price",
        list_price=".c-product-main__oldprice",
        stars="span.jstars__ocop::attr(data-value)",
        out_of_stock=".c-product-out-of-stock",
        not_found=".c-notfound",
        price_block=".c-product-main",
        sku=".c-product-sku",
    ),
    shop=ShopPages(card="div.b-product-card", page_size=24),
    shop_url=shop_page,
)

MARKETPLACE = Marketplace(
    name="voso",
    label=Label(en="Voso.vn", vi="Voso.vn", short="Voso"),
    capabilities=CAPABILITIES,
    connector="ocop_voso.connector:VosoConnector",
    api_url="https://mc.voso.vn/open-api/v1",
    storefront_url="https://voso.vn",
    credentials=(
        Credential("partner_id"),
        Credential("partner_key", secret=True),
        Credential("shop_id"),
    ),
    storefront=STOREFRONT,
    sandbox="ocop_voso.sandbox:VosoSandbox",
    sandbox_port=8701,
    errors=(DuplicateSku, ProductBanned),
)
