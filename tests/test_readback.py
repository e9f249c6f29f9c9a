"""ocop.readback: a page that could not be read, seen through the seller API instead."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ocop.connector import ListingStatus, RemoteListing
from ocop.errors import NotFound, TransientError
from ocop.observation import Observation, PageStatus
from ocop.readback import read_back, read_back_unread

EARLIER = datetime(2026, 1, 1, tzinfo=UTC)


class Seller:
    """The one call read-back makes (``get``), answering from a dict or raising."""

    def __init__(self, **answers: RemoteListing | Exception) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def get(self, remote_id: str) -> RemoteListing:
        self.asked.append(remote_id)
        answer = self.answers[remote_id]
        if isinstance(answer, Exception):
            raise answer
        return answer


def page(sku: str, status: PageStatus, **seen: Any) -> Observation:
    return Observation(
        marketplace="m", sku=sku, remote_id=sku.lower(), url=f"http://x/{sku}", status=status,
        observed_at=EARLIER, **seen,
    )  # fmt: skip


def listing(sku: str, status: ListingStatus, stock: int = 5) -> RemoteListing:
    return RemoteListing(sku.lower(), sku, f"Chè {sku}", 120_000, stock, status, "u", ocop_stars=4)


def test_only_pages_that_could_not_be_read_are_read_back() -> None:
    seller = Seller(
        a=listing("A", ListingStatus.ACTIVE),
        b=listing("B", ListingStatus.ACTIVE, stock=0),
        c=listing("C", ListingStatus.INACTIVE),
        d=NotFound("m", "d"),
        g=listing("G", ListingStatus.BLOCKED),
    )
    seen = [
        page("A", PageStatus.ERROR, http_status=200, detail="no product on the page"),
        page("B", PageStatus.BLOCKED, http_status=403, detail="HTTP 403"),
        page("C", PageStatus.ERROR, detail="TimeoutError: took too long"),
        page("D", PageStatus.ERROR, http_status=503),
        page("E", PageStatus.LIVE, price=99_000),  # read: what buyers see wins
        page("F", PageStatus.REMOVED, http_status=404),
        page("G", PageStatus.BLOCKED, detail="captcha"),
    ]
    a, b, c, d, e, f, g = read_back(seller, seen)  # type: ignore[arg-type]
    assert seller.asked == ["a", "b", "c", "d", "g"]
    assert (a.status, a.source, a.price, a.stars, a.title) == (
        PageStatus.LIVE, "seller_api", 120_000, 4, "Chè A",
    )  # fmt: skip
    assert a.detail == "page error (HTTP 200): no product on the page" and a.http_status is None
    assert a.observed_at > EARLIER
    assert (b.status, b.price) == (PageStatus.OUT_OF_STOCK, 120_000)
    assert (c.status, c.price, c.title) == (PageStatus.DELISTED, None, None)
    assert (d.status, d.source) == (PageStatus.REMOVED, "seller_api")
    assert (e, f) == (seen[4], seen[5])
    assert (g.status, g.source, g.price) == (PageStatus.BANNED, "seller_api", None)  # its kind


def test_a_failing_seller_api_leaves_the_page_unverified_and_says_why() -> None:
    (seen,) = read_back(
        Seller(a=TransientError("m", "HTTP 502")),  # type: ignore[arg-type]
        [page("A", PageStatus.BLOCKED, http_status=403, detail="HTTP 403")],
    )
    assert (seen.status, seen.source) == (PageStatus.BLOCKED, "page")
    assert seen.detail is not None and "HTTP 502" in seen.detail


def test_an_observation_without_source_reads_as_a_page() -> None:
    old = page("A", PageStatus.LIVE).model_dump(mode="json")
    del old["source"]  # recorded before observations said where they come from
    assert Observation.model_validate(old).source == "page"


def test_marketplaces_that_do_not_ask_are_left_alone() -> None:
    unread = [page("A", PageStatus.BLOCKED)]
    assert read_back_unread("voso", unread) == unread  # voso's pages say it all
    assert read_back_unread("not-installed", unread) == unread


def test_a_connector_that_cannot_be_opened_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PARTNER_ID", "PARTNER_KEY", "SHOP_ID", "TOKENS_FILE"):
        monkeypatch.delenv(f"OCOP_SHOPEE_{name}", raising=False)
    monkeypatch.setenv("OCOP_CREDENTIALS_FILE", "/nonexistent/credentials.toml")
    (seen,) = read_back_unread("shopee", [page("A", PageStatus.BLOCKED, detail="HTTP 403")])
    assert seen.status is PageStatus.BLOCKED and seen.source == "page"
    assert seen.detail is not None and seen.detail.startswith("HTTP 403; ")
    assert "seller API could not be asked" in seen.detail
