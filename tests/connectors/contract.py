"""The connector contract suite: generic tests every connector must pass against the sandbox.

``test_voso.py`` and ``test_postmart.py`` subclass ``ConnectorContract`` and fill in the few
marketplace-specific hooks (how to build the connector, a leaf category, how a write settles).
Each test uses fresh SKUs, so tests share one sandbox per module; a test that turns a fault
knob on turns it off again (``faults`` fixture).
"""

from __future__ import annotations

import logging
import struct
import threading
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, ClassVar

import httpx
import pytest

from ocop.connector import (
    Connector,
    ListingDraft,
    ListingStatus,
    OcopClaim,
    OfferUpdate,
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
from ocop.sandbox import Sandbox


def tiny_png(seed: int = 0) -> bytes:
    """A valid 1×1 PNG whose pixel depends on ``seed`` (distinct images, distinct bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixel = zlib.compress(bytes([0, seed % 256, 120, 40]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")
    )


class RecordingTransport(httpx.HTTPTransport):
    """A real transport that remembers ``METHOD path`` of every request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.sent.append(f"{request.method} {request.url.path}")
        return super().handle_request(request)

    def count(self, fragment: str) -> int:
        """How many requests' ``METHOD path`` contain ``fragment``."""
        return sum(fragment in line for line in self.sent)


def new_sku(prefix: str = "T") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10].upper()}"


