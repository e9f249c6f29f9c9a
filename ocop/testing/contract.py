"""The connector contract: what every connector must do, checked against its own sandbox.

Subclass ``ConnectorContract`` with ``marketplace = "name"``: the connector is opened the way
ocop opens it (``Marketplace.open`` with the environment its sandbox prints), the sandbox is the
package's own, and the checks are the ``Connector`` protocol's rules — reads and writes,
paging, per-item offer errors, typed refusals, the retry rules (a write is never sent twice),
the rate limit, and secrets that never reach a log or an error. ``ConnectorFixtures`` alone
gives a package's own tests the same fixtures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, ClassVar

import httpx
import pytest

from ocop.categories import CategoryTree
from ocop.connector import (
    Category,
    Connector,
    ListingDraft,
    ListingStatus,
    OcopClaim,
    OfferUpdate,
    ReviewState,
    WriteResult,
)
from ocop.errors import (
    AuthenticationError,
    ConnectorError,
    NotFound,
    OutcomeUnknown,
    TransientError,
    ValidationRejected,
)
from ocop.http import RetryPolicy
from ocop.mapping import cut
from ocop.marketplace import Marketplace
from ocop.registry import marketplace as find_marketplace
from ocop.sandbox import MarketSandbox, Sandbox
from ocop.testing.harness import RecordingTransport, new_sku, open_on, tiny_png
from ocop.testing.world import leaf_category

Faults = Callable[..., None]
_LEAVES: dict[tuple[str, str], int | str] = {}
DESCRIPTION = (
    "Chè búp hái tay ở Tân Cương, sao bằng chảo gang, nước xanh vàng, vị chát dịu và hậu ngọt; "
    "đóng hộp giấy có lót túi bạc giữ hương, hạn dùng 24 tháng."
)


class ConnectorFixtures:
    """The marketplace's sandbox (one per class), its connector and helpers."""

    marketplace: ClassVar[str]

    @property
    def descriptor(self) -> Marketplace:
        return find_marketplace(self.marketplace)

    @pytest.fixture(scope="class")
    @classmethod
    def market(cls) -> Iterator[MarketSandbox]:
        with Sandbox.start(marketplaces=[cls.marketplace]) as started:
            yield started[cls.marketplace]

    @pytest.fixture
    def transport(self) -> RecordingTransport:
        return RecordingTransport()

    @pytest.fixture
    def policy(self) -> RetryPolicy:
        return RetryPolicy(attempts=4, initial=0.05, cap=2.0)

    @pytest.fixture
    def connector(
        self, market: MarketSandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> Iterator[Connector]:
        connector = self.build(market, transport, policy)
        yield connector
        connector.close()

    @pytest.fixture
    def faults(self, market: MarketSandbox) -> Iterator[Faults]:
        before = market.set_faults()  # the contract's limits, no faults

        def set_faults(**knobs: float) -> None:
            market.set_faults(**knobs)

        yield set_faults
        market.set_faults(**before)

    def build(
        self,
        market: MarketSandbox,
        transport: httpx.BaseTransport,
        policy: RetryPolicy,
        **credentials: Any,
    ) -> Connector:
        """The connector on the sandbox (``credentials`` override fields of its own)."""
        return open_on(self.descriptor, market, transport=transport, policy=policy, **credentials)

    def settle(self, market: MarketSandbox, connector: Connector, result: WriteResult) -> str:
        """The remote id once the write is live (moderated: the moderator decides, we poll)."""
        if result.request_id is None:
            assert result.remote_id is not None
            return result.remote_id
        for _ in range(5):
            market.moderate()
            review = connector.review(result.request_id)
            if review.state is not ReviewState.PENDING:
                break
        assert review.state is ReviewState.APPROVED, review
        assert review.remote_id is not None
        return review.remote_id

    def draft(self, connector: Connector, sku: str | None = None, **changes: Any) -> ListingDraft:
        """A tea listing within the marketplace's limits."""
        caps = connector.capabilities
        base = ListingDraft(
            sku=sku or new_sku(),
            title=cut("Chè Tân Cương đặc biệt hộp 200 g", caps.title_length[1]),
            description=cut(DESCRIPTION, caps.description_length[1] or len(DESCRIPTION)),
            category=self.category(connector),
            price=125_000,
            list_price=150_000,
            stock=12,
            unit="Hộp 200 g",
            net_weight_g=200,
            shipping_weight_g=300,
            images=("images/che.png",),
            ocop=OcopClaim(4, "1234/QĐ-UBND", date.today() + timedelta(days=400)),
            origin="Thái Nguyên",
        )
        return replace(base, **changes)

    def category(self, connector: Connector) -> int | str:
        """A leaf category of the sandbox's tree (read once per marketplace and sandbox)."""
        key = (self.marketplace, str(getattr(connector, "config", "")))
        if key not in _LEAVES:
            _LEAVES[key] = leaf_category(connector.categories()).id
        return _LEAVES[key]

    def image(self, connector: Connector, seed: int = 0) -> str:
        return connector.upload_image(tiny_png(seed), f"img{seed}.png")

    def live(self, market: MarketSandbox, connector: Connector, draft: ListingDraft) -> str:
        result = connector.create(draft, [self.image(connector)])
        return self.settle(market, connector, result)

    def secrets(self, market: MarketSandbox) -> list[str]:
        """The sandbox's secret credential values (they must never leak)."""
        env = market.env()
        return [env[f"OCOP_{self.marketplace.upper()}_{f.upper()}"] for f in self.secret_fields]

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return self.descriptor.secret_fields


class ConnectorContract(ConnectorFixtures):
    """Generic connector tests; subclasses set ``marketplace``."""

    def test_the_descriptor_and_the_class_agree(self, connector: Connector) -> None:
        assert connector.name == self.marketplace
        assert connector.capabilities == self.descriptor.capabilities
        assert self.secret_fields, "a marketplace with no secret credential?"

    def test_shop_names_the_seller(self, connector: Connector) -> None:
        shop = connector.shop()
        assert shop.name and shop.url.startswith("http://127.0.0.1")

    def test_categories_have_a_leaf_to_list_in(self, connector: Connector) -> None:
        categories = connector.categories()
        tree = CategoryTree(self.marketplace, categories)
        assert tree.leaves() and all(isinstance(c, Category) and c.name for c in categories)
        # every category's name or path names it alone: a catalogue can write each one
        assert all(tree.find(tree.written(c)) == [c] for c in tree.leaves())

    def test_uploaded_image_is_served_by_the_storefront(self, connector: Connector) -> None:
        data = tiny_png(7)
        url = connector.upload_image(data, "che.png")
        assert httpx.get(url).content == data

    def test_upload_refuses_what_is_not_an_image(self, connector: Connector) -> None:
        with pytest.raises(ValidationRejected):
            connector.upload_image(b"GIF89a not really", "x.gif")

    def test_create_and_read_back(self, market: MarketSandbox, connector: Connector) -> None:
        draft = self.draft(connector)
        remote_id = self.live(market, connector, draft)
        listing = connector.get(remote_id)
        assert (listing.sku, listing.title, listing.price, listing.stock) == (
            draft.sku,
            draft.title,
            125_000,
            12,
        )
        assert listing.status is ListingStatus.ACTIVE and listing.ocop_stars == 4
        shown = 150_000 if connector.capabilities.shows_list_price else None
        assert listing.list_price == shown and listing.url.startswith("http://127.0.0.1")

    def test_the_listing_url_is_read_by_the_storefront_rules(
        self, market: MarketSandbox, connector: Connector
    ) -> None:
        remote_id = self.live(market, connector, self.draft(connector))
        url = httpx.URL(connector.get(remote_id).url)
        number = self.descriptor.storefront.listing_number(url.path)
        assert number == int("".join(ch for ch in remote_id if ch.isdigit()))

    def test_content_update(self, market: MarketSandbox, connector: Connector) -> None:
        draft = self.draft(connector)
        remote_id = self.live(market, connector, draft)
        changed = replace(draft, title="Chè Tân Cương thượng hạng hộp 200 g")
        result = connector.update_content(remote_id, changed, [self.image(connector, 3)])
        assert self.settle(market, connector, result) == remote_id
        assert connector.get(remote_id).title == changed.title

    def test_price_and_stock(self, market: MarketSandbox, connector: Connector) -> None:
        one = self.live(market, connector, self.draft(connector))
        two = self.live(market, connector, self.draft(connector))
        results = connector.update_offers(
            [OfferUpdate(one, price=140_000), OfferUpdate(two, stock=0)]
        )
        assert [r.ok for r in results] == [True, True]
        assert connector.get(one).price == 140_000 and connector.get(two).stock == 0

    def test_offer_errors_are_per_item(self, market: MarketSandbox, connector: Connector) -> None:
        good = self.live(market, connector, self.draft(connector))
        results = connector.update_offers(
            [OfferUpdate(good, stock=3), OfferUpdate(market.unknown_remote_id, stock=1)]
        )
        assert results[0].ok and isinstance(results[1].error, NotFound)

    def test_delist_and_relist(self, market: MarketSandbox, connector: Connector) -> None:
        remote_id = self.live(market, connector, self.draft(connector))
        assert connector.set_listed(remote_id, False).status is ListingStatus.INACTIVE
        assert connector.get(remote_id).status is ListingStatus.INACTIVE
        assert connector.set_listed(remote_id, True).status is ListingStatus.ACTIVE

    def test_changes_behind_the_sellers_back_are_read(
        self, market: MarketSandbox, connector: Connector
    ) -> None:
        remote_id = market.hand_made(new_sku("HAND"), price=55_000)
        assert connector.get(remote_id).price == 55_000
        market.change_listing(remote_id, price=60_000, stock=0, status=ListingStatus.BLOCKED)
        listing = connector.get(remote_id)
        assert (listing.price, listing.stock, listing.status) == (
            60_000,
            0,
            ListingStatus.BLOCKED,
        )
        with pytest.raises(KeyError):
            market.change_listing(market.unknown_remote_id, price=1_000)

    def test_paging_covers_more_than_one_page(
        self, market: MarketSandbox, connector: Connector
    ) -> None:
        skus = {new_sku("PG") for _ in range(3)}
        for sku in skus:
            self.live(market, connector, self.draft(connector, sku))
        connector.page_size = 2  # type: ignore[attr-defined]
        before = market.stats().get(market.list_route, 0)
        seen = [listing.sku for listing in connector.iter_listings()]
        assert skus <= set(seen) and len(seen) == len(set(seen))
        assert market.stats()[market.list_route] - before >= 2

    def test_lookup_by_sku(self, market: MarketSandbox, connector: Connector) -> None:
        draft = self.draft(connector)
        remote_id = self.live(market, connector, draft)
        found = connector.find_by_sku(draft.sku)
        assert [item.remote_id for item in found] == [remote_id]
        assert connector.find_by_sku(draft.sku.lower()) == []  # SKUs compare case-sensitively
        assert connector.find_by_sku(new_sku()) == []

    def test_validation_is_rejected_with_the_field(
        self, market: MarketSandbox, connector: Connector
    ) -> None:
        low = connector.capabilities.title_length[0]
        short = self.draft(connector, title="Chè"[: max(1, low - 1)] if low > 1 else "")
        with pytest.raises(ValidationRejected) as caught:
            connector.create(short, [self.image(connector)])
        assert market.title_field in [i.field for i in caught.value.issues]

    def test_not_found(self, market: MarketSandbox, connector: Connector) -> None:
        with pytest.raises(NotFound):
            connector.get(market.unknown_remote_id)

    def test_wrong_secret_is_an_authentication_error(
        self, market: MarketSandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> None:
        connector = self.build(market, transport, policy, **{self.secret_fields[0]: "wrong-one"})
        with pytest.raises(AuthenticationError) as caught:
            connector.shop()
        assert "wrong-one" not in str(caught.value)
        connector.close()

    def test_rate_limit_is_waited_out(
        self, connector: Connector, faults: Faults, policy: RetryPolicy
    ) -> None:
        policy.initial, policy.attempts = 0.3, 6  # backoff must outlast 1 s of refill
        faults(rate_limit=1, burst=1)
        for _ in range(3):
            connector.categories()
        assert policy.waits, "the server's 429 was never seen"
        assert all(wait <= policy.cap for wait in policy.waits)

    def test_the_client_limiter_keeps_under_the_contract_limit(
        self, connector: Connector, faults: Faults, policy: RetryPolicy
    ) -> None:
        caps = connector.capabilities
        # the contract's own limit, with the server's bucket full whatever ran before
        faults(rate_limit=caps.rate_per_second, burst=caps.burst)
        for _ in range(3 * caps.burst):
            connector.categories()
        assert policy.waits == []  # not a single 429 to wait out

    def test_proxy_error_before_any_effect(
        self, market: MarketSandbox, connector: Connector, faults: Faults
    ) -> None:
        # a token, and the reference data a create reads first (a category's attributes…),
        # are fetched before the proxy starts failing: the create below is one request
        self.live(market, connector, self.draft(connector))
        faults(fail_before_rate=1)
        with pytest.raises(TransientError) as read:
            connector.categories()
        assert not isinstance(read.value, OutcomeUnknown)
        sku = new_sku()
        writes = market.stats()["writes"]
        with pytest.raises(OutcomeUnknown):  # indistinguishable from commit-then-fail
            connector.create(self.draft(connector, sku), ["http://127.0.0.1/x.png"])
        assert market.stats()["writes"] == writes + 1  # a write is never sent twice
        faults(fail_before_rate=0)
        assert connector.find_by_sku(sku) == []

    @pytest.mark.parametrize("knob", ["commit_then_504_rate", "drop_after_commit_rate"])
    def test_committed_write_without_answer_is_outcome_unknown(
        self, market: MarketSandbox, connector: Connector, faults: Faults, knob: str
    ) -> None:
        image = self.image(connector)
        draft = self.draft(connector)
        faults(**{knob: 1})
        writes = market.stats()["writes"]
        with pytest.raises(OutcomeUnknown) as caught:
            connector.create(draft, [image])
        assert market.stats()["writes"] == writes + 1
        assert "reconciled by SKU" in str(caught.value)
        faults(**{knob: 0})
        market.moderate()  # a moderated create is a request: let its review happen
        assert [item.sku for item in connector.find_by_sku(draft.sku)] == [draft.sku]

    def test_typed_refusals_are_ocop_errors(self) -> None:
        for error in self.descriptor.errors:
            assert issubclass(error, ConnectorError) and error.__doc__

    def test_no_secret_reaches_logs_or_errors(
        self,
        market: MarketSandbox,
        connector: Connector,
        caplog: pytest.LogCaptureFixture,
        faults: Faults,
    ) -> None:
        for name in ("httpx", "httpcore", "ocop", connector.__module__, ""):
            caplog.set_level(logging.DEBUG, logger=name)
        messages: list[str] = []
        remote_id = self.live(market, connector, self.draft(connector))
        connector.update_offers([OfferUpdate(remote_id, price=130_000)])
        connector.get(remote_id)
        for call in (
            lambda: connector.get(market.unknown_remote_id),
            lambda: connector.create(self.draft(connector, title="x"), ["http://127.0.0.1/x"]),
        ):
            try:
                call()
            except ConnectorError as exc:
                messages.append(f"{exc!s} {exc!r} {vars(exc)}")
        faults(commit_then_504_rate=1)
        try:
            connector.set_listed(remote_id, False)
        except ConnectorError as exc:
            messages.append(f"{exc!s} {exc!r}")
        assert caplog.records, "DEBUG logging was not captured"
        logged = [record.getMessage() for record in caplog.records]
        logged += [repr(vars(connector))]
        for secret in self.secrets(market):
            assert len(secret) >= 8
            assert not any(secret in line for line in logged + messages), secret
