"""The descriptor ocop finds through the ``ocop.marketplaces`` entry point: Postmart as data.

Light on purpose (no httpx, no sandbox): ``ocop validate`` and ``ocop report`` read it.
"""

from __future__ import annotations

from ocop.connector import Capabilities
from ocop.marketplace import Credential, Label, Marketplace
from ocop.storefront import Markup, ShopPages, Storefront

from .errors import ListingSuspended, PriceChangeTooLarge, TokenExpired

# contract §2: limits of ListingInput, moderation, batch offers, the rate limit and media
CAPABILITIES = Capabilities(
    unique_sku=False,
    moderated_create=True,
    moderated_update=True,
    batch_offers=50,
    rate_per_second=5,
    burst=5,
    max_images=10,
    title_length=(10, 200),
    description_length=(30, None),
    price_range=(1_000, 500_000_000),
    stock_max=100_000,
    max_price_change=0.5,
    # §2.5: "moderation normally decides within seconds to hours"; a create whose answer was
    # lost is not sent again for a day (Postmart would take a second listing of the SKU)
    review_horizon_hours=24.0,
    ocop_needs_certificate_no=True,
    html_description=False,
    unit_length=30,
    shipping_weight_max=30_000,
    origin_length=50,
    image_formats=("JPEG", "PNG"),  # POST /media: JPEG or PNG judged by content, at most 5 MiB
    image_bytes_max=5 * 1024 * 1024,
)

# contract §2.6: JSON-LD first, then this markup; /p/{slug}-{n}.html, n = the listing id's
# digits without leading zeros. The store page URL is in the seller centre (``GET /store``).
STOREFRONT = Storefront(
    listing_id=r"^/p/(?:.*-)?(\d+)\.html$",
    markup=Markup(
        title="h1.product-title",
        price=".product-price",
        list_price=(
            ".product-list-price, .product-price del, .product-price s, "
            "[class*='old-price'], [class*='price-old'], [class*='oldprice']"
        ),
        stars="img.ocop-badge::attr(alt)",
        out_of_stock="[class*='out-of-stock']",
        not_found="[class*='notfound'], [class*='not-found']",
        price_block=".product-main",
    ),
    shop=ShopPages(card="a[href*='/p/']", page_size=20),
)

MARKETPLACE = Marketplace(
    name="postmart",
    label=Label(en="Postmart.vn", vi="Postmart.vn", short="Postmart"),
    capabilities=CAPABILITIES,
    connector="ocop_postmart.connector:PostmartConnector",
    api_url="https://api.postmart.vn/seller/v1",
    storefront_url="https://postmart.vn",
    credentials=(Credential("client_id"), Credential("client_secret", secret=True)),
    storefront=STOREFRONT,
    sandbox="ocop_postmart.sandbox:PostmartSandbox",
    sandbox_port=8702,
    errors=(TokenExpired, ListingSuspended, PriceChangeTooLarge),
)
