"""Table shapes shared by the breakdowns: columns, totals, and the per-marketplace tables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ocop.observation import PageStatus
from ocop.report.model import Column, ListingEvidence, Row, Table, Value, WatchItem
from ocop.verdict import Verdict

if TYPE_CHECKING:
    from ocop.report.compute import ProductFacts

ANY = "any"  # the pseudo-marketplace "on at least one marketplace"


def count_columns(marketplaces: Sequence[str]) -> list[Column]:
    """Columns of the dimension tables (star, group, commune, district, kind, province)."""
    columns = [Column("products", "products"), Column("skus", "skus")]
    for name in marketplaces:
        for measure in ("on_sale", "skus_on_sale"):
            columns.append(Column(f"{name}.{measure}", measure, name))
    columns.append(Column(f"{ANY}.on_sale", "on_sale", ANY))
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


MARKETPLACE_MEASURES = (
    "skus_claimed",  # ocop's state says active: shown apart, never added to the others
    "skus_on_sale",
    "skus_out_of_stock",  # of which out of stock
    "skus_taken_down",
    "skus_unverified",
    "skus_older",  # resting on an older observation: the newest answer was blocked or an error
    "products_on_sale",  # OCOP products (valid certificate) with a SKU on sale
    "products_expired_on_sale",  # products without a valid certificate, still on sale
)


def marketplace_table(marketplaces: Sequence[str], evidence: Sequence[ListingEvidence]) -> Table:
    """Per marketplace: listings claimed, on sale, taken down, not verified; products on sale."""
    columns = [Column(key, key) for key in MARKETPLACE_MEASURES]
    mine: dict[str, list[ListingEvidence]] = {name: [] for name in marketplaces}
    for item in evidence:  # one pass, not one a marketplace
        if item.marketplace in mine:
            mine[item.marketplace].append(item)
    rows = [Row(name, _marketplace_values(mine[name]), name) for name in marketplaces]
    return Table("marketplace", columns, rows, sum_total(columns, rows))


def _marketplace_values(mine: Sequence[ListingEvidence]) -> dict[str, Value]:
    on_sale_, out_of_stock = str(Verdict.ON_SALE), str(PageStatus.OUT_OF_STOCK)  # once
    on_sale = [e for e in mine if e.verdict == on_sale_]
    products = {(e.province, e.product_id, e.valid) for e in on_sale}  # ids repeat by province
    verdicts = Counter(e.verdict for e in mine)
    return {
        "skus_claimed": sum(e.state == "active" for e in mine),  # ListingEvidence.claimed
        "skus_on_sale": len(on_sale),
        "skus_out_of_stock": sum(e.status == out_of_stock for e in on_sale),
        "skus_taken_down": verdicts[Verdict.TAKEN_DOWN],
        "skus_unverified": verdicts[Verdict.UNVERIFIED],
        "skus_older": sum(e.older is not None for e in mine),
        "products_on_sale": sum(valid for _p, _id, valid in products),
        "products_expired_on_sale": sum(not valid for _p, _id, valid in products),
    }


VERIFICATION_ROWS = (
    "on_sale/live",
    "on_sale/out_of_stock",
    "taken_down/removed",
    "taken_down/delisted",
    "taken_down/banned",
    "taken_down/redirected",
    "unverified/never_observed",
    "unverified/blocked",
    "unverified/error",
    "unverified/too_old",
)
OLDER_ROWS = ("older/blocked", "older/error")


def verification_table(marketplaces: Sequence[str], evidence: Sequence[ListingEvidence]) -> Table:
    """Every listing counted, by verdict and what showed it (rows) and marketplace (columns);
    apart, the listings resting on an older observation, by why the newer one did not count."""
    columns = [Column(name, "listings", name) for name in marketplaces]
    counts: dict[str, dict[str, Value]] = {
        key: dict.fromkeys(marketplaces, 0) for key in (*VERIFICATION_ROWS, *OLDER_ROWS)
    }
    for item in evidence:
        why = item.reason if item.verdict == Verdict.UNVERIFIED else item.status
        row = counts.get(f"{item.verdict}/{why}")
        if row is not None and item.marketplace in row:
            row[item.marketplace] = (row[item.marketplace] or 0) + 1
        older = counts.get(f"older/{item.older}") if item.older else None
        if older is not None and item.marketplace in older:
            older[item.marketplace] = (older[item.marketplace] or 0) + 1
    rows = [Row(key, counts[key]) for key in VERIFICATION_ROWS]
    apart = [Row(key, counts[key]) for key in OLDER_ROWS]
    return Table("verification", columns, rows, sum_total(columns, rows), apart)


def coverage_columns(marketplaces: Sequence[str]) -> list[Column]:
    """OCOP products, then per marketplace claimed, on sale and the two coverage ratios."""
    columns = [Column("valid", "valid")]
    for name in [*marketplaces, ANY]:
        claimed, on_sale = f"{name}.claimed", f"{name}.on_sale"
        columns += [
            Column(claimed, "claimed", name),
            Column(on_sale, "on_sale", name),
            Column(f"{name}.claimed_coverage", "claimed_coverage", name, claimed, "valid"),
            Column(f"{name}.coverage", "coverage", name, on_sale, "valid"),
        ]
    return columns


def coverage_table(facts: Sequence[ProductFacts], marketplaces: Sequence[str]) -> Table:
    """On sale (verified) ÷ OCOP products per star and marketplace (the "every 3★ product
    online" target), beside what ocop's state claims."""
    columns = coverage_columns(marketplaces)
    rows = []
    for stars in (3, 4, 5):
        mine = [f for f in facts if f.stars == stars]
        values: dict[str, Value] = {"valid": len(mine)}
        for name in marketplaces:
            values[f"{name}.claimed"] = sum(1 for f in mine if f.claimed.get(name))
            values[f"{name}.on_sale"] = sum(1 for f in mine if f.on_sale.get(name))
        values[f"{ANY}.claimed"] = sum(
            1 for f in mine if any(f.claimed.get(n) for n in marketplaces)
        )
        values[f"{ANY}.on_sale"] = sum(
            1 for f in mine if any(f.on_sale.get(n) for n in marketplaces)
        )
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
