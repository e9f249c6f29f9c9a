"""Settings, and the connector as ocop's registry will load it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from ocop_shopee import ShopeeConnector, ShopeeSandbox, load_settings
from ocop_shopee.tokens import TokenStore, store_key

from ocop.config import MarketplaceConfig
from ocop.connector import Connector
from ocop.errors import ConfigError
from ocop.registry import marketplace
from tests.shopee.conftest import settings_for

LIVE = MarketplaceConfig("shopee", "https://partner.shopeemobile.com", "https://shopee.vn")


def test_the_connector_is_a_connector_the_registry_can_open(
    shopee: ShopeeSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in shopee.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OCOP_CREDENTIALS_FILE", "/nonexistent/credentials.toml")
    connector = ShopeeConnector.from_config(
        MarketplaceConfig("shopee", shopee.api_url, shopee.storefront_url)
    )
    try:
        assert isinstance(connector, Connector) and connector.name == "shopee"
        descriptor = marketplace("shopee")
        assert descriptor.api_url == "https://partner.shopeemobile.com"
        assert descriptor.storefront_url == "https://shopee.vn"
        assert connector.shop().shop_id == "300001"
    finally:
        connector.close()


def test_one_setting_switches_to_a_sandbox(tmp_path: Path) -> None:
    environ = {"OCOP_SHOPEE_PARTNER_ID": "7", "OCOP_SHOPEE_PARTNER_KEY": "k" * 16,
               "OCOP_CREDENTIALS_FILE": str(tmp_path / "none.toml")}  # fmt: skip
    assert load_settings(LIVE, environ=environ).config.storefront_url == "https://shopee.vn"
    local = MarketplaceConfig("shopee", "http://127.0.0.1:8703", "https://shopee.vn")
    assert load_settings(local, environ=environ).config.storefront_url == "http://127.0.0.1:8703"
    test = MarketplaceConfig(
        "shopee", "https://partner.test-stable.shopeemobile.com", "https://shopee.vn"
    )
    assert load_settings(test, environ=environ).config.storefront_url == "https://shopee.vn"


def test_missing_or_wrong_settings_say_what_to_do(tmp_path: Path) -> None:
    base = {"OCOP_CREDENTIALS_FILE": str(tmp_path / "none.toml")}
    with pytest.raises(ConfigError, match="OCOP_SHOPEE_PARTNER_ID"):
        load_settings(LIVE, environ=base)
    environ = {**base, "OCOP_SHOPEE_PARTNER_ID": "7", "OCOP_SHOPEE_PARTNER_KEY": "secret-key"}
    with pytest.raises(ConfigError, match="logistic_ids"):
        load_settings(LIVE, environ={**environ, "OCOP_SHOPEE_LOGISTIC_IDS": "50011,fast"})
    settings = load_settings(
        LIVE, environ={**environ, "OCOP_SHOPEE_TOKENS_FILE": str(tmp_path / "t.json")}
    )
    with pytest.raises(ConfigError, match="ocop auth shopee"):
        settings.shop_key()  # no shop authorised yet
    assert "secret-key" not in repr(settings)


def test_two_authorised_shops_need_the_shop_id(shopee: ShopeeSandbox, tmp_path: Path) -> None:
    tokens = tmp_path / "two.json"
    shopee.authorise(tokens)
    store = TokenStore(tokens)
    settings = settings_for(shopee, OCOP_SHOPEE_TOKENS_FILE=str(tokens))
    pair = store.load(settings.shop_key())
    assert pair is not None
    with store.locked():
        store.save(
            store_key(shopee.api_url, settings.partner_id, 300_009), replace(pair, shop_id=300_009)
        )
    unnamed = replace(settings, shop_id=None)
    with pytest.raises(ConfigError, match="2 shops"):
        unnamed.shop_key()
    assert settings.shop_key().endswith("|300001")
