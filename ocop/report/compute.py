"""The counting behind ``ocop report``: catalogue + state listings + observations → ``Report``.

Pure: no files, no clock. The caller passes the state store's listings, its latest observation
per listing, the day certificates are judged on (``as_of``) and the moment observations are
judged fresh against (``reference_time``).

Definitions (the department's wording in brackets):
    certified   the product has a decision signed on or before ``as_of``
    valid       it has a certificate valid on ``as_of`` (its stars are that certificate's)
    listed      the state store says one of its SKUs is ``active`` on the marketplace
    live        [verified live] one of those listed SKUs was seen live or out of stock by a
                spider within ``fresh_days`` before ``reference_time``; blocked and error
                observations leave a listing unverified, never "removed"; where a
                marketplace's pages cannot be read, its seller API's read-back stands in and
                the evidence says so (``source``)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ocop import certification as cert_rules
from ocop import locality
from ocop.model import SUBGROUPS, Address, Catalog, Product, ProductGroup
from ocop.observation import Observation
from ocop.report.freshness import aware, judge
from ocop.report.model import ListingEvidence, ListingLike, Row, Table, Value
from ocop.report.tables import ANY, count_columns, sum_total
from ocop.rules import resolve_commune

DIMENSIONS = ("province", "star", "group", "commune", "district", "kind")
UNKNOWN = "unknown"
SEVERAL = "several"
NO_STARS = "none"


@dataclass
class ProductFacts:
    """What the report needs to know about one product."""

    product: Product
    certified: bool
    stars: int | None
    group: str
    commune: str
    district: str
    kind: str
    province: str = ""  # the catalogue's scope (a national report's row of the province table)
    listed: dict[str, int] = field(default_factory=dict)  # marketplace → SKUs listed
    live: dict[str, int] = field(default_factory=dict)  # marketplace → SKUs verified live


def evidence_for(
    listings: Iterable[ListingLike],
    observations: Mapping[tuple[str, str], Observation],
    products_by_sku: Mapping[str, Product],
    reference_time: datetime,
    fresh_days: int,
    province: str = "",
) -> list[ListingEvidence]:
    """One evidence row per listing claimed active whose SKU is in the catalogue."""
    result = []
    for listing in listings:
        product = products_by_sku.get(listing.sku)
        if listing.state != "active" or product is None:
            continue
        seen = observations.get((listing.marketplace, listing.sku))
        verified, reason = judge(seen, reference_time, fresh_days)
        result.append(
            ListingEvidence(
                marketplace=listing.marketplace,
                product_id=product.id,
                product_name=product.name,
                sku=listing.sku,
                state=listing.state,
                remote_id=listing.remote_id,
                url=(seen.url if seen else None) or listing.url,
                observed_at=aware(seen.observed_at) if seen else None,
                status=seen.status.value if seen else None,
                price=seen.price if seen else None,
                verified=verified,
                reason=reason,
                province=province,
                source=seen.source.value if seen else None,
            )
        )
    return result


def _district_of(address: Address | None) -> str:
    if address is None:
        return UNKNOWN
    if address.old_district:
        return address.old_district
    code = resolve_commune(address)
    districts = locality.legacy_districts_of(code) if code else ()
    if len(districts) == 1:
        return districts[0]
    return SEVERAL if districts else UNKNOWN


def product_facts(catalog: Catalog, as_of: date, province: str = "") -> list[ProductFacts]:
    """Stars, group, place and producer kind of every product, as of ``as_of``."""
    facts = []
    for product in catalog.products:
        producer = catalog.producer(product.producer)
        address = product.locality or (producer.address if producer else None)
        if product.locality and not (product.locality.commune or product.locality.old_commune):
            address = producer.address if producer else address
        code = resolve_commune(address) if address else None
        facts.append(
            ProductFacts(
                product=product,
                certified=any(c.date <= as_of for c in product.certifications),
                stars=cert_rules.stars_as_of(product, as_of),
                group=f"{product.group.value}/{product.subgroup or 'other'}",
                commune=code if code in locality.communes() else UNKNOWN,
                district=_district_of(address),
                kind=producer.kind.value if producer else UNKNOWN,
                province=province,
            )
        )
    return facts


def tally(facts: Sequence[ProductFacts], evidence: Iterable[ListingEvidence]) -> None:
    index = {f.product.id: f for f in facts}  # one catalogue's: ids are unique within it
    for item in evidence:
        each = index[item.product_id]
        each.listed[item.marketplace] = each.listed.get(item.marketplace, 0) + 1
        if item.verified:
            each.live[item.marketplace] = each.live.get(item.marketplace, 0) + 1


def count_values(each: ProductFacts, marketplaces: Sequence[str]) -> dict[str, Value]:
    """One product's contribution to every count column of a breakdown table."""
    values: dict[str, Value] = {
        "products": int(each.certified),
        "valid": int(each.stars is not None),
        "skus_valid": len(each.product.skus) if each.stars is not None else 0,
    }
    for name in marketplaces:
        listed, live = each.listed.get(name, 0), each.live.get(name, 0)
        values[f"{name}.listed"] = int(listed > 0)
        values[f"{name}.live"] = int(live > 0)
        values[f"{name}.skus_listed"] = listed
        values[f"{name}.skus_live"] = live
    values[f"{ANY}.listed"] = int(any(each.listed.get(n) for n in marketplaces))
    values[f"{ANY}.live"] = int(any(each.live.get(n) for n in marketplaces))
    return values


