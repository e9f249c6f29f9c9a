"""Where the Shopee connector talks to, and with which partner credentials.

    OCOP_SHOPEE_API_URL         https://partner.shopeemobile.com (live, the default),
                                https://partner.test-stable.shopeemobile.com (Shopee's test
                                platform), or a local sandbox (``ocop_shopee.sandbox``). This is
                                the one setting that switches: a URL that is not Shopee's also
                                serves the storefront, unless OCOP_SHOPEE_STOREFRONT_URL says
                                otherwise.
    OCOP_SHOPEE_PARTNER_ID      the partner (app) id from the Open Platform Console
    OCOP_SHOPEE_PARTNER_KEY     its partner key (secret; live and test keys differ)
    OCOP_SHOPEE_SHOP_ID         the shop, when tokens are kept for more than one
    OCOP_SHOPEE_LOGISTIC_IDS    channels to enable on items (comma-separated ids); default:
                                every channel the shop has enabled
    OCOP_SHOPEE_TOKENS_FILE     the token file (default: beside the credentials file)

Each may also be written in the credentials file's ``[shopee]`` table (``ocop.credentials``);
URLs may be written in ``ocop.toml`` like every marketplace's (``ocop.config``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ocop.config import MarketplaceConfig, marketplace_config
from ocop.credentials import Credentials, Secret
from ocop.errors import ConfigError
from ocop.i18n import _
from ocop_shopee.apidoc import LIVE_HOST, TEST_HOST
from ocop_shopee.tokens import TokenStore, store_key, tokens_path

NAME = "shopee"
DEFAULT_API_URL = LIVE_HOST
DEFAULT_STOREFRONT_URL = "https://shopee.vn"
SHOPEE_HOSTS = frozenset(urlsplit(u).netloc for u in (LIVE_HOST, TEST_HOST))


@dataclass(frozen=True)
class ShopeeSettings:
    """Everything a Shopee connector needs besides the HTTP plumbing."""

    config: MarketplaceConfig
    partner_id: int
    partner_key: Secret
    tokens: TokenStore
    shop_id: int | None = None
    logistic_ids: tuple[int, ...] = ()

    def shop_key(self) -> str:
        """The token file's key for this API, partner and shop (the only shop when unset)."""
        shop_id = self.shop_id
        if shop_id is None:
            shops = self.tokens.shops(self.config.api_url, self.partner_id)
            if len(shops) != 1:
                raise ConfigError(
                    _(
                        "shopee: {count} shops are authorised for this app; set "
                        "OCOP_SHOPEE_SHOP_ID, or run `ocop auth shopee` to authorise one"
                    ).format(count=len(shops))
                )
            shop_id = shops[0]
        return store_key(self.config.api_url, self.partner_id, shop_id)


def _storefront(config: MarketplaceConfig) -> MarketplaceConfig:
    """A sandbox API URL with the default storefront serves the storefront itself."""
    if (
        config.storefront_url == DEFAULT_STOREFRONT_URL
        and urlsplit(config.api_url).netloc not in SHOPEE_HOSTS
    ):
        return MarketplaceConfig(config.name, config.api_url, config.api_url)
    return config


def _channels(raw: str | None) -> tuple[int, ...]:
    if not raw:
        return ()
    try:
        return tuple(int(part) for part in raw.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError(
            _("shopee: logistic_ids must be channel numbers separated by commas")
        ) from None


def _optional(creds: Credentials, field: str) -> str | None:
    try:
        return creds.require(field)
    except ConfigError:  # missing (a broken file was already reported for partner_id)
        return None


def load_settings(
    config: MarketplaceConfig | None = None,
    environ: Mapping[str, str] | None = None,
    tokens_file: Path | None = None,
) -> ShopeeSettings:
    """Settings from the environment, the credentials file and ``ocop.toml``."""
    if config is None:
        config = marketplace_config(NAME, DEFAULT_API_URL, DEFAULT_STOREFRONT_URL, environ)
    creds = Credentials(NAME, environ)
    partner_id, partner_key = creds.integer("partner_id"), creds.secret("partner_key")
    shop = _optional(creds, "shop_id")  # one shop's tokens suffice
    if shop is not None and not shop.isdecimal():
        raise ConfigError(
            _("{marketplace}: {field} must be a number").format(marketplace=NAME, field="shop_id")
        )
    return ShopeeSettings(
        config=_storefront(config),
        partner_id=partner_id,
        partner_key=partner_key,
        tokens=TokenStore(tokens_file or tokens_path(environ)),
        shop_id=int(shop) if shop is not None else None,
        logistic_ids=_channels(_optional(creds, "logistic_ids")),
    )
