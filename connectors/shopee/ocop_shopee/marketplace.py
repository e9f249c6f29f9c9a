"""The descriptor ocop finds through the ``ocop.marketplaces`` entry point: Shopee as data.

Light on purpose (no httpx, no pydantic models, no sandbox): ``ocop validate`` and ``ocop
report`` read it. Everything it names is imported only when used.
"""

from __future__ import annotations

from ocop.marketplace import Credential, Label, Marketplace
from ocop.storefront import Storefront

from .capabilities import CAPABILITIES
from .errors import AuthorisationExpired, ItemBlocked, TokenInvalid

LIVE_API = "https://partner.shopeemobile.com"  # the files' ``url`` host (``apidoc.LIVE_HOST``)

# shopee.vn product pages: /{slug}-i.{shop_id}.{item_id}, or /product/{shop_id}/{item_id} which
# redirects there; the item id is the listing's number (a model's page is its item's).
# A plain GET of shopee.vn gets a client-rendered shell: the package's spider reads the page
# rendered for crawlers, and where no page can be read the seller API's read-back stands in.
STOREFRONT = Storefront(
    listing_id=r"(?:-i\.\d+\.|^/product/\d+/)(\d+)$",
    spider="ocop_shopee.spider:ShopeeSpider",
    read_back=True,
)

MARKETPLACE = Marketplace(
    name="shopee",
    label=Label(en="Shopee", vi="Shopee", short="Shopee"),
    capabilities=CAPABILITIES,
    connector="ocop_shopee.connector:ShopeeConnector",
    api_url=LIVE_API,
    storefront_url="https://shopee.vn",
    credentials=(
        Credential("partner_id"),
        Credential("partner_key", secret=True),
        Credential("shop_id"),
        Credential("logistic_ids"),
    ),
    storefront=STOREFRONT,
    sandbox="ocop_shopee.sandbox:ShopeeSandbox",
    sandbox_port=8703,
    errors=(ItemBlocked, TokenInvalid, AuthorisationExpired),
    auth="ocop_shopee.command:auth_command",
)
