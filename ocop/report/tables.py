"""Table shapes shared by the breakdowns: columns, totals, and the per-marketplace tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ocop.report.model import Column, ListingEvidence, Row, Table, Value, WatchItem

if TYPE_CHECKING:
    from ocop.report.compute import ProductFacts

ANY = "any"  # the pseudo-marketplace "on at least one marketplace"


def count_columns(marketplaces: Sequence[str]) -> list[Column]:
    """Columns of the dimension tables (star, group, commune, district, kind)."""
    columns = [
        Column("products", "products"),
        Column("valid", "valid"),
        Column("skus_valid", "skus_valid"),
    ]
    for name in marketplaces:
        for measure in ("listed", "live", "skus_listed", "skus_live"):
            columns.append(Column(f"{name}.{measure}", measure, name))
    columns += [Column(f"{ANY}.listed", "listed", ANY), Column(f"{ANY}.live", "live", ANY)]
    return columns


def with_ratios(columns: Sequence[Column], values: dict[str, Value]) -> dict[str, Value]:
    """``values`` with every ratio column filled from its numerator and denominator."""
    for column in columns:
        if column.numerator and column.denominator:
            top, bottom = values.get(column.numerator), values.get(column.denominator)
            values[column.key] = (top or 0) / bottom if bottom else None
    return values


def sum_total(columns: Sequence[Column], rows: Iterable[Row]) -> Row:
    """The totals row: counts summed, ratios recomputed from the summed counts."""
    totals: dict[str, Value] = {c.key: 0 for c in columns if not c.is_ratio}
    for row in rows:
        for key in totals:
            totals[key] = (totals[key] or 0) + (row.values.get(key) or 0)
    return Row("total", with_ratios(columns, totals))


def marketplace_table(marketplaces: Sequence[str], evidence: Sequence[ListingEvidence]) -> Table:
    """Per marketplace: products and SKUs listed, verified live, and claimed but unverified."""
    columns = [
        Column(key, key)
        for key in (
            "products_listed",
            "products_live",
            "products_unverified",
            "skus_listed",
            "skus_live",
            "skus_unverified",
        )
    ]
    rows = []
    for name in marketplaces:
        mine = [e for e in evidence if e.marketplace == name]
        listed = {(e.province, e.product_id) for e in mine}  # ids repeat across provinces
        live = {(e.province, e.product_id) for e in mine if e.verified}
        skus_live = sum(e.verified for e in mine)
        values: dict[str, Value] = {
            "products_listed": len(listed),
            "products_live": len(live),
            "products_unverified": len(listed - live),
            "skus_listed": len(mine),
            "skus_live": skus_live,
            "skus_unverified": len(mine) - skus_live,
        }
        rows.append(Row(name, values, name))
    return Table("marketplace", columns, rows, sum_total(columns, rows))


def coverage_columns(marketplaces: Sequence[str]) -> list[Column]:
    """Valid products, then per marketplace listed, live and the two coverage ratios."""
    columns = [Column("valid", "valid")]
    for name in [*marketplaces, ANY]:
        listed, live = f"{name}.listed", f"{name}.live"
        columns += [
            Column(listed, "listed", name),
            Column(live, "live", name),
            Column(f"{name}.coverage", "coverage", name, listed, "valid"),
            Column(f"{name}.live_coverage", "live_coverage", name, live, "valid"),
        ]
    return columns


def coverage_table(facts: Sequence[ProductFacts], marketplaces: Sequence[str]) -> Table:
    """Listed ÷ validly certified per star and marketplace (the "every 3★ online" KPI)."""
    columns = coverage_columns(marketplaces)
    rows = []
    for stars in (3, 4, 5):
        mine = [f for f in facts if f.stars == stars]
        values: dict[str, Value] = {"valid": len(mine)}
        for name in marketplaces:
            values[f"{name}.listed"] = sum(1 for f in mine if f.listed.get(name))
            values[f"{name}.live"] = sum(1 for f in mine if f.live.get(name))
        values[f"{ANY}.listed"] = sum(1 for f in mine if any(f.listed.values()))
        values[f"{ANY}.live"] = sum(1 for f in mine if any(f.live.values()))
        rows.append(Row(str(stars), with_ratios(columns, values)))
    return Table("coverage", columns, rows, sum_total(columns, rows))


def expiring_table(watchlist: Sequence[WatchItem]) -> Table:
    """Certificates ending within 30 and within 31–90 days, and how many are live somewhere."""
    columns = [Column(k, k) for k in ("certificates", "with_live_listing", "live_listings")]
    rows = []
    for window in (30, 90):
        mine = [w for w in watchlist if w.window == window]
        values: dict[str, Value] = {
            "certificates": len(mine),
            "with_live_listing": sum(1 for w in mine if w.live_listings),
            "live_listings": sum(len(w.live_listings) for w in mine),
        }
        rows.append(Row(str(window), values))
    return Table("expiring", columns, rows, sum_total(columns, rows))
