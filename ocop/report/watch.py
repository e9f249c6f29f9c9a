"""The expiry watch-list: certificates ending soon, with the listings that would have to pause."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ocop import certification as cert_rules
from ocop.model import Catalog
from ocop.report.model import ListingEvidence, WatchItem

WATCH_WINDOWS = (30, 90)


def watchlist(
    catalog: Catalog, as_of: date, evidence: Sequence[ListingEvidence]
) -> list[WatchItem]:
    """Products whose current certificate ends within 90 days of ``as_of``, soonest first.

    A product already re-recognised is not listed: its newest valid decision is the one judged.
    """
    live: dict[str, list[ListingEvidence]] = {}
    for item in evidence:
        if item.on_sale:
            live.setdefault(item.product_id, []).append(item)
    items = []
    for product in catalog.products:
        cert = cert_rules.current(product, as_of)
        if cert is None:
            continue
        last = cert_rules.valid_until(cert)
        days_left = (last - as_of).days
        window = next((w for w in WATCH_WINDOWS if days_left < w), None)
        if window is None:
            continue
        producer = catalog.producer(product.producer)
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
