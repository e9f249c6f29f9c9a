"""The values a plan is made of: what is wanted, the actions, field changes in words."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ocop.connector import ListingDraft, RemoteListing
from ocop.i18n import N_, _


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


@dataclass(frozen=True)
class Wanted:
    """One SKU the catalogue wants on a marketplace, with the hashes the plan compares."""

    sku: str
    product_id: str
    draft: ListingDraft
    content_hash: str
    stars: int | None

    @property
    def offer_hash(self) -> str:
        return offer_hash(self.draft.price, self.draft.stock)


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


@dataclass(frozen=True)
class Note:
    """Something the user should know that needs no action (pending review, rejection…)."""

    sku: str
    text: str


@dataclass(frozen=True)
class MarketplacePlan:
    """Everything a push would do on one marketplace, and what it leaves alone."""

    marketplace: str
    actions: tuple[Action, ...]
    unchanged: int
    notes: tuple[Note, ...] = ()
    unmatched_remote: tuple[RemoteListing, ...] = ()  # on the marketplace, not in the catalogue
    live: int = 0  # listings on sale that ocop manages (the mass-delist denominator)

    def count(self, kind: ActionKind) -> int:
        """How many actions of one kind."""
        return sum(1 for a in self.actions if a.kind is kind)

    @property
    def has_changes(self) -> bool:
        return bool(self.actions)


def offer_hash(price: int, stock: int) -> str:
    """The hash of the offer part of a listing."""
    return f"{price}:{stock}"


def content_hash(draft: ListingDraft, image_hashes: Sequence[str]) -> str:
    """The hash of everything but price and stock, images by their bytes, not their paths."""
    parts = (*draft.content()[:7], tuple(image_hashes), *draft.content()[8:])
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def money(value: int | None) -> str:
    """An amount of đồng as the interface language writes it (``ocop.display.money``)."""
    from ocop.display import money as written

    return written(value)


FIELD_PRICE = N_("price")
FIELD_STOCK = N_("stock")
FIELD_TITLE = N_("title")
FIELD_CATEGORY = N_("category")
FIELD_LIST_PRICE = N_("list price")
FIELD_STARS = N_("OCOP stars")
FIELD_CONTENT = N_("content")
