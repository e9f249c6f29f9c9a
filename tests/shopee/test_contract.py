"""The connector contract suite on the sandbox Shopee."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pytest

from ocop.connector import Connector
from ocop.http import RetryPolicy
from ocop_shopee import ShopeeConnector, ShopeeSandbox
from tests.connectors.contract import ConnectorContract
from tests.shopee.conftest import settings_for

TEA = "Thực Phẩm và Đồ Uống > Đồ uống > Trà"


class TestShopeeContract(ConnectorContract):
    marketplace: ClassVar[str] = "shopee"
    category: ClassVar[int | str] = TEA
    secret_names: ClassVar[tuple[str, ...]] = ("partner_key",)
    title_field = "item_name"
    list_path = "/api/v2/product/get_item_list"
    missing_id = "999999999"

    @pytest.fixture
    def sandbox(self, shopee: ShopeeSandbox) -> Iterator[ShopeeSandbox]:
        yield shopee

    def build(  # type: ignore[override]
        self,
        sandbox: ShopeeSandbox,
        transport: httpx.BaseTransport,
        policy: RetryPolicy,
        **creds: Any,
    ) -> Connector:
        env = {f"OCOP_SHOPEE_{name.upper()}": value for name, value in creds.items()}
        connector = ShopeeConnector(
            settings_for(sandbox, **env), transport=transport, policy=policy
        )
        if not creds:
            # the reads a first item of a category needs (category, attributes, brands,
            # channels, limits), done before a test turns faults on, so that a create is the
            # one request the contract counts
            connector.data.prepare(self.category)
        return connector

    def leaked_values(self, connector: Connector) -> list[str]:
        assert isinstance(connector, ShopeeConnector)
        tokens = connector.client.tokens
        assert tokens is not None
        current = tokens.current()
        return [
            connector.settings.partner_key.reveal(),
            current.access_token.reveal(),
            current.refresh_token.reveal(),
        ]
