"""The drift summary: drift items (``ocop.drift``, the computation ``ocop verify`` shares)
counted by kind (rows) and marketplace (columns)."""

from __future__ import annotations

from collections.abc import Sequence

from ocop.drift import Drift, DriftKind
from ocop.report.model import Column, Row, Table, Value
from ocop.report.tables import sum_total

DRIFT_KINDS = tuple(kind.value for kind in DriftKind)


def drift_table(marketplaces: Sequence[str], items: Sequence[Drift]) -> Table:
    """Counts of drift items by kind (rows) and marketplace (columns)."""
    columns = [Column(name, "listings", name) for name in marketplaces]
    counts: dict[str, dict[str, Value]] = {
        kind: dict.fromkeys(marketplaces, 0) for kind in DRIFT_KINDS
    }
    for item in items:
        row = counts[item.kind.value]
        if item.marketplace in row:
            row[item.marketplace] = (row[item.marketplace] or 0) + 1
    rows = [Row(kind, counts[kind]) for kind in DRIFT_KINDS]
    return Table("drift", columns, rows, sum_total(columns, rows))