class ConnectorContract:
    """Generic connector tests. Subclasses set the class attributes and ``build``."""

    marketplace: ClassVar[str]
    category: ClassVar[int | str]
    secret_names: ClassVar[tuple[str, ...]]  # credential fields that must never leak

    # --- hooks -----------------------------------------------------------------------------

    def build(
        self, sandbox: Sandbox, transport: httpx.BaseTransport, policy: RetryPolicy, **creds: Any
    ) -> Connector:
        raise NotImplementedError

    def settle(self, sandbox: Sandbox, connector: Connector, result: WriteResult) -> str:
        """The remote id once the write is live (moderated marketplaces: approve, poll)."""
        assert result.remote_id is not None
        return result.remote_id

    def leaked_values(self, connector: Connector) -> list[str]:
        """Secret values that must not appear in logs or errors."""
        raise NotImplementedError

    # --- fixtures ---------------------------------------------------------------------------

    @pytest.fixture
    def transport(self) -> RecordingTransport:
        return RecordingTransport()

    @pytest.fixture
    def policy(self) -> RetryPolicy:
        return RetryPolicy(attempts=4, initial=0.05, cap=2.0)

    @pytest.fixture
    def connector(
        self, sandbox: Sandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> Iterator[Connector]:
        connector = self.build(sandbox, transport, policy)
        yield connector
        connector.close()

    @pytest.fixture
    def faults(self, sandbox: Sandbox) -> Iterator[Any]:
        def set_faults(**knobs: float) -> None:
            sandbox.set_faults(self.marketplace, **knobs)

        before = sandbox.set_faults(self.marketplace)  # the contract's limits, no faults
        yield set_faults
        sandbox.set_faults(self.marketplace, **before)

    # --- helpers ----------------------------------------------------------------------------

    def draft(self, sku: str | None = None, **changes: Any) -> ListingDraft:
        base = ListingDraft(
            sku=sku or new_sku(),
            title="Chè Tân Cương đặc biệt hộp 200 g",
            description="Chè búp hái tay ở Tân Cương, sao bằng chảo gang, nước xanh vàng.",
            category=self.category,
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

    def image(self, connector: Connector, seed: int = 0) -> str:
        return connector.upload_image(tiny_png(seed), f"img{seed}.png")

    def live(self, sandbox: Sandbox, connector: Connector, draft: ListingDraft) -> str:
        result = connector.create(draft, [self.image(connector)])
        return self.settle(sandbox, connector, result)

    # --- the contract -----------------------------------------------------------------------

    def test_shop_names_the_seller(self, connector: Connector) -> None:
        shop = connector.shop()
        assert shop.name == "HTX Đặc sản Thái Nguyên" and shop.url.startswith("http://127.0.0.1")

    def test_categories_include_the_leaf_we_map_to(self, connector: Connector) -> None:
        assert connector.categories()[self.category] is True

    def test_uploaded_image_is_served_by_the_storefront(self, connector: Connector) -> None:
        data = tiny_png(7)
        url = connector.upload_image(data, "che.png")
        assert httpx.get(url).content == data

    def test_upload_refuses_what_is_not_an_image(self, connector: Connector) -> None:
        with pytest.raises(ValidationRejected) as caught:
            connector.upload_image(b"GIF89a not really", "x.gif")
        assert caught.value.issues[0].reason == "invalid"

    def test_create_and_read_back(self, sandbox: Sandbox, connector: Connector) -> None:
        draft = self.draft()
        remote_id = self.live(sandbox, connector, draft)
        listing = connector.get(remote_id)
        assert (listing.sku, listing.title, listing.price, listing.stock) == (
            draft.sku,
            draft.title,
            125_000,
            12,
        )
        assert listing.status is ListingStatus.ACTIVE and listing.ocop_stars == 4
        shown = 150_000 if type(connector).capabilities.shows_list_price else None
        assert listing.list_price == shown and listing.url.startswith("http://127.0.0.1")

    def test_content_update(self, sandbox: Sandbox, connector: Connector) -> None:
        draft = self.draft()
        remote_id = self.live(sandbox, connector, draft)
        changed = replace(draft, title="Chè Tân Cương thượng hạng hộp 200 g")
        result = connector.update_content(remote_id, changed, [self.image(connector, 3)])
        assert self.settle(sandbox, connector, result) == remote_id
        assert connector.get(remote_id).title == changed.title

    def test_price_and_stock(self, sandbox: Sandbox, connector: Connector) -> None:
        one = self.live(sandbox, connector, self.draft())
        two = self.live(sandbox, connector, self.draft())
        results = connector.update_offers(
            [OfferUpdate(one, price=140_000), OfferUpdate(two, stock=0)]
        )
        assert [r.ok for r in results] == [True, True]
        assert connector.get(one).price == 140_000 and connector.get(two).stock == 0

    def test_offer_errors_are_per_item(self, sandbox: Sandbox, connector: Connector) -> None:
        good = self.live(sandbox, connector, self.draft())
        results = connector.update_offers(
            [OfferUpdate(good, stock=3), OfferUpdate(self.missing_id, stock=1)]
        )
        assert results[0].ok and isinstance(results[1].error, NotFound)

    def test_delist_and_relist(self, sandbox: Sandbox, connector: Connector) -> None:
        remote_id = self.live(sandbox, connector, self.draft())
        assert connector.set_listed(remote_id, False).status is ListingStatus.INACTIVE
        assert connector.get(remote_id).status is ListingStatus.INACTIVE
        assert connector.set_listed(remote_id, True).status is ListingStatus.ACTIVE

    def test_paging_covers_more_than_one_page(
        self, sandbox: Sandbox, connector: Connector, transport: RecordingTransport
    ) -> None:
        skus = {new_sku("PG") for _ in range(3)}
        for sku in skus:
            self.live(sandbox, connector, self.draft(sku))
        connector.page_size = 2  # type: ignore[attr-defined]
        before = transport.count(self.list_path)
        seen = [listing.sku for listing in connector.iter_listings()]
        assert skus <= set(seen) and len(seen) == len(set(seen))
        assert transport.count(self.list_path) - before >= 2

    def test_lookup_by_sku(self, sandbox: Sandbox, connector: Connector) -> None:
        draft = self.draft()
        remote_id = self.live(sandbox, connector, draft)
        found = connector.find_by_sku(draft.sku)
        assert [item.remote_id for item in found] == [remote_id]
        assert connector.find_by_sku(draft.sku.lower()) == []  # SKUs compare case-sensitively
        assert connector.find_by_sku(new_sku()) == []

    def test_validation_is_rejected_with_the_field(self, connector: Connector) -> None:
        with pytest.raises(ValidationRejected) as caught:
            connector.create(self.draft(title="Ngắn"), [self.image(connector)])
        assert (self.title_field, "too_short") in [(i.field, i.reason) for i in caught.value.issues]

    def test_not_found(self, connector: Connector) -> None:
        with pytest.raises(NotFound):
            connector.get(self.missing_id)

    def test_wrong_secret_is_an_authentication_error(
        self, sandbox: Sandbox, transport: RecordingTransport, policy: RetryPolicy
    ) -> None:
        connector = self.build(sandbox, transport, policy, **{self.secret_names[0]: "wrong"})
        with pytest.raises(AuthenticationError) as caught:
            connector.shop()
        assert "wrong" not in str(caught.value)
        connector.close()

    def test_rate_limit_is_waited_out(
        self, connector: Connector, faults: Any, policy: RetryPolicy
    ) -> None:
        policy.initial, policy.attempts = 0.3, 6  # backoff must outlast 1 s of refill
        faults(rate_limit=1, burst=1)
        for _ in range(3):
            connector.categories()
        assert policy.waits, "the server's 429 was never seen"
        assert all(wait <= policy.cap for wait in policy.waits)

    def test_the_client_limiter_keeps_under_the_contract_limit(
        self, connector: Connector, faults: Any, policy: RetryPolicy
    ) -> None:
        caps = type(connector).capabilities
        # the contract's own limit, with the server's bucket full whatever ran before
        faults(rate_limit=caps.rate_per_second, burst=caps.burst)
        for _ in range(3 * caps.burst):
            connector.categories()
        assert policy.waits == []  # not a single 429 to wait out

    def test_proxy_error_before_any_effect(
        self, connector: Connector, faults: Any, transport: RecordingTransport
    ) -> None:
        connector.shop()  # token fetched before the proxy starts failing
        faults(fail_before_rate=1)
        with pytest.raises(TransientError) as read:
            connector.categories()
        assert not isinstance(read.value, OutcomeUnknown)
        sku = new_sku()
        sent = len(transport.sent)
        with pytest.raises(OutcomeUnknown):  # indistinguishable from commit-then-fail
            connector.create(self.draft(sku), ["http://127.0.0.1/x.png"])
        assert len(transport.sent) == sent + 1  # a write is never sent twice
        faults(fail_before_rate=0)
        assert connector.find_by_sku(sku) == []

    @pytest.mark.parametrize("knob", ["commit_then_504_rate", "drop_after_commit_rate"])
    def test_committed_write_without_answer_is_outcome_unknown(
        self,
        sandbox: Sandbox,
        connector: Connector,
        faults: Any,
        transport: RecordingTransport,
        knob: str,
    ) -> None:
        image = self.image(connector)
        draft = self.draft()
        faults(**{knob: 1})
        sent = len(transport.sent)
        with pytest.raises(OutcomeUnknown) as caught:
            connector.create(draft, [image])
        assert len(transport.sent) == sent + 1
        assert "reconciled by SKU" in str(caught.value)
        faults(**{knob: 0})
        self.after_unknown_create(sandbox)
        assert [item.sku for item in connector.find_by_sku(draft.sku)] == [draft.sku]

    def after_unknown_create(self, sandbox: Sandbox) -> None:
        """Moderated marketplaces: let the review of the committed request happen."""

    def test_no_secret_reaches_logs_or_errors(
        self,
        sandbox: Sandbox,
        connector: Connector,
        caplog: pytest.LogCaptureFixture,
        faults: Any,
    ) -> None:
        for name in ("httpx", "httpcore", "ocop", "connectors", ""):
            caplog.set_level(logging.DEBUG, logger=name)
        messages: list[str] = []
        remote_id = self.live(sandbox, connector, self.draft())
        connector.update_offers([OfferUpdate(remote_id, price=130_000)])
        connector.get(remote_id)
        for call in (
            lambda: connector.get(self.missing_id),
            lambda: connector.create(self.draft(title="x"), ["http://127.0.0.1/x.png"]),
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
        secrets = self.leaked_values(connector)
        assert caplog.records, "DEBUG logging was not captured"
        logged = [record.getMessage() for record in caplog.records]
        logged += [repr(vars(connector))]
        for secret in secrets:
            assert len(secret) >= 8
            assert not any(secret in line for line in logged + messages), secret
