"""Adopting listings a cooperative made by hand: match them to catalogue SKUs and bind them.

Binding writes only the state (nothing is sent); the content hash is left empty so the next
push brings each adopted listing to the catalogue's content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ocop.categories import CategoryTree
from ocop.connector import Connector, ListingStatus, RemoteListing
from ocop.engine.wanted import ImageHashes, wanted_for
from ocop.model import Catalog
from ocop.plan import pick
from ocop.state import ListingRecord, ListingState, StateStore, now


@dataclass
class LinkReport:
    """What ``ocop link`` matched, and what matched nothing on either side."""

    marketplace: str
    bound: list[tuple[str, str]] = field(default_factory=list)  # (sku, remote id)
    already: int = 0
    catalogue_only: list[str] = field(default_factory=list)
    remote_only: list[RemoteListing] = field(default_factory=list)
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # sku → remote ids


def link(
    catalog: Catalog, store: StateStore, connector: Connector, as_of: date, *, dry_run: bool = False
) -> LinkReport:
    """Bind unbound remote listings to the catalogue SKUs they carry (by exact SKU)."""
    report = LinkReport(connector.name)
    tree = CategoryTree(connector.name, connector.categories())
    hashes = ImageHashes(Path(catalog.root))
    wanted = wanted_for(catalog, connector.name, connector.capabilities, as_of, hashes, tree)
    products = {w.sku: w.product_id for w in wanted.wanted}  # only SKUs wanted here
    records = {r.sku: r for r in store.listings(connector.name)}
    by_sku: dict[str, list[RemoteListing]] = {}
    for listing in connector.iter_listings():
        by_sku.setdefault(listing.sku, []).append(listing)
    for sku, listings in sorted(by_sku.items()):
        if sku not in products:
            report.remote_only.extend(listings)
            continue
        if len(listings) > 1:
            report.duplicates[sku] = [r.remote_id for r in listings]
        record = records.get(sku)
        if record is not None and record.remote_id in {r.remote_id for r in listings}:
            report.already += 1
            continue
        chosen = pick(listings, record)
        report.bound.append((sku, chosen.remote_id))
        if not dry_run:
            store.save_listing(_record(connector.name, sku, products[sku], chosen))
    report.catalogue_only = sorted({w.sku for w in wanted.wanted} - set(by_sku))
    return report


def _record(marketplace: str, sku: str, product_id: str, listing: RemoteListing) -> ListingRecord:
    active = listing.status is ListingStatus.ACTIVE
    return ListingRecord(
        marketplace=marketplace,
        sku=sku,
        product_id=product_id,
        remote_id=listing.remote_id,
        url=listing.url or None,
        state=ListingState.ACTIVE if active else ListingState.INACTIVE,
        price=listing.price,
        stars=listing.ocop_stars,
        title=listing.title,
        pushed_at=now(),
        last_error=None,
        request_id=None,
        stock=listing.stock,
    )
