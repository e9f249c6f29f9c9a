"""The contract suite and Postmart's own behaviour, against the sandbox."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from connectors.postmart import PostmartConnector
from ocop.config import MarketplaceConfig
from ocop.connector import Connector, OcopClaim, OfferUpdate, ReviewState, WriteResult
from ocop.credentials import Secret
from ocop.errors import AuthenticationError, Conflict, PermanentError, ValidationRejected
from ocop.http import RetryPolicy
from ocop.sandbox import Sandbox

from .contract import ConnectorContract, RecordingTransport

CREDS = {"client_id": "sandbox-postmart-client", "client_secret": "sandbox-postmart-secret"}


class TestPostmart(ConnectorContract):
    marketplace = "postmart"
    category = "CHE-TRA"
    secret_names = ("client_secret",)
    missing_id = "PM-987654321"
    list_path = "GET /seller/v1/listings"
    title_field = "title"

    def build(
        self, sandbox: Sandbox, transport: httpx.BaseTransport, policy: RetryPolicy, **creds: Any
    ) -> PostmartConnector:
        values = {**CREDS, **creds}
        config = MarketplaceConfig(
            "postmart", sandbox.postmart.api_url, sandbox.postmart.storefront_url
        )
        return PostmartConnector(
            config,
            values["client_id"],
            Secret(values["client_secret"]),
            transport=transport,
            policy=policy,
        )

    def settle(self, sandbox: Sandbox, connector: Connector, result: WriteResult) -> str:
        assert result.request_id is not None
        for _ in range(5):
            sandbox.postmart.moderate()
            review = connector.review(result.request_id)
            if review.state is not ReviewState.PENDING:
                break
        assert review.state is ReviewState.APPROVED, review
        assert review.remote_id is not None
        return review.remote_id

    def after_unknown_create(self, sandbox: Sandbox) -> None:
        sandbox.postmart.moderate()

    def leaked_values(self, connector: Connector) -> list[str]:
        assert isinstance(connector, PostmartConnector)
        return [CREDS["client_secret"], connector.tokens.current().reveal()]

    # --- Postmart only ------------------------------------------------------------------------

    def test_expired_token_is_refreshed_once(
        self, sandbox: Sandbox, connector: PostmartConnector, transport: RecordingTransport
    ) -> None:
        connector.shop()
        sandbox.postmart.expire_tokens()
        assert connector.shop().name
        assert transport.count("/oauth/token") == 2
        assert transport.count("GET /seller/v1/store") == 3  # first, refused, repeated

    def test_threads_share_one_token_refresh(
        self, sandbox: Sandbox, connector: PostmartConnector, transport: RecordingTransport
    ) -> None:
        connector.shop()
        sandbox.postmart.expire_tokens()
        errors: list[BaseException] = []

        def work() -> None:
            try:
                connector.categories()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert transport.count("/oauth/token") == 2

    def test_duplicate_skus_make_several_listings(
        self, sandbox: Sandbox, connector: PostmartConnector
    ) -> None:
        draft = self.draft()
        first = self.live(sandbox, connector, draft)
        second = self.live(sandbox, connector, draft)
        assert sorted(item.remote_id for item in connector.find_by_sku(draft.sku)) == sorted(
            [first, second]
        )

    def test_rejection_comes_with_a_reason(
        self, sandbox: Sandbox, connector: PostmartConnector
    ) -> None:
        sandbox.set_moderation(reject_title_words=["hàng giả"])
        try:
            result = connector.create(
                self.draft(title="Chè hàng giả Tân Cương"), [self.image(connector)]
            )
            sandbox.postmart.moderate()
            review = connector.review(str(result.request_id))
        finally:
            sandbox.set_moderation(reject_title_words=[])
        assert review.state is ReviewState.REJECTED and review.reason

    def test_every_failing_field_is_reported(self, connector: PostmartConnector) -> None:
        with pytest.raises(ValidationRejected) as caught:
            connector.create(self.draft(title="x", description="ngắn"), ["http://127.0.0.1/x.png"])
        fields = {i.field for i in caught.value.issues}
        assert {"title", "description"} <= fields

    def test_expired_certificate_is_its_own_issue(self, connector: PostmartConnector) -> None:
        claim = OcopClaim(4, "1234/QĐ-UBND", date.today() - timedelta(days=3))
        with pytest.raises(ValidationRejected) as caught:
            connector.create(self.draft(ocop=claim), [self.image(connector)])
        assert [(i.field, i.reason) for i in caught.value.issues] == [
            ("ocop.valid_until", "expired")
        ]

    def test_content_change_waits_for_review(
        self, sandbox: Sandbox, connector: PostmartConnector
    ) -> None:
        draft = self.draft()
        remote_id = self.live(sandbox, connector, draft)
        sandbox.set_moderation(delay_s=3600)
        try:
            new_title = "Chè Tân Cương mới hộp 200 g"
            result = connector.update_content(
                remote_id, self.draft(draft.sku, title=new_title), [self.image(connector)]
            )
            listing = connector.get(remote_id)
            assert listing.pending_changes and listing.title == draft.title
            assert connector.review(str(result.request_id)).state is ReviewState.PENDING
        finally:
            sandbox.set_moderation(delay_s=0)

    def test_offers_go_in_batches_of_fifty(
        self, sandbox: Sandbox, connector: PostmartConnector, transport: RecordingTransport
    ) -> None:
        remote_id = self.live(sandbox, connector, self.draft())
        updates = [OfferUpdate(remote_id, stock=n) for n in range(51)]
        results = connector.update_offers(updates)
        assert len(results) == 51 and all(r.ok for r in results)
        assert transport.count("offers:batchUpdate") == 2
        assert connector.get(remote_id).stock == 50

    def test_too_large_price_change_is_refused_per_item(
        self, sandbox: Sandbox, connector: PostmartConnector
    ) -> None:
        remote_id = self.live(sandbox, connector, self.draft(list_price=None))
        results = connector.update_offers([OfferUpdate(remote_id, price=300_000)])
        error = results[0].error
        assert isinstance(error, Conflict) and error.code == "price_change_too_large"
        ok = connector.update_offers([OfferUpdate(remote_id, price=187_500)])  # exactly 50 %
        assert ok[0].ok

    def test_suspended_listing_cannot_be_toggled(
        self, sandbox: Sandbox, connector: PostmartConnector
    ) -> None:
        remote_id = self.live(sandbox, connector, self.draft())
        sandbox.postmart.mutate(remote_id, status="suspended")
        with pytest.raises(Conflict):
            connector.set_listed(remote_id, False)

    def test_there_is_no_delete(self, connector: PostmartConnector) -> None:
        with pytest.raises(PermanentError, match="deactivate"):
            connector.delete("PM-000001")

    def test_wrong_client_id_is_refused(
        self, sandbox: Sandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> None:
        connector = self.build(sandbox, transport, policy, client_id="nobody")
        with pytest.raises(AuthenticationError):
            connector.categories()
        connector.close()


def test_a_token_is_renewed_before_it_expires(sandbox: Sandbox) -> None:
    now = [0.0]
    transport = RecordingTransport()
    config = MarketplaceConfig(
        "postmart", sandbox.postmart.api_url, sandbox.postmart.storefront_url
    )
    connector = PostmartConnector(
        config,
        CREDS["client_id"],
        Secret(CREDS["client_secret"]),
        transport=transport,
        clock=lambda: now[0],
    )
    connector.categories()
    now[0] = 7200 - 120  # still fresh
    connector.categories()
    assert transport.count("/oauth/token") == 1
    now[0] = 7200 - 30  # within the last minute of the announced 7200 s
    connector.categories()
    assert transport.count("/oauth/token") == 2
    connector.close()
