"""Plans, push outcomes and listing records in words (text lines) and as JSON-ready data."""

from __future__ import annotations

from typing import Any

from ocop.engine.link import LinkReport
from ocop.engine.run import Outcome
from ocop.i18n import N_, _
from ocop.plan import Action, ActionKind, MarketplacePlan
from ocop.state import JournalEntry, ListingRecord

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


def outcome_lines(outcome: Outcome) -> list[tuple[str, bool]]:
    """What a push did on one marketplace: (line, is it a failure)."""
    if outcome.error is not None:
        return [(f"{outcome.marketplace}: {outcome.error}", True)]
    done = ", ".join(f"{n} {kind_words(k)}" for k, n in outcome.progress.done.items())
    lines = [
        (
            _("{marketplace}: {done}; {writes} write call(s), {uploads} image(s) uploaded").format(
                marketplace=outcome.marketplace,
                done=done or _("nothing to do"),
                writes=outcome.writes,
                uploads=outcome.uploads,
            ),
            False,
        )
    ]
    if outcome.interrupted:
        text = _("{n} call(s) of an interrupted push were reconciled")
        lines.append(("  " + text.format(n=outcome.interrupted), False))
    notes = [f"{n.sku}: {n.text}" for n in (outcome.plan.notes if outcome.plan else ())]
    lines += [(f"  ! {note}", False) for note in [*notes, *outcome.progress.notes]]
    lines += [
        (f"  ✗ {f.sku} {kind_words(f.kind)}: {f.message}", True) for f in outcome.progress.failures
    ]
    return lines


def link_lines(report: LinkReport) -> list[str]:
    """What ``ocop link`` matched on one marketplace, and what matched nothing."""
    lines = [
        _("{marketplace}: {bound} bound, {already} already bound").format(
            marketplace=report.marketplace, bound=len(report.bound), already=report.already
        )
    ]
    lines += [f"  = {sku} → {remote_id}" for sku, remote_id in report.bound]
    lines += [
        "  ! " + _("{sku} has {n} listings: {ids}").format(sku=sku, n=len(ids), ids=", ".join(ids))
        for sku, ids in report.duplicates.items()
    ]
    if report.catalogue_only:
        text = _("in the catalogue only (push creates them): {skus}")
        lines.append("  " + text.format(skus=", ".join(report.catalogue_only)))
    if report.remote_only:
        text = _("on the marketplace only (left alone): {items}")
        items = ", ".join(f"{r.sku} [{r.remote_id}]" for r in report.remote_only)
        lines.append("  " + text.format(items=items))
    return lines


def journal_data(entry: JournalEntry) -> dict[str, Any]:
    """One journal entry as JSON-ready data."""
    return {
        "run_id": entry.run_id,
        "marketplace": entry.marketplace,
        "operation": entry.operation,
        "sku": entry.sku,
        "remote_id": entry.remote_id,
        "started_at": entry.started_at.isoformat(),
        "finished_at": entry.finished_at.isoformat() if entry.finished_at else None,
        "outcome": entry.outcome,
        "detail": entry.detail,
    }


def journal_line(entry: JournalEntry) -> str:
    """``2026-07-01 08:00:02 3f2a… voso create TN-CHE-01 1234: ok``."""
    started = entry.started_at.strftime("%Y-%m-%d %H:%M:%S")
    outcome = entry.outcome or _("no outcome (interrupted)")
    target = " ".join(x for x in (entry.sku, entry.remote_id) if x)
    return f"{started} {entry.run_id} {entry.marketplace} {entry.operation} {target}: {outcome}"
