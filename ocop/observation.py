"""What was seen of one listing: a storefront page as a spider read it, or a seller API's answer.

Spiders yield ``Observation`` items; where a marketplace's pages cannot be read
(``Storefront.read_back``), ocop asks its seller API about that listing's id instead
(``ocop.readback``) and the observation says so (``source="seller_api"``). Only ocop
writes them into the state store, so there is one writer.

An observation is *trustworthy* when the marketplace answered for that listing: a page that
showed it was this listing (or that it is gone: 404/410, a "not found" notice at its address),
or the seller API's answer for its id. Blocked answers (403/429, captcha, login wall, robots.txt)
and errors (network, 5xx, a page that does not show it is this listing) are not: they never
displace an earlier trustworthy observation when counting (``ocop.verdict``), so a throttled
crawl cannot make the department's counts move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class PageStatus(StrEnum):
    """The outcome of looking at one listing."""

    LIVE = "live"  # on sale
    OUT_OF_STOCK = "out_of_stock"  # on sale, but stock is zero
    DELISTED = "delisted"  # soft 404 / Discontinued / hidden: the listing exists, off sale
    REMOVED = "removed"  # 404 or 410: deleted
    BANNED = "banned"  # the marketplace banned or suspended it (its seller API, or a notice)
    REDIRECTED = "redirected"  # its address now leads to another page of the marketplace
    BLOCKED = "blocked"  # 401/403/429, captcha, interstitial, login wall, robots.txt: not seen
    ERROR = "error"  # network error, 5xx, a page that does not show it is this listing


class ObservationSource(StrEnum):
    """Where an observation comes from."""

    PAGE = "page"  # the public storefront page, read by a spider
    SELLER_API = "seller_api"  # the marketplace's seller API, read back for that listing's id


ON_SALE = frozenset({PageStatus.LIVE, PageStatus.OUT_OF_STOCK})
TAKEN_DOWN = frozenset(
    {PageStatus.DELISTED, PageStatus.REMOVED, PageStatus.BANNED, PageStatus.REDIRECTED}
)
UNTRUSTWORTHY = frozenset({PageStatus.BLOCKED, PageStatus.ERROR})
# the names the first version used
LISTED = ON_SALE
UNKNOWN = UNTRUSTWORTHY


class Observation(BaseModel):
    """One listing as a spider (or the seller API) saw it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    marketplace: str
    sku: str
    remote_id: str | None = None
    url: str
    final_url: str | None = None
    status: PageStatus
    http_status: int | None = None
    price: int | None = None  # integer VND shown as the selling price
    list_price: int | None = None  # the listing's own struck-out price, if shown
    stars: int | None = None  # OCOP stars shown
    title: str | None = None
    observed_at: datetime
    detail: str | None = None  # why: "soft 404", "captcha", "HTTP 403", the network error, …
    source: ObservationSource = ObservationSource.PAGE

    @property
    def trustworthy(self) -> bool:
        """True when the marketplace answered for this listing (on sale or taken down)."""
        return self.status not in UNTRUSTWORTHY

    @property
    def why(self) -> str:
        """The outcome in a few words: ``blocked (HTTP 403)``, ``delisted: soft 404``."""
        text, code = self.status.value, f"HTTP {self.http_status}"
        if self.http_status:
            text += f" ({code})"
        return f"{text}: {self.detail}" if self.detail and self.detail != code else text


@dataclass(frozen=True, slots=True)
class Seen:
    """What the state store holds of one listing: its newest observation, and the newest
    trustworthy one (the same object when the newest is trustworthy; None when none is)."""

    latest: Observation
    trustworthy: Observation | None

    @classmethod
    def of(cls, observation: Observation) -> Seen:
        """One observation and nothing before it."""
        return cls(observation, observation if observation.trustworthy else None)

    def then(self, newer: Observation) -> Seen:
        """What is known after ``newer`` was made as well."""
        return Seen(newer, newer if newer.trustworthy else self.trustworthy)
