"""ocop's connector for Shopee Open Platform v2 (``ocop-shopee``), with a local Shopee sandbox.

Shopee documents its seller API; this package follows Shopee's own per-endpoint files
(``ocop_shopee.apidoc``) and says where it had to choose between contradicting ones.

    ShopeeConnector    ocop's ``Connector`` on Shopee: one item per product, a model per SKU
    CAPABILITIES       what ocop may plan with on Shopee
    ShopeeClient       signed, typed calls; Shopee's error names as ``ocop.errors``
    load_settings      partner credentials, URLs and the token file from the environment
    MARKETPLACE        the descriptor ocop finds by entry point (``marketplace.py``)
    auth_command       ``ocop auth shopee`` (the descriptor's ``auth``, mounted by ocop's CLI)
    authorisation_url, read_grant, exchange_code, LoopbackCallback   the flow behind it
    TokenStore, TokenKeeper, ShopTokens   tokens kept with the credentials, refreshed in time
    read_page, product_url   what a Shopee product page says about a SKU, and where it is
    ShopeeSandbox      the local sandbox (``ocop_shopee.sandbox``)

The exceptions raised are ``ocop.errors`` classes (``ocop_shopee.errors`` maps Shopee's names).
The names below are imported when first used, so that reading the descriptor stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ocop_shopee.auth import LoopbackCallback, authorisation_url, exchange_code, read_grant
    from ocop_shopee.capabilities import CAPABILITIES
    from ocop_shopee.client import ShopeeClient
    from ocop_shopee.command import auth_command
    from ocop_shopee.connector import ShopeeConnector
    from ocop_shopee.errors import AuthorisationExpired, ItemBlocked, TokenInvalid
    from ocop_shopee.marketplace import MARKETPLACE
    from ocop_shopee.sandbox import ShopeeSandbox
    from ocop_shopee.settings import ShopeeSettings, load_settings
    from ocop_shopee.storefront import PageReading, product_url, read_page
    from ocop_shopee.tokens import ShopTokens, TokenKeeper, TokenStore

WHERE = {
    "LoopbackCallback": "auth", "authorisation_url": "auth", "exchange_code": "auth",
    "read_grant": "auth", "CAPABILITIES": "capabilities", "ShopeeClient": "client",
    "auth_command": "command", "ShopeeConnector": "connector", "AuthorisationExpired": "errors",
    "ItemBlocked": "errors", "TokenInvalid": "errors", "MARKETPLACE": "marketplace",
    "ShopeeSandbox": "sandbox", "ShopeeSettings": "settings", "load_settings": "settings",
    "PageReading": "storefront", "product_url": "storefront", "read_page": "storefront",
    "ShopTokens": "tokens", "TokenKeeper": "tokens", "TokenStore": "tokens",
}  # fmt: skip
__all__ = [
    "CAPABILITIES",
    "MARKETPLACE",
    "AuthorisationExpired",
    "ItemBlocked",
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


def __getattr__(name: str) -> Any:
    if name not in WHERE:
        raise AttributeError(f"module 'ocop_shopee' has no attribute {name!r}")
    return getattr(import_module(f"ocop_shopee.{WHERE[name]}"), name)
