"""The report as plain data: every format renders exactly these numbers.

A ``Table`` is one breakdown (by star, by commune, …): rows of counts plus a totals row that is
the sum of the rows (ratio columns are recomputed from the summed counts, never summed). Row and
column labels are not stored here: ``ocop.report.labels`` names them in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

Value = int | float | None


class ListingLike(Protocol):
    """What the report reads of a state-store listing (``ocop.state.ListingRecord``)."""

    @property
    def marketplace(self) -> str: ...
    @property
    def sku(self) -> str: ...
    @property
    def product_id(self) -> str: ...
    @property
    def remote_id(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def state(self) -> str: ...
    @property
    def price(self) -> int | None: ...


@dataclass(frozen=True)
class Column:
    """One column of a table: a measure, optionally on one marketplace.

    ``marketplace`` is a marketplace name, ``"any"`` for "on at least one marketplace", or
    None for catalogue-only measures. A ratio column is ``numerator`` ÷ ``denominator`` (keys of
    other columns of the same table).
    """

    key: str
    measure: str
    marketplace: str | None = None
    numerator: str | None = None
    denominator: str | None = None

    @property
    def is_ratio(self) -> bool:
        """Ratio columns are not summed into totals."""
        return self.numerator is not None


@dataclass(frozen=True)
class Row:
    """One row: ``key`` identifies it; ``name`` is a proper noun (commune, district) if any."""

    key: str
    values: dict[str, Value]
    name: str | None = None


@dataclass(frozen=True)
class Table:
    """One breakdown of the report."""

    key: str  # "star", "group", "commune", "district", "kind", "marketplace", "coverage", "drift"
    columns: list[Column]
    rows: list[Row]
    total: Row


@dataclass(frozen=True, slots=True)  # slots: tens of thousands at national scale
class ListingEvidence:
    """One listing the state store claims is active, with what a spider last saw of it."""

    marketplace: str
    product_id: str
    product_name: str
    sku: str
    state: str
    remote_id: str | None
    url: str | None
    observed_at: datetime | None
    status: str | None  # the observation's PageStatus value; None: never observed
    price: int | None
    verified: bool
    reason: str | None  # why not verified: "never observed", "stale", "blocked", …
    province: str = ""  # the catalogue's scope, in a national report only
    # where it was seen: "page" (the public page) or "seller_api" (the marketplace's read-back
    # where its page could not be read, ``ocop.readback``); None: never observed
    source: str | None = None


@dataclass(frozen=True)
class WatchItem:
    """A certificate ending within the watch window, and where its product is live."""

    product_id: str
    product_name: str
    producer: str
    stars: int
    decision: str | None
    valid_until: date
    days_left: int
    window: int  # 30 or 90: the smallest watch window the certificate falls in
    live_listings: list[ListingEvidence] = field(default_factory=list)
    province: str = ""  # the catalogue's scope, in a national report only


@dataclass(frozen=True, slots=True)
class DriftItem:
    """One disagreement between the catalogue, the state store and the storefront."""

    kind: str
    marketplace: str
    sku: str
    product_id: str | None
    detail: str
    url: str | None = None
    province: str = ""  # the catalogue's scope, in a national report only


@dataclass(frozen=True)
class Report:
    """Everything ``ocop report`` shows, in every format."""

    province: str
    as_of: date
    reference_time: datetime  # observations older than this minus fresh_days are stale
    fresh_days: int
    marketplaces: list[str]
    tables: list[Table]
    watchlist: list[WatchItem]
    drift: list[DriftItem]
    evidence: list[ListingEvidence]
    provinces: list[str] = field(default_factory=list)  # a national report's scopes, in order

    @property
    def national(self) -> bool:
        """Counted over every catalogue of a shared state (``ocop report --all-provinces``)."""
        return bool(self.provinces)

    def table(self, key: str) -> Table | None:
        """The breakdown called ``key``, if it was asked for."""
        return next((t for t in self.tables if t.key == key), None)

    @property
    def verified(self) -> list[ListingEvidence]:
        """Active listings a fresh observation shows live."""
        return [e for e in self.evidence if e.verified]

    @property
    def unverified(self) -> list[ListingEvidence]:
        """Listings claimed active that no fresh observation confirms."""
        return [e for e in self.evidence if not e.verified]
