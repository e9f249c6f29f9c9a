"""Voso's own behaviour, against its sandbox (the shared contract runs in test_contract)."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from ocop_voso.connector import VosoConnector
from ocop_voso.errors import DuplicateSku, ProductBanned

from ocop.config import MarketplaceConfig
from ocop.credentials import Secret
from ocop.errors import AuthenticationError, MalformedAnswer, PermanentError, ValidationRejected
from ocop.http import RetryPolicy
from ocop.sandbox import MarketSandbox
from ocop.testing.contract import ConnectorFixtures
from ocop.testing.harness import RecordingTransport

CREDS = {"partner_id": 100001, "partner_key": "sandbox-voso-partner-key", "shop_id": 200001}


class TestVoso(ConnectorFixtures):
    marketplace = "voso"

    def build(
        self,
        market: MarketSandbox,
        transport: httpx.BaseTransport,
        policy: RetryPolicy,
        **creds: Any,
    ) -> VosoConnector:
        clock = creds.pop("clock", time.time)
        values = {**CREDS, **creds}
        config = MarketplaceConfig("voso", market.api_url, market.storefront_url)
        return VosoConnector(
            config,
            int(values["partner_id"]),
            Secret(str(values["partner_key"])),
            int(values["shop_id"]),
            transport=transport,
            policy=policy,
            clock=clock,
        )

    # --- Voso only ---------------------------------------------------------------------------

    def test_duplicate_sku_names_the_existing_product(
        self, market: MarketSandbox, connector: VosoConnector
    ) -> None:
        draft = self.draft(connector)
        remote_id = self.live(market, connector, draft)
        with pytest.raises(DuplicateSku) as caught:
            connector.create(draft, [self.image(connector)])
        assert caught.value.remote_id == remote_id
        assert f"this SKU already exists as product {remote_id}" in str(caught.value)

    def test_banned_product_cannot_be_relisted(
        self, market: MarketSandbox, connector: VosoConnector
    ) -> None:
        remote_id = self.live(market, connector, self.draft(connector))
        market.mutate(int(remote_id), status="banned")  # type: ignore[attr-defined]
        with pytest.raises(ProductBanned):
            connector.set_listed(remote_id, True)

    def test_another_partners_shop_is_refused(
        self, market: MarketSandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> None:
        connector = self.build(
            market, transport, policy, partner_id=100002, partner_key="sandbox-voso-other-key"
        )
        with pytest.raises(AuthenticationError, match="error_permission"):
            connector.shop()
        connector.close()

    def test_a_wrong_clock_is_explained(
        self, market: MarketSandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> None:
        connector = self.build(market, transport, policy, clock=lambda: time.time() - 900)
        with pytest.raises(AuthenticationError, match="clock"):
            connector.shop()
        connector.close()

    def test_wrong_key_is_a_signature_error(
        self, market: MarketSandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> None:
        connector = self.build(market, transport, policy, partner_key="not-the-key")
        with pytest.raises(AuthenticationError, match="error_sign"):
            connector.shop()
        assert transport.count("/shop") == 1  # authentication failures are not retried
        connector.close()

    def test_only_the_first_failing_field_is_reported(self, connector: VosoConnector) -> None:
        with pytest.raises(ValidationRejected) as caught:
            connector.create(self.draft(connector, title="x", price=5), ["http://127.0.0.1/x.png"])
        assert [(i.field, i.reason) for i in caught.value.issues] == [("name", "too_short")]

    def test_retry_after_is_whole_seconds(
        self, connector: VosoConnector, faults: Any, policy: RetryPolicy
    ) -> None:
        faults(rate_limit=1, burst=1)
        connector.categories()
        connector.categories()
        assert policy.waits and policy.waits[0] >= 1.0

    def test_nothing_to_review(self, connector: VosoConnector) -> None:
        with pytest.raises(PermanentError):
            connector.review("anything")

    def test_sign_covers_the_base_path(self, connector: VosoConnector) -> None:
        # from the contract's formula, computed independently
        import hashlib
        import hmac

        message = "100001/open-api/v1/products1700000000200001"
        expected = hmac.new(
            b"sandbox-voso-partner-key", message.encode(), hashlib.sha256
        ).hexdigest()
        assert connector.sign("/open-api/v1/products", 1700000000) == expected


def test_a_page_count_that_lies_cannot_page_forever() -> None:
    product = {"product_id": 7, "sku": "A-1", "name": "Chè", "price": 1000, "stock": 1,
               "status": "active"}  # fmt: skip
    page = {"items": [product], "page": 1, "page_size": 1, "total": 10**9}  # always page 1
    answer = {"error": "", "message": "", "request_id": "r", "data": page}
    sent: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(1)
        return httpx.Response(200, json=answer)

    config = MarketplaceConfig("voso", "http://voso.test/open-api/v1", "http://voso.test")
    connector = VosoConnector(
        config, 1, Secret("k"), 2, transport=httpx.MockTransport(handler), policy=RetryPolicy()
    )
    with pytest.raises(MalformedAnswer, match="page 2 lists no product after"):
        list(connector.iter_listings())
    assert len(sent) == 2
