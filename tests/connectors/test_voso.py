"""The contract suite and Voso's own behaviour, against the sandbox."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from connectors.voso import VosoConnector
from ocop.config import MarketplaceConfig
from ocop.connector import Connector
from ocop.credentials import Secret
from ocop.errors import AuthenticationError, Conflict, NotFound, PermanentError, ValidationRejected
from ocop.http import RetryPolicy
from ocop.sandbox import Sandbox

from .contract import ConnectorContract, RecordingTransport, new_sku

CREDS = {"partner_id": 100001, "partner_key": "sandbox-voso-partner-key", "shop_id": 200001}


class TestVoso(ConnectorContract):
    marketplace = "voso"
    category = 101
    secret_names = ("partner_key",)
    missing_id = "987654321"
    list_path = "GET /open-api/v1/products"
    title_field = "name"

    def build(
        self, sandbox: Sandbox, transport: httpx.BaseTransport, policy: RetryPolicy, **creds: Any
    ) -> VosoConnector:
        values = {**CREDS, **creds}
        config = MarketplaceConfig("voso", sandbox.voso.api_url, sandbox.voso.storefront_url)
        clock = creds.pop("clock", time.time)
        return VosoConnector(
            config,
            int(values["partner_id"]),
            Secret(str(values["partner_key"])),
            int(values["shop_id"]),
            transport=transport,
            policy=policy,
            clock=clock,
        )

    def leaked_values(self, connector: Connector) -> list[str]:
        return [CREDS["partner_key"]]  # type: ignore[list-item]

    # --- Voso only ---------------------------------------------------------------------------

    def test_duplicate_sku_names_the_existing_product(
        self, sandbox: Sandbox, connector: VosoConnector
    ) -> None:
        draft = self.draft()
        remote_id = self.live(sandbox, connector, draft)
        with pytest.raises(Conflict) as caught:
            connector.create(draft, [self.image(connector)])
        assert caught.value.remote_id == remote_id
        assert f"this SKU already exists as product {remote_id}" in str(caught.value)

    def test_delete_frees_the_sku(self, sandbox: Sandbox, connector: VosoConnector) -> None:
        draft = self.draft()
        remote_id = self.live(sandbox, connector, draft)
        connector.delete(remote_id)
        with pytest.raises(NotFound):
            connector.get(remote_id)
        assert self.live(sandbox, connector, draft) != remote_id

    def test_banned_product_cannot_be_relisted(
        self, sandbox: Sandbox, connector: VosoConnector
    ) -> None:
        remote_id = self.live(sandbox, connector, self.draft())
        sandbox.voso.mutate(int(remote_id), status="banned")
        with pytest.raises(Conflict) as caught:
            connector.set_listed(remote_id, True)
        assert caught.value.code == "banned"

    def test_another_partners_shop_is_refused(
        self, sandbox: Sandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> None:
        connector = self.build(
            sandbox, transport, policy, partner_id=100002, partner_key="sandbox-voso-other-key"
        )
        with pytest.raises(AuthenticationError, match="error_permission"):
            connector.shop()
        connector.close()

    def test_a_wrong_clock_is_explained(
        self, sandbox: Sandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> None:
        connector = self.build(sandbox, transport, policy, clock=lambda: time.time() - 900)
        with pytest.raises(AuthenticationError, match="clock"):
            connector.shop()
        connector.close()

    def test_wrong_key_is_a_signature_error(
        self, sandbox: Sandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> None:
        connector = self.build(sandbox, transport, policy, partner_key="not-the-key")
        with pytest.raises(AuthenticationError, match="error_sign"):
            connector.shop()
        assert transport.count("/shop") == 1  # authentication failures are not retried
        connector.close()

    def test_only_the_first_failing_field_is_reported(self, connector: VosoConnector) -> None:
        with pytest.raises(ValidationRejected) as caught:
            connector.create(self.draft(title="x", price=5), ["http://127.0.0.1/x.png"])
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

    def test_sku_is_new(self) -> None:
        assert new_sku() != new_sku()
