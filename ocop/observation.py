"""What a spider saw on a public storefront page for one listing.

Spiders yield ``Observation`` items; only ocop writes them into the state store, so there is
one writer. Where a marketplace's pages cannot be read (``Storefront.read_back``), ocop asks its
seller API instead, and the observation says so (``source``). Blocked and error observations are never counted as "removed": a throttled crawl
must not make the department's listed-product counts fall.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class PageStatus(StrEnum):
    """The outcome of looking at one listing's page."""

    LIVE = "live"  # on sale
    OUT_OF_STOCK = "out_of_stock"  # listed, but stock is zero
    DELISTED = "delisted"  # soft 404 / Discontinued: the page exists, the product is off sale
    REMOVED = "removed"  # 404 or 410
    REDIRECTED = "redirected"  # ended up on a page that is not this listing
    BLOCKED = "blocked"  # 403, 429, captcha: we could not see
    ERROR = "error"  # network error, timeout, unparseable page


class ObservationSource(StrEnum):
    """Where an observation comes from."""

    PAGE = "page"  # the public storefront page, read by a spider
    SELLER_API = "seller_api"  # the marketplace's seller API, read back for that listing's id


LISTED = frozenset({PageStatus.LIVE, PageStatus.OUT_OF_STOCK})
UNKNOWN = frozenset({PageStatus.BLOCKED, PageStatus.ERROR})


class Observation(BaseModel):
    """One listing's page as a spider saw it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    marketplace: str
    sku: str
    remote_id: str | None = None
    url: str
    final_url: str | None = None
    status: PageStatus
    http_status: int | None = None
    price: int | None = None  # integer VND shown as the selling price
    list_price: int | None = None  # struck-out price, if shown
    stars: int | None = None  # OCOP stars shown
    title: str | None = None
    observed_at: datetime
    detail: str | None = None  # why: "soft 404", "captcha", the network error, …
    # where it was seen: the public page, or the seller API's read-back of the listing when
    # the page could not be read (``ocop.readback``)
    source: ObservationSource = ObservationSource.PAGE
