"""The expiry watch-list: certificates ending soon, with the listings that would have to pause."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ocop import certification as cert_rules
from ocop.model import Catalog, Certification
from ocop.report.model import ListingEvidence, WatchItem

WATCH_WINDOWS = (30, 90)


def watchlist(
    catalog: Catalog,
    as_of: date,
    evidence: Sequence[ListingEvidence],
    certificates: Mapping[str, Certification | None] | None = None,
) -> list[WatchItem]:
    """Products whose current certificate ends within 90 days of ``as_of``, soonest first.

    A product already re-recognised is not listed: its newest valid decision is the one judged.
    ``certificates`` (product id → that decision, or None) saves finding it again.
    """
    live: dict[str, list[ListingEvidence]] = {}
    for item in evidence:
        if item.on_sale:
            live.setdefault(item.product_id, []).append(item)
    items = []
    producers = {p.id: p for p in catalog.producers}
    for product in catalog.products:
        if certificates is None:
            cert = cert_rules.current(product, as_of)
        else:
            cert = certificates[product.id]
        if cert is None:
            continue
        last = cert_rules.valid_until(cert)
        days_left = (last - as_of).days
        window = next((w for w in WATCH_WINDOWS if days_left < w), None)
        if window is None:
            continue
        producer = producers.get(product.producer)
        items.append(
            WatchItem(
                product_id=product.id,
                product_name=product.name,
                producer=producer.name if producer else product.producer,
                stars=cert.stars,
                decision=cert.decision,
                valid_until=last,
                days_left=days_left,
                window=window,
                live_listings=live.get(product.id, []),
            )
        )
    return sorted(items, key=lambda w: (w.days_left, w.product_id))
