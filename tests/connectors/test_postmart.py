"""Postmart's own behaviour, against its sandbox (the shared contract runs in test_contract)."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import httpx
import pytest
from ocop_postmart.connector import PostmartConnector
from ocop_postmart.errors import ListingSuspended, PriceChangeTooLarge

from ocop.config import MarketplaceConfig
from ocop.connector import OcopClaim, OfferUpdate, ReviewState
from ocop.credentials import Secret
from ocop.errors import AuthenticationError, MalformedAnswer, ValidationRejected
from ocop.http import RetryPolicy
from ocop.sandbox import MarketSandbox, Sandbox
from ocop.testing.contract import ConnectorFixtures
from ocop.testing.harness import RecordingTransport

CREDS = {"client_id": "sandbox-postmart-client", "client_secret": "sandbox-postmart-secret"}


class TestPostmart(ConnectorFixtures):
    marketplace = "postmart"

    # --- Postmart only ------------------------------------------------------------------------

    def test_expired_token_is_refreshed_once(
        self, market: MarketSandbox, connector: PostmartConnector, transport: RecordingTransport
    ) -> None:
        connector.shop()
        market.expire_tokens()  # type: ignore[attr-defined]
        assert connector.shop().name
        assert transport.count("/oauth/token") == 2
        assert transport.count("GET /seller/v1/store") == 3  # first, refused, repeated

    def test_threads_share_one_token_refresh(
        self, market: MarketSandbox, connector: PostmartConnector, transport: RecordingTransport
    ) -> None:
        connector.shop()
        market.expire_tokens()  # type: ignore[attr-defined]
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
        self, market: MarketSandbox, connector: PostmartConnector
    ) -> None:
        draft = self.draft(connector)
        first = self.live(market, connector, draft)
        second = self.live(market, connector, draft)
        assert sorted(item.remote_id for item in connector.find_by_sku(draft.sku)) == sorted(
            [first, second]
        )

    def test_rejection_comes_with_a_reason(
        self, market: MarketSandbox, connector: PostmartConnector
    ) -> None:
        market.set_moderation(reject_title_words=["hàng giả"])
        try:
            result = connector.create(
                self.draft(connector, title="Chè hàng giả Tân Cương"), [self.image(connector)]
            )
            market.moderate()
            review = connector.review(str(result.request_id))
        finally:
            market.set_moderation(reject_title_words=[])
        assert review.state is ReviewState.REJECTED and review.reason

    def test_every_failing_field_is_reported(self, connector: PostmartConnector) -> None:
        with pytest.raises(ValidationRejected) as caught:
            connector.create(
                self.draft(connector, title="x", description="ngắn"), ["http://127.0.0.1/x.png"]
            )
        fields = {i.field for i in caught.value.issues}
        assert {"title", "description"} <= fields

    def test_expired_certificate_is_its_own_issue(self, connector: PostmartConnector) -> None:
        claim = OcopClaim(4, "1234/QĐ-UBND", date.today() - timedelta(days=3))
        with pytest.raises(ValidationRejected) as caught:
            connector.create(self.draft(connector, ocop=claim), [self.image(connector)])
        assert [(i.field, i.reason) for i in caught.value.issues] == [
            ("ocop.valid_until", "expired")
        ]

    def test_content_change_waits_for_review(
        self, market: MarketSandbox, connector: PostmartConnector
    ) -> None:
        draft = self.draft(connector)
        remote_id = self.live(market, connector, draft)
        market.set_moderation(delay_s=3600)
        try:
            new_title = "Chè Tân Cương mới hộp 200 g"
            result = connector.update_content(
                remote_id,
                self.draft(connector, draft.sku, title=new_title),
                [self.image(connector)],
            )
            listing = connector.get(remote_id)
            assert listing.pending_changes and listing.title == draft.title
            assert connector.review(str(result.request_id)).state is ReviewState.PENDING
        finally:
            market.set_moderation(delay_s=0)

    def test_offers_go_in_batches_of_fifty(
        self, market: MarketSandbox, connector: PostmartConnector, transport: RecordingTransport
    ) -> None:
        remote_id = self.live(market, connector, self.draft(connector))
        updates = [OfferUpdate(remote_id, stock=n) for n in range(51)]
        results = connector.update_offers(updates)
        assert len(results) == 51 and all(r.ok for r in results)
        assert transport.count("offers:batchUpdate") == 2
        assert connector.get(remote_id).stock == 50

    def test_too_large_price_change_is_refused_per_item(
        self, market: MarketSandbox, connector: PostmartConnector
    ) -> None:
        remote_id = self.live(market, connector, self.draft(connector, list_price=None))
        results = connector.update_offers([OfferUpdate(remote_id, price=300_000)])
        error = results[0].error
        assert isinstance(error, PriceChangeTooLarge) and error.remote_id == remote_id
        ok = connector.update_offers([OfferUpdate(remote_id, price=187_500)])  # exactly 50 %
        assert ok[0].ok

    def test_suspended_listing_cannot_be_toggled(
        self, market: MarketSandbox, connector: PostmartConnector
    ) -> None:
        remote_id = self.live(market, connector, self.draft(connector))
        market.mutate(remote_id, status="suspended")  # type: ignore[attr-defined]
        with pytest.raises(ListingSuspended):
            connector.set_listed(remote_id, False)

    def test_the_access_token_never_leaks(
        self, market: MarketSandbox, connector: PostmartConnector, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level("DEBUG")
        self.live(market, connector, self.draft(connector))
        token = connector.tokens.current().reveal()
        assert token not in caplog.text and token not in repr(vars(connector))

    def test_wrong_client_id_is_refused(
        self, market: MarketSandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> None:
        connector = self.build(market, transport, policy, client_id="nobody")
        with pytest.raises(AuthenticationError):
            connector.categories()
        connector.close()


def test_a_token_is_renewed_before_it_expires(sandbox: Sandbox) -> None:
    market = sandbox["postmart"]
    now = [0.0]
    transport = RecordingTransport()
    config = MarketplaceConfig("postmart", market.api_url, market.storefront_url)
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


def test_a_cursor_that_comes_back_cannot_page_forever() -> None:
    listing = {"listing_id": "PM-000007", "seller_sku": "A-1", "title": "Chè", "price": 1000,
               "stock": 1, "status": "active"}  # fmt: skip
    page = {"code": 0, "message": "ok", "data": {"items": [listing], "next_cursor": "7"}}
    token = {"access_token": "t", "token_type": "Bearer", "expires_in": 7200}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=token if "oauth" in request.url.path else page)

    config = MarketplaceConfig("postmart", "http://pm.test/seller/v1", "http://pm.test")
    connector = PostmartConnector(
        config, "c", Secret("s"), transport=httpx.MockTransport(handler), policy=RetryPolicy()
    )
    with pytest.raises(MalformedAnswer, match="the cursor '7' came back"):
        list(connector.iter_listings())


def test_a_review_in_an_unknown_state_is_a_malformed_answer() -> None:
    token = {"access_token": "t", "token_type": "Bearer", "expires_in": 7200}
    state = {"code": 0, "data": {"request_id": "req_1", "state": "maybe"}}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=token if "oauth" in request.url.path else state)

    config = MarketplaceConfig("postmart", "http://pm.test/seller/v1", "http://pm.test")
    connector = PostmartConnector(
        config, "c", Secret("s"), transport=httpx.MockTransport(handler), policy=RetryPolicy()
    )
    with pytest.raises(MalformedAnswer, match=r"GET /listing-requests/req_1: .*state"):
        connector.review("req_1")
