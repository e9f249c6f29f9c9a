"""What a push would do: a pure function of (wanted listings, state, remote listings).

Nothing here talks to a marketplace or writes the state: ``plan_marketplace`` takes what the
catalogue wants (``Wanted``), what ocop remembers (``ListingRecord``), what the marketplace
shows (``RemoteListing``) and the answers of open moderation requests, and returns frozen
``Action`` values the engine executes (vdirsyncer's shape; Terraform's plan/apply split), and
for every SKU the catalogue asks for one ``SkuVerdict``: in sync, create, update, pending review,
rejected, held back or failed, with the reason.

Every decision is made here, once (``decide``): which listing of a SKU wins, which follow-ups
an existing listing needs, how long a create whose answer was lost waits before it is sent
again (``Policy``); the engine asks ``decide`` again when it learns something mid-push.

Content and offer (price, stock) are compared apart: content by the hash of what was last
pushed (``hashing``: named fields, versioned; a marketplace's own rewriting of a title must
not cause a perpetual diff), the offer against the marketplace's live numbers (a price
changed by hand on the marketplace is drift).
"""

from ocop.plan.actions import (
    Action,
    ActionKind,
    Change,
    MarketplacePlan,
    Note,
    Policy,
    SkuOutcome,
    SkuVerdict,
    Wanted,
)
from ocop.plan.changes import money
from ocop.plan.decide import Context, Decision, decide, listing_order, pick
from ocop.plan.hashing import content_hash, legacy_content_hash, offer_hash
from ocop.plan.rules import plan_marketplace

__all__ = [
    "Action",
    "ActionKind",
    "Change",
    "Context",
    "Decision",
    "MarketplacePlan",
    "Note",
    "Policy",
    "SkuOutcome",
    "SkuVerdict",
    "Wanted",
    "content_hash",
    "decide",
    "legacy_content_hash",
    "listing_order",
    "money",
    "offer_hash",
    "pick",
    "plan_marketplace",
]
