"""Drift: where the catalogue, the state store and the storefronts disagree."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime

from ocop.observation import LISTED, Observation
from ocop.report.freshness import aware
from ocop.report.model import Column, DriftItem, ListingLike, Row, Table, Value
from ocop.report.tables import sum_total

DRIFT_KINDS = (
    "gone",  # claimed active, a fresh observation shows it delisted, removed or redirected
    "unverified",  # claimed active, no fresh observation confirms it (or blocked/error)
    "unclaimed_live",  # the state says not active, yet the page is live
    "price",  # live at another price than the one pushed
    "stars",  # the page shows other stars (or none) than the certificate valid on as_of
    "expired_live",  # claimed active without a valid certificate where the policy is to delist
    "unknown_product",  # claimed active for a SKU the catalogue no longer has
)


def _active_drift(
    listing: ListingLike,
    seen: Observation | None,
    fresh: bool,
    stars: int | None,
    claims_dropped: bool,
    badge: int | None,
) -> list[tuple[str, str]]:
    found = []
    if stars is None and not claims_dropped:  # the marketplace's policy is to delist
        found.append(("expired_live", "no valid certificate"))
    if seen is None or not fresh:
        return [*found, ("unverified", "stale" if seen else "never observed")]
    if seen.status not in LISTED:
        kind = "unverified" if seen.status.value in ("blocked", "error") else "gone"
        return [*found, (kind, seen.status.value)]
    if listing.price is not None and seen.price is not None and seen.price != listing.price:
        found.append(("price", f"{listing.price} → {seen.price}"))
    if seen.stars != badge:  # as `ocop verify`: the badge this marketplace can show
        found.append(("stars", f"{badge or '-'} → {seen.stars or '-'}"))
    return found


def drift_items(
    listings: Iterable[ListingLike],
    observations: Mapping[tuple[str, str], Observation],
    stars_by_sku: Mapping[str, int | None],
    fresh_after: datetime,
    claims_dropped: Collection[str] = (),
    badges: Mapping[tuple[str, str], int | None] | None = None,
) -> list[DriftItem]:
    """Every disagreement, listing by listing. ``stars_by_sku`` covers the catalogue's SKUs.

    On the ``claims_dropped`` marketplaces (``on_expired_certificate: drop_ocop_claims``) a
    product may stay listed without a valid certificate, as long as its page shows no stars.
    """
    items = []
    for listing in listings:
        seen = observations.get((listing.marketplace, listing.sku))
        fresh = seen is not None and aware(seen.observed_at) >= fresh_after
        known = listing.sku in stars_by_sku
        product = listing.product_id if known else None
        found: list[tuple[str, str]] = []
        if listing.state == "active":
            found = (
                _active_drift(
                    listing,
                    seen,
                    fresh,
                    stars_by_sku[listing.sku],
                    listing.marketplace in claims_dropped,
                    (badges or {}).get(
                        (listing.marketplace, listing.sku), stars_by_sku[listing.sku]
                    ),
                )
                if known
                else [("unknown_product", listing.product_id)]
            )
        elif seen is not None and fresh and seen.status in LISTED:
            found = [("unclaimed_live", listing.state)]
        url = (seen.url if seen else None) or listing.url
        items += [DriftItem(k, listing.marketplace, listing.sku, product, d, url) for k, d in found]
    return items


def drift_table(marketplaces: Sequence[str], items: Sequence[DriftItem]) -> Table:
    """Counts of drift items by kind (rows) and marketplace (columns)."""
    columns = [Column(name, "listings", name) for name in marketplaces]
    rows = []
    for kind in DRIFT_KINDS:
        values: dict[str, Value] = dict.fromkeys(marketplaces, 0)
        for item in items:
            if item.kind == kind and item.marketplace in values:
                values[item.marketplace] = (values[item.marketplace] or 0) + 1
        rows.append(Row(kind, values))
    return Table("drift", columns, rows, sum_total(columns, rows))
