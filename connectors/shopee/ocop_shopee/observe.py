"""Seeing a Shopee listing as buyers do: on its product page where the page can be read,
otherwise through the seller API's read-back. Every observation says which, in ``detail``
(``PAGE`` or ``READ_BACK``), so the report can count both and tell them apart.

Page outcomes (``ocop.observation.PageStatus``): 404 → removed; a "product does not exist"
notice → delisted; the SKU's variant in stock → live, out of stock → out of stock. A page that
does not show the product (the client-rendered shell a plain GET gets from shopee.vn, the
anti-bot answer, a page without the SKU) is not evidence either way: the read-back decides.
Read-back: active with stock → live, without → out of stock; unlisted, banned or in review →
delisted; gone → removed.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from ocop.connector import Connector, ListingStatus
from ocop.errors import ConnectorError, NotFound
from ocop.observation import Observation, PageStatus
from ocop_shopee.errors import NAME
from ocop_shopee.storefront import read_page

PAGE = "storefront page"
READ_BACK = "seller API read-back"
NOT_EXIST = "Sản phẩm này không tồn tại"
AVAILABILITY = {"in_stock": PageStatus.LIVE, "out_of_stock": PageStatus.OUT_OF_STOCK}


def _observation(
    sku: str, remote_id: str | None, url: str, status: PageStatus, detail: str, **seen: object
) -> Observation:
    return Observation(
        marketplace=NAME,
        sku=sku,
        remote_id=remote_id,
        url=url,
        status=status,
        observed_at=datetime.now(UTC),
        detail=detail,
        **seen,
    )


def from_page(
    sku: str, remote_id: str | None, url: str, response: httpx.Response
) -> Observation | None:
    """What the product page proves about ``sku``, or None when it proves nothing."""
    if response.status_code in (404, 410):
        return _observation(
            sku, remote_id, url, PageStatus.REMOVED, PAGE, http_status=response.status_code
        )
    if response.status_code != 200 or "html" not in response.headers.get("content-type", ""):
        return None
    if NOT_EXIST in response.text:
        return _observation(sku, remote_id, url, PageStatus.DELISTED, PAGE, http_status=200)
    reading = read_page(response.text, sku)
    status = AVAILABILITY.get(reading.availability or "")
    if not reading.seen or status is None:
        return None
    return _observation(
        sku, remote_id, url, status, PAGE, http_status=200, final_url=str(response.url),
        price=reading.price, title=reading.title, stars=reading.stars,
    )  # fmt: skip


def from_read_back(
    connector: Connector, sku: str, remote_id: str, url: str, why: str
) -> Observation:
    """What the seller API says about the listing (``why``: why the page did not do)."""
    detail = f"{READ_BACK} ({why})"
    try:
        listing = connector.get(remote_id)
    except NotFound:
        return _observation(sku, remote_id, url, PageStatus.REMOVED, detail)
    except ConnectorError as exc:
        return _observation(sku, remote_id, url, PageStatus.ERROR, f"{detail}: {exc}")
    if listing.status is not ListingStatus.ACTIVE:
        return _observation(sku, remote_id, url, PageStatus.DELISTED, detail, title=listing.title)
    status = PageStatus.LIVE if listing.stock > 0 else PageStatus.OUT_OF_STOCK
    return _observation(
        sku,
        remote_id,
        url,
        status,
        detail,
        price=listing.price,
        title=listing.title,
        stars=listing.ocop_stars,
    )


def observe(
    connector: Connector, http: httpx.Client, sku: str, remote_id: str, url: str
) -> Observation:
    """The page first; the read-back when the page cannot be read or proves nothing."""
    try:
        response = http.get(url, follow_redirects=True)
    except httpx.HTTPError as exc:
        return from_read_back(connector, sku, remote_id, url, f"page: {type(exc).__name__}")
    seen = from_page(sku, remote_id, url, response)
    if seen is not None:
        return seen
    return from_read_back(
        connector, sku, remote_id, url, f"page: HTTP {response.status_code}, no product shown"
    )
