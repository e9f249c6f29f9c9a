"""Plans, push outcomes and listing records in words (text lines) and as JSON-ready data.

Every SKU is shown with what it is called (its listing's title), every change field by field
(old → new), every outcome in words, in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ocop.engine.link import LinkReport
from ocop.engine.refresh import Answer
from ocop.engine.run import Outcome
from ocop.i18n import N_, _
from ocop.plan import Action, ActionKind, MarketplacePlan, SkuOutcome, SkuVerdict
from ocop.state import JournalEntry, ListingRecord
from ocop.words import word, word_of

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
VERDICT_SYMBOLS = {SkuVerdict.PENDING_REVIEW: "*"}  # the others that need showing: "!"

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
UNWANTED = (ActionKind.DELIST, ActionKind.FORGET)


def kind_words(kind: ActionKind) -> str:
    """The action kind as a person says it (translated when the message is made)."""
    return _(KIND_WORDS[kind])


def state_words(state: str) -> str:
    """A listing record's state as a person says it."""
    return word_of("ListingState", state)


def named(sku: str, title: str | None) -> str:
    """``CHE-01 (Chè Tân Cương Hộp 100 g)``: a SKU with what it is called."""
    return f"{sku} ({title})" if title else sku


def action_line(action: Action) -> str:
    """One plan line: ``~ CHE-1 (Chè…) [12]  update price/stock: price 120.000 ₫ → 125.000 ₫``."""
    words = kind_words(action.kind)
    if action.then:
        words += " + " + ", ".join(kind_words(k) for k in action.then)
    target = f" [{action.remote_id}]" if action.remote_id else ""
    detail = "; ".join(str(c) for c in action.changes) or action.reason or ""
    tail = f": {detail}" if detail else ""
    return f"{SYMBOLS[action.kind]} {named(action.sku, action.label)}{target}  {words}{tail}"


def verdict_line(outcome: SkuOutcome, *, done: bool) -> str:
    """``! CHE-6 (Chè…)  held back: voso has no category “Chè”``."""
    symbol = VERDICT_SYMBOLS.get(outcome.verdict, "!")
    reason = f": {outcome.reason}" if outcome.reason else ""
    words = word(outcome.verdict, done=done)
    return f"{symbol} {named(outcome.sku, outcome.title)}  {words}{reason}"


def tally_words(outcomes: Iterable[SkuOutcome], *, done: bool) -> str:
    """``3 created, 40 in sync, 1 held back`` (in the verdicts' order)."""
    counts: dict[SkuVerdict, int] = {}
    for outcome in outcomes:
        counts[outcome.verdict] = counts.get(outcome.verdict, 0) + 1
    return ", ".join(f"{counts[v]} {word(v, done=done)}" for v in SkuVerdict if counts.get(v))


def _shown(outcome: SkuOutcome) -> bool:
    """Whether a SKU's verdict gets a line of its own (its action line says the rest)."""
    return outcome.verdict not in (SkuVerdict.IN_SYNC, SkuVerdict.CREATE, SkuVerdict.UPDATE)


def plan_lines(plan: MarketplacePlan) -> list[str]:
    """The plan of one marketplace: a heading, then a line per action, per SKU that waits or
    needs a person, and per note."""
    counts = tally_words(plan.outcomes, done=False) or _("nothing asked for")
    unwanted = sum(1 for a in plan.actions if a.kind is ActionKind.DELIST)
    if unwanted:
        counts += "; " + _("{n} to take off sale").format(n=unwanted)
    lines = [f"{plan.marketplace}: {counts}"]
    lines += ["  " + line for line in plan.remarks]
    lines += ["  " + action_line(a) for a in plan.actions]
    lines += ["  " + verdict_line(o, done=False) for o in plan.outcomes if _shown(o)]
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


