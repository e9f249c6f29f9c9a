"""ocop's connector for Shopee Open Platform v2 (``ocop-shopee``), with a local Shopee sandbox.

Shopee documents its seller API; this package follows Shopee's own per-endpoint files
(``ocop_shopee.apidoc``) and says where it had to choose between contradicting ones.

    ShopeeConnector    ocop's ``Connector`` on Shopee: one item per product, a model per SKU
    CAPABILITIES       what ocop may plan with on Shopee
    ShopeeClient       signed, typed calls; Shopee's error names as ``ocop.errors``
    load_settings      partner credentials, URLs and the token file from the environment
    auth_command       ``ocop auth shopee`` (a click command for ocop's CLI to mount)
    authorisation_url, read_grant, exchange_code, LoopbackCallback   the flow behind it
    TokenStore, TokenKeeper, ShopTokens   tokens kept with the credentials, refreshed in time
    read_page, product_url   what a Shopee product page says about a SKU, and where it is
    ShopeeSandbox      the local sandbox (``ocop_shopee.sandbox``)

The exceptions raised are ``ocop.errors`` classes (``ocop_shopee.errors`` maps Shopee's names).
"""

from __future__ import annotations

from ocop_shopee.auth import LoopbackCallback, authorisation_url, exchange_code, read_grant
from ocop_shopee.capabilities import CAPABILITIES
from ocop_shopee.client import ShopeeClient
from ocop_shopee.command import auth_command
from ocop_shopee.connector import ShopeeConnector
from ocop_shopee.errors import AuthorisationExpired, TokenInvalid
from ocop_shopee.sandbox import ShopeeSandbox
from ocop_shopee.settings import ShopeeSettings, load_settings
from ocop_shopee.storefront import PageReading, product_url, read_page
from ocop_shopee.tokens import ShopTokens, TokenKeeper, TokenStore

__all__ = [
    "CAPABILITIES",
    "AuthorisationExpired",
    "LoopbackCallback",
    "PageReading",
    "ShopTokens",
    "ShopeeClient",
    "ShopeeConnector",
    "ShopeeSandbox",
    "ShopeeSettings",
    "TokenInvalid",
    "TokenKeeper",
    "TokenStore",
    "auth_command",
    "authorisation_url",
    "exchange_code",
    "load_settings",
    "product_url",
    "read_grant",
    "read_page",
]
