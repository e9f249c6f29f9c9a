"""The report as plain data: every format renders exactly these numbers.

A ``Table`` is one breakdown (by star, by commune, …): rows of counts plus a totals row that is
the sum of the rows (ratio columns are recomputed from the summed counts, never summed), then
any rows shown apart from that total. Row and
column labels are not stored here: ``ocop.report.labels`` names them in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

# the report's input listings and its drift items are ocop.drift's, re-exported here
from ocop.drift import Drift as Drift
from ocop.drift import ListingLike as ListingLike

Value = int | float | None


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
    """One breakdown of the report: rows, their total, and rows shown apart after it.

    ``apart`` rows are not part of the total: products without a valid certificate after the
    OCOP products' total, listings resting on an older observation after the verdicts' total.
    """

    key: str  # "marketplace", "verification", "star", "coverage", "group", … (BREAKDOWNS)
    columns: list[Column]
    rows: list[Row]
    total: Row
    apart: list[Row] = field(default_factory=list)

    @property
    def all_rows(self) -> list[Row]:
        """The rows, the total, then the rows apart: the order every format shows them in."""
        return [*self.rows, self.total, *self.apart]


# slots: tens of thousands at national scale; not frozen (nothing changes one once made): a
# frozen dataclass sets each of its 19 fields through object.__setattr__, six times the cost
@dataclass(slots=True)
class ListingEvidence:
    """One listing counted, with the observation its verdict rests on (``ocop.verdict``).

    The listings counted are those of the catalogue's SKUs that ocop's state claims are on
    sale, and those a trustworthy observation in the window shows on sale or taken down.
    """

    marketplace: str
    product_id: str
    product_name: str
    sku: str
    state: str  # ocop's state of the listing ("active": claimed on sale)
    remote_id: str | None
    url: str | None
    verdict: str  # "on_sale", "taken_down" or "unverified"
    observed_at: datetime | None  # when the observation counted was made (else the newest)
    status: str | None  # its PageStatus value; None: never observed
    detail: str | None  # its detail: "soft 404", "HTTP 410", "captcha", …
    price: int | None
    # where it was seen: "page" (the public page) or "seller_api" (the marketplace's read-back
    # for its id where its page could not be read, ``ocop.readback``); None: never observed
    source: str | None
    reason: str | None  # why not verified: "never_observed", "blocked", "error", "too_old"
    # resting on an older observation: the newer answer left aside ("blocked" or "error"),
    # what it was ("blocked (HTTP 403)", "blocked: captcha") and when it was made
    older: str | None = None
    older_why: str | None = None
    older_at: datetime | None = None
    valid: bool = True  # its product has a certificate valid on the report's day
    province: str = ""  # the catalogue's scope, in a national report only

    @property
    def claimed(self) -> bool:
        """ocop's state says it is on sale."""
        return self.state == "active"

    @property
    def on_sale(self) -> bool:
        """A trustworthy observation in the window shows it on sale."""
        return self.verdict == "on_sale"


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
    drift: list[Drift]
    evidence: list[ListingEvidence]
    provinces: list[str] = field(default_factory=list)  # a national report's scopes, in order

    @property
    def national(self) -> bool:
        """Counted over every catalogue of a shared state (``ocop report --all-provinces``)."""
        return bool(self.provinces)

    def table(self, key: str) -> Table | None:
        """The breakdown called ``key``, if it was asked for."""
        return next((t for t in self.tables if t.key == key), None)

    def listings(self, verdict: str) -> list[ListingEvidence]:
        """The listings counted with ``verdict`` ("on_sale", "taken_down", "unverified")."""
        return list(self._by_verdict.get(str(verdict), ()))

    @cached_property
    def _by_verdict(self) -> dict[str, list[ListingEvidence]]:
        # once a report, in one pass: every format lists all three (100,000 listings)
        found: dict[str, list[ListingEvidence]] = {}
        for item in self.evidence:
            found.setdefault(item.verdict, []).append(item)
        return found
