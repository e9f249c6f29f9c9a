"""What a push would do: a pure function of (wanted listings, state, remote listings).

Nothing here talks to a marketplace or writes the state: ``plan_marketplace`` takes what the
catalogue wants (``Wanted``), what ocop remembers (``ListingRecord``), what the marketplace
shows (``RemoteListing``) and the answers of open moderation requests, and returns frozen
``Action`` values the engine executes (vdirsyncer's shape; Terraform's plan/apply split).

Content and offer (price, stock) are compared apart: content by the hash of what was last
pushed (a marketplace's own rewriting of a title must not cause a perpetual diff), the offer
against the marketplace's live numbers (a price changed by hand on the marketplace is drift).
"""

from ocop.plan.actions import (
    Action,
    ActionKind,
    Change,
    MarketplacePlan,
    Note,
    Wanted,
    content_hash,
    money,
    offer_hash,
)
from ocop.plan.rules import plan_marketplace

__all__ = [
    "Action",
    "ActionKind",
    "Change",
    "MarketplacePlan",
    "Note",
    "Wanted",
    "content_hash",
    "money",
    "offer_hash",
    "plan_marketplace",
]
