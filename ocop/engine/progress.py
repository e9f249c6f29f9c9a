"""What one marketplace's push did, filled in by concurrent workers, and each SKU's verdict."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from ocop.i18n import _
from ocop.plan import ActionKind, MarketplacePlan, SkuOutcome, SkuVerdict, Wanted

# when a SKU's steps end differently, the worst is its verdict
SEVERITY = {
    SkuVerdict.IN_SYNC: 0,
    SkuVerdict.UPDATE: 1,
    SkuVerdict.CREATE: 2,
    SkuVerdict.PENDING_REVIEW: 3,
    SkuVerdict.HELD_BACK: 4,
    SkuVerdict.REJECTED: 5,
    SkuVerdict.FAILED: 6,
}


@dataclass
class Failure:
    """One action that did not complete."""

    sku: str
    kind: ActionKind
    message: str


@dataclass
class Progress:
    """What one marketplace's push did so far."""

    done: dict[ActionKind, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    offers: list[tuple[Wanted, str]] = field(default_factory=list)  # (wanted, remote id)
    verdicts: dict[str, tuple[SkuVerdict, str | None]] = field(default_factory=dict)
    unsent: set[str] = field(default_factory=set)  # SKUs whose offer is queued, not sent yet
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, kind: ActionKind) -> None:
        with self._lock:
            self.done[kind] = self.done.get(kind, 0) + 1

    def settle(self, sku: str, verdict: SkuVerdict, reason: str | None = None) -> None:
        """Record how a step for ``sku`` ended (the worst of its steps is kept)."""
        with self._lock:
            known = self.verdicts.get(sku)
            if known is None or SEVERITY[verdict] >= SEVERITY[known[0]]:
                self.verdicts[sku] = (verdict, reason)

    def fail(self, sku: str, kind: ActionKind, message: str) -> None:
        with self._lock:
            self.failures.append(Failure(sku, kind, message))
        self.settle(sku, SkuVerdict.FAILED, message)

    def note(self, text: str) -> None:
        with self._lock:
            self.notes.append(text)

    def queue_offer(self, wanted: Wanted, remote_id: str) -> None:
        with self._lock:
            self.offers.append((wanted, remote_id))
            self.unsent.add(wanted.sku)

    def offer_sent(self, sku: str) -> None:
        with self._lock:
            self.unsent.discard(sku)

    def outcomes(self, plan: MarketplacePlan, stopped: bool) -> Iterator[SkuOutcome]:
        """Each SKU the catalogue asks for, as the push left it: what the steps recorded,
        else the plan's verdict for SKUs with nothing to send."""
        acted = {a.sku for a in plan.actions}
        for planned in plan.outcomes:
            found = self.verdicts.get(planned.sku)
            if planned.sku in self.unsent:
                found = (
                    SkuVerdict.FAILED,
                    _("its price and stock were not sent: the push stopped"),
                )
            elif found is None and planned.sku in acted:
                why = _("not sent: the push stopped") if stopped else _("not sent")
                found = (SkuVerdict.FAILED, why)
            # an offer sent while the content waits for (or failed) review keeps the plan's
            # verdict: the SKU is not in sync until the moderators have answered
            waits = planned.verdict in (SkuVerdict.PENDING_REVIEW, SkuVerdict.REJECTED)
            if found is None or (waits and SEVERITY[planned.verdict] > SEVERITY[found[0]]):
                yield planned
            else:
                yield SkuOutcome(planned.sku, found[0], found[1], planned.title)
