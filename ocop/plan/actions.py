"""The values a plan is made of: what is wanted, the actions, each SKU's outcome, the policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from ocop.connector import Capabilities, ListingDraft, RemoteListing
from ocop.i18n import _
from ocop.plan.hashing import is_current, offer_hash


class ActionKind(StrEnum):
    """What the engine does for one SKU on one marketplace."""

    CREATE = "create"
    UPDATE_CONTENT = "update_content"  # title, description, images… (may go to review)
    UPDATE_OFFER = "update_offer"  # price and/or stock only (batched where possible)
    DELIST = "delist"
    RELIST = "relist"
    ADOPT = "adopt"  # bind an existing remote listing to the SKU (then bring it up to date)
    DROP_DUPLICATE = "drop_duplicate"  # take a second listing of the same SKU off sale
    FORGET = "forget"  # the state remembers a listing that no longer matters


class SkuVerdict(StrEnum):
    """Where one SKU the catalogue asks for ends a plan or a push: exactly one of these.

    A plan says what a push would do (``create``: to be created); a push what it did
    (``create``: created, or sent for review when the marketplace reviews creates). Not to be
    confused with ``ocop.verdict.Verdict``, what verify finds a listing is. Its words, as a plan
    and as a push says them, are in ``ocop.words``."""

    IN_SYNC = "in_sync"
    CREATE = "create"
    UPDATE = "update"
    PENDING_REVIEW = "pending_review"  # the marketplace's moderators have not answered yet
    REJECTED = "rejected"  # they refused it; sent again only once the catalogue is edited
    HELD_BACK = "held_back"  # not sent: the catalogue (or the marketplace's list) must change
    FAILED = "failed"  # sent, or tried, and it did not work

    @property
    def needs_a_person(self) -> bool:
        """Whether only an edit (of the catalogue, or on the marketplace) can settle it."""
        return self in (SkuVerdict.REJECTED, SkuVerdict.HELD_BACK, SkuVerdict.FAILED)


@dataclass(frozen=True)
class Wanted:
    """One SKU the catalogue wants on a marketplace, with the hashes the plan compares."""

    sku: str
    product_id: str
    draft: ListingDraft
    content_hash: str
    stars: int | None
    # the same content as ocop ≤ 0.2 hashed it: its category then was what the catalogue
    # wrote (an id, or for Shopee a name), which may be the resolved id or not
    legacy_hashes: tuple[str, ...] = ()
    category_name: str | None = None  # the draft's category as the marketplace names it

    @property
    def offer_hash(self) -> str:
        return offer_hash(self.draft.price, self.draft.stock)

    def same_content(self, stored: str | None) -> bool:
        """Whether ``stored`` (a state's content hash, of any version) is this content."""
        if stored is None:
            return False
        if is_current(stored):
            return stored == self.content_hash
        return stored in self.legacy_hashes


@dataclass(frozen=True)
class Change:
    """One field-level difference, already in words."""

    field: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{_(self.field)} {self.old} → {self.new}"


@dataclass(frozen=True)
class Action:
    """One step of a plan."""

    kind: ActionKind
    marketplace: str
    sku: str
    product_id: str | None
    remote_id: str | None = None
    wanted: Wanted | None = None
    changes: tuple[Change, ...] = ()
    reason: str | None = None  # why a delist / forget, in words
    # a step that comes with this one in the same push (adopt → update, relist → offer)
    then: tuple[ActionKind, ...] = ()
    listing: RemoteListing | None = None  # the remote listing an adopt binds (already read)
    title: str | None = None  # the listing's title, for people (the draft's, else as pushed)

    @property
    def label(self) -> str:
        """What the SKU is called: the draft's title, else the one last pushed."""
        return self.wanted.draft.title if self.wanted else (self.title or "")


@dataclass(frozen=True)
class Note:
    """Something the user should know about one SKU that needs no action of its own."""

    sku: str
    text: str


@dataclass(frozen=True)
class SkuOutcome:
    """One SKU's verdict, why (for all but in sync, create and update), and its title."""

    sku: str
    verdict: SkuVerdict
    reason: str | None = None
    title: str = ""


@dataclass(frozen=True)
class Policy:
    """What the marketplace's capabilities and the operator decide for every SKU.

    ``review_horizon``: how long a create whose answer was lost may still turn up (under
    review, or not yet in the shop's listing); before it passes the create is not sent again
    on a marketplace that would take a second listing of the same SKU. ``recreate``: SKUs the
    operator wants created again now all the same.
    """

    moderated_create: bool = False
    moderated_update: bool = False
    unique_sku: bool = True
    max_price_change: float | None = None
    review_horizon: timedelta = timedelta(0)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    recreate: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        capabilities: Capabilities,
        *,
        horizon_hours: float | None = None,
        now: datetime | None = None,
        recreate: frozenset[str] = frozenset(),
    ) -> Policy:
        """The policy of a marketplace (its capabilities), the catalogue's horizon if set."""
        hours = capabilities.review_horizon_hours if horizon_hours is None else horizon_hours
        return cls(
            moderated_create=capabilities.moderated_create,
            moderated_update=capabilities.moderated_update,
            unique_sku=capabilities.unique_sku,
            max_price_change=capabilities.max_price_change,
            review_horizon=timedelta(hours=hours),
            now=now or datetime.now(UTC),
            recreate=recreate,
        )

    @property
    def lost_creates_wait(self) -> bool:
        """Whether a lost create must wait its horizon (a duplicate could otherwise appear)."""
        return self.moderated_create or not self.unique_sku


@dataclass(frozen=True)
class MarketplacePlan:
    """Everything a push would do on one marketplace, each SKU's outcome, and what it leaves."""

    marketplace: str
    actions: tuple[Action, ...]
    unchanged: int
    notes: tuple[Note, ...] = ()
    unmatched_remote: tuple[RemoteListing, ...] = ()  # on the marketplace, not in the catalogue
    live: int = 0  # listings on sale that ocop manages (the mass-delist denominator)
    outcomes: tuple[SkuOutcome, ...] = ()  # one per SKU the catalogue asks for
    rehash: tuple[tuple[str, str], ...] = ()  # (sku, hash): a state's old hashes, re-written
    remarks: tuple[str, ...] = ()  # about the marketplace as a whole (its list from the cache)

    def count(self, kind: ActionKind) -> int:
        """How many actions of one kind."""
        return sum(1 for a in self.actions if a.kind is kind)

    def tally(self) -> dict[SkuVerdict, int]:
        """How many SKUs end in each verdict (verdicts with none left out)."""
        counts: dict[SkuVerdict, int] = {}
        for outcome in self.outcomes:
            counts[outcome.verdict] = counts.get(outcome.verdict, 0) + 1
        return {v: counts[v] for v in SkuVerdict if v in counts}

    @property
    def has_changes(self) -> bool:
        return bool(self.actions)

    @property
    def in_sync(self) -> bool:
        """Nothing to send and every SKU asked for is in sync."""
        return not self.actions and all(o.verdict is SkuVerdict.IN_SYNC for o in self.outcomes)

    @property
    def needs_a_person(self) -> bool:
        """Some SKU is held back, rejected or failed."""
        return any(o.verdict.needs_a_person for o in self.outcomes)