def _add(into: dict[str, Value], values: Mapping[str, Value]) -> None:
    for key, value in values.items():
        into[key] = (into.get(key) or 0) + (value or 0)


Counted = Sequence[tuple[ProductFacts, dict[str, Value]]]


def breakdown(
    key: str,
    counted: Counted,
    marketplaces: Sequence[str],
    row_of: Callable[[ProductFacts], str],
    order: Callable[[str], Any],
    name_of: Callable[[str], str | None] = lambda _key: None,
) -> Table:
    """Products' counts (from ``count_values``) summed by ``row_of``, rows sorted by ``order``."""
    columns = count_columns(marketplaces)
    sums: dict[str, dict[str, Value]] = {}
    for each, values in counted:
        _add(sums.setdefault(row_of(each), {}), values)
    rows = [
        Row(row, {c.key: sums[row].get(c.key, 0) for c in columns}, name_of(row))
        for row in sorted(sums, key=order)
    ]
    return Table(key, columns, rows, sum_total(columns, rows))


def _name_key(name: str) -> tuple[int, str, str]:
    """Vietnamese names in dictionary order; the 'unknown'/'several' rows last."""
    return (name in (UNKNOWN, SEVERAL), locality.fold(name), name)


def _commune_name(code: str) -> str | None:
    commune = locality.communes().get(code)
    return commune.name if commune else None


def _group_order(key: str) -> tuple[int, int]:
    group, _sep, sub = key.partition("/")
    groups = list(ProductGroup)
    known = ProductGroup(group) if group in ProductGroup._value2member_map_ else None
    subs = list(SUBGROUPS.get(known, {})) if known else []
    return (
        groups.index(known) if known else len(groups),
        subs.index(sub) if sub in subs else len(subs),
    )


def _star_order(key: str) -> tuple[int, str]:
    return (key == NO_STARS, key)


def dimension_tables(
    facts: Sequence[ProductFacts], marketplaces: Sequence[str], wanted: Collection[str] = DIMENSIONS
) -> list[Table]:
    """The breakdowns by province, star, group, commune, old district and kind (those wanted)."""
    if not set(wanted) & set(DIMENSIONS):
        return []
    kinds = ["hop_tac_xa", "doanh_nghiep", "ho_kinh_doanh", "to_hop_tac", UNKNOWN]
    counted = [(each, count_values(each, marketplaces)) for each in facts]  # once, for 6 tables
    tables: dict[str, Callable[[], Table]] = {
        "province": lambda: breakdown(
            "province", counted, marketplaces, lambda f: f.province, _name_key, lambda p: p
        ),
        "star": lambda: breakdown(
            "star", counted, marketplaces, lambda f: str(f.stars or NO_STARS), _star_order
        ),
        "group": lambda: breakdown("group", counted, marketplaces, lambda f: f.group, _group_order),
        "commune": lambda: breakdown(
            "commune",
            counted,
            marketplaces,
            lambda f: f.commune,
            lambda code: _name_key(_commune_name(code) or UNKNOWN),
            _commune_name,
        ),
        "district": lambda: breakdown(
            "district",
            counted,
            marketplaces,
            lambda f: f.district,
            _name_key,
            lambda d: None if d in (UNKNOWN, SEVERAL) else d,
        ),
        "kind": lambda: breakdown("kind", counted, marketplaces, lambda f: f.kind, kinds.index),
    }
    return [make() for key, make in tables.items() if key in wanted]