def _outcome_data(outcome: SkuOutcome, done: bool) -> dict[str, Any]:
    return {
        "sku": outcome.sku,
        "title": outcome.title,
        "verdict": outcome.verdict.value,
        "words": word(outcome.verdict, done=done),
        "reason": outcome.reason,
    }


def plan_data(plan: MarketplacePlan) -> dict[str, Any]:
    """The plan of one marketplace as JSON-ready data."""
    return {
        "marketplace": plan.marketplace,
        "changes": plan.has_changes,
        "in_sync": plan.in_sync,
        "unchanged": plan.unchanged,
        "counts": {kind.value: plan.count(kind) for kind in ActionKind if plan.count(kind)},
        "verdicts": {v.value: n for v, n in plan.tally().items()},
        "actions": [
            {
                "action": a.kind.value,
                "then": [k.value for k in a.then],
                "sku": a.sku,
                "title": a.label,
                "product_id": a.product_id,
                "remote_id": a.remote_id,
                "changes": [
                    {"field": c.field, "words": _(c.field), "old": c.old, "new": c.new}
                    for c in a.changes
                ],
                "reason": a.reason,
            }
            for a in plan.actions
        ],
        "outcomes": [_outcome_data(o, False) for o in plan.outcomes],
        "notes": [{"sku": n.sku, "note": n.text} for n in plan.notes],
        "remarks": list(plan.remarks),
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
        "state_words": state_words(record.state),
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


def outcome_lines(
    outcome: Outcome, outcomes: Sequence[SkuOutcome], totals: tuple[int, int] | None = None
) -> list[tuple[str, bool]]:
    """What a push did on one marketplace: (line, is it bad news). ``outcomes``: each SKU's
    verdict at the end, ``totals`` the writes and uploads of every round
    (``PushResult.verdicts``, ``PushResult.totals``)."""
    if outcome.error is not None:
        return [(f"{outcome.marketplace}: {outcome.error}", True)]
    done = tally_words(outcomes, done=True) or _("nothing asked for")
    delisted = outcome.progress.done.get(ActionKind.DELIST, 0)
    if delisted:
        done += "; " + _("{n} taken off sale").format(n=delisted)
    writes, uploads = totals or (outcome.writes, outcome.uploads)
    heading = _("{marketplace}: {done}; {writes} write call(s), {uploads} image(s) uploaded")
    text = heading.format(
        marketplace=outcome.marketplace, done=done, writes=writes, uploads=uploads
    )
    lines = [(text, False)]
    if outcome.interrupted:
        text = _("{n} call(s) of an interrupted push were reconciled")
        lines.append(("  " + text.format(n=outcome.interrupted), False))
    lines += [("  " + line, False) for line in (outcome.plan.remarks if outcome.plan else ())]
    lines += [
        ("  " + verdict_line(o, done=True), o.verdict.needs_a_person) for o in outcomes if _shown(o)
    ]
    notes = [f"{n.sku}: {n.text}" for n in (outcome.plan.notes if outcome.plan else ())]
    lines += [(f"  ! {note}", False) for note in [*notes, *outcome.progress.notes]]
    lines += [
        (f"  ✗ {f.sku} {kind_words(f.kind)}: {f.message}", True)
        for f in outcome.progress.failures
        if f.kind in UNWANTED  # a wanted SKU's failure is its verdict's line
    ]
    return lines


def answer_line(marketplace: str, answer: Answer) -> tuple[str, bool]:
    """``postmart: ✓ CHE-1 (Chè…) approved: https://…`` or ``✗ … rejected: reason``."""
    who = named(answer.sku, answer.title)
    if answer.approved:
        text = _("{marketplace}: ✓ {sku} approved").format(marketplace=marketplace, sku=who)
        return (text + (f": {answer.url}" if answer.url else ""), False)
    text = _("{marketplace}: ✗ {sku} rejected: {reason}").format(
        marketplace=marketplace, sku=who, reason=answer.reason or "-"
    )
    return (text, True)


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
