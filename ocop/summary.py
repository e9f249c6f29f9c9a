"""Counts that describe a catalogue at a glance (the demo's and `ocop summary`'s output)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ocop import certification as cert_rules
from ocop import locality
from ocop.model import Catalog
from ocop.rules import resolve_commune
from ocop.selection import offers


@dataclass
class CatalogSummary:
    """How many producers, products and SKUs, and how they break down."""

    as_of: date
    producers: int = 0
    products: int = 0
    skus: int = 0
    by_producer_kind: Counter[str] = field(default_factory=Counter)
    by_group: Counter[str] = field(default_factory=Counter)
    by_stars: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    by_commune: Counter[str] = field(default_factory=Counter)
    offers_by_marketplace: Counter[str] = field(default_factory=Counter)


def summarise(catalog: Catalog, as_of: date) -> CatalogSummary:
    """Count the catalogue as of ``as_of`` (stars count only valid certificates)."""
    summary = CatalogSummary(
        as_of,
        len(catalog.producers),
        len(catalog.products),
        sum(len(p.skus) for p in catalog.products),
    )
    for each in catalog.producers:
        summary.by_producer_kind[each.kind.value] += 1
    for product in catalog.products:
        summary.by_group[product.group.value] += 1
        newest = cert_rules.latest(product)
        summary.by_status[cert_rules.status(newest, as_of).value] += 1
        stars = cert_rules.stars_as_of(product, as_of)
        summary.by_stars[f"{stars}★" if stars else "-"] += 1
        producer = catalog.producer(product.producer)
        address = product.locality or (producer.address if producer else None)
        code = resolve_commune(address) if address else None
        commune = locality.communes().get(code or "")
        summary.by_commune[commune.name if commune else "?"] += 1
    for name in catalog.marketplaces:
        summary.offers_by_marketplace[name] = len(offers(catalog, name))
    return summary
