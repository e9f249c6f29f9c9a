"""Plans, push outcomes and listing records in words (text lines) and as JSON-ready data."""

from __future__ import annotations

from typing import Any

from ocop.i18n import N_, _
from ocop.plan import Action, ActionKind, MarketplacePlan
from ocop.state import ListingRecord

SYMBOLS = {
    ActionKind.CREATE: "+",
    ActionKind.UPDATE_CONTENT: "~",
    ActionKind.UPDATE_OFFER: "~",
    ActionKind.DELIST: "-",
    ActionKind.RELIST: "^",
    ActionKind.ADOPT: "=",
    ActionKind.DROP_DUPLICATE: "-",
    ActionKind.FORGET: "x",
}

KIND_WORDS = {
    ActionKind.CREATE: N_("create"),
    ActionKind.UPDATE_CONTENT: N_("update content"),
    ActionKind.UPDATE_OFFER: N_("update price/stock"),
    ActionKind.DELIST: N_("delist"),
    ActionKind.RELIST: N_("relist"),
    ActionKind.ADOPT: N_("adopt"),
    ActionKind.DROP_DUPLICATE: N_("take duplicate off sale"),
    ActionKind.FORGET: N_("forget"),
}


def kind_words(kind: ActionKind) -> str:
    """The action kind as a person says it (translated when the message is made)."""
    return _(KIND_WORDS[kind])


def action_line(action: Action) -> str:
    """One plan line: ``~ CHE-1  update price/stock: price 120.000 ₫ → 125.000 ₫``."""
    words = kind_words(action.kind)
    if action.then:
        words += " + " + ", ".join(kind_words(k) for k in action.then)
    target = f" [{action.remote_id}]" if action.remote_id else ""
    detail = "; ".join(str(c) for c in action.changes) or action.reason or ""
    tail = f": {detail}" if detail else ""
    return f"{SYMBOLS[action.kind]} {action.sku}{target}  {words}{tail}"


def plan_lines(plan: MarketplacePlan) -> list[str]:
    """The plan of one marketplace, a heading and one line per action or note."""
    counts = ", ".join(
        f"{plan.count(kind)} {kind_words(kind)}" for kind in ActionKind if plan.count(kind)
    )
    heading = _("{marketplace}: {counts}; {unchanged} unchanged").format(
        marketplace=plan.marketplace, counts=counts or _("nothing to do"), unchanged=plan.unchanged
    )
    lines = [heading]
    lines += ["  " + action_line(a) for a in plan.actions]
    lines += [f"  ! {n.sku}  {n.text}" for n in plan.notes]
    if plan.unmatched_remote:
        lines.append(
            "  "
            + _("{count} listing(s) on the marketplace match no catalogue SKU: {skus}").format(
                count=len(plan.unmatched_remote),
                skus=", ".join(f"{r.sku} [{r.remote_id}]" for r in plan.unmatched_remote[:20]),
            )
        )
    return lines


def plan_data(plan: MarketplacePlan) -> dict[str, Any]:
    """The plan of one marketplace as JSON-ready data."""
    return {
        "marketplace": plan.marketplace,
        "changes": plan.has_changes,
        "unchanged": plan.unchanged,
        "counts": {kind.value: plan.count(kind) for kind in ActionKind if plan.count(kind)},
        "actions": [
            {
                "action": a.kind.value,
                "then": [k.value for k in a.then],
                "sku": a.sku,
                "product_id": a.product_id,
                "remote_id": a.remote_id,
                "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in a.changes],
                "reason": a.reason,
            }
            for a in plan.actions
        ],
        "notes": [{"sku": n.sku, "note": n.text} for n in plan.notes],
        "unmatched_remote": [
            {"sku": r.sku, "remote_id": r.remote_id, "url": r.url} for r in plan.unmatched_remote
        ],
    }


def record_data(record: ListingRecord) -> dict[str, Any]:
    """A listing record as JSON-ready data (what ``ocop status --format json`` prints)."""
    return {
        "marketplace": record.marketplace,
        "sku": record.sku,
        "product_id": record.product_id,
        "state": record.state,
        "remote_id": record.remote_id,
        "url": record.url,
        "price": record.price,
        "stock": record.stock,
        "stars": record.stars,
        "title": record.title,
        "pushed_at": record.pushed_at.isoformat() if record.pushed_at else None,
        "request_id": record.request_id,
        "review_reason": record.review_reason,
        "last_error": record.last_error,
    }
