"""The counting behind ``ocop report``: catalogue + state listings + what was seen → ``Report``.

Pure: no files, no clock. The caller passes the state store's listings, each listing's verdict
(``ocop.verdict.judge_all`` over what the store holds of its observations), the day
certificates are judged on (``as_of``) and the moment observations are judged fresh against.

Definitions, written once (a listing's verdict in ``ocop.verdict``, a product's here; every
format prints them in words from ``ocop.report.glossary``):
    OCOP product   a product with a certificate valid on ``as_of``; its stars are that
                   certificate's. Products without one are counted apart (the row "none"),
                   never in an OCOP row or total
    claimed        ocop's state says one of its SKUs is ``active`` on the marketplace: shown
                   apart, never added to a verified count
    on sale        one of its SKUs is on sale (verified) on the marketplace

A listing's observation is a page read by a spider or, where a marketplace's pages cannot be
read, its seller API's answer for the listing's id (``ocop.readback``): both count alike, and
the evidence says which (``source``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ocop import certification as cert_rules
from ocop import locality
from ocop.model import SUBGROUPS, Address, Catalog, Certification, Product, ProductGroup
from ocop.report.model import ListingEvidence, ListingLike, Row, Table
from ocop.report.tables import count_columns, sum_total
from ocop.rules import resolve_commune
from ocop.verdict import Judgement, Verdict, aware

DIMENSIONS = ("province", "star", "group", "commune", "district", "kind")
UNKNOWN = "unknown"
SEVERAL = "several"
NO_STARS = "none"  # the row apart: products without a valid certificate


@dataclass
class ProductFacts:
    """What the report needs to know about one product."""

    product: Product
    certified: bool
    certificate: Certification | None  # the one valid on as_of; None: not an OCOP product then
    stars: int | None  # the certificate's
    group: str
    commune: str
    district: str
    kind: str
    province: str = ""  # the catalogue's scope (a national report's row of the province table)
    claimed: dict[str, int] = field(default_factory=dict)  # marketplace → SKUs claimed
    on_sale: dict[str, int] = field(default_factory=dict)  # marketplace → SKUs on sale

    @property
    def valid(self) -> bool:
        """An OCOP product on the report's day."""
        return self.stars is not None


def evidence_for(
    listings: Iterable[ListingLike],
    judged: Mapping[tuple[str, str], Judgement],
    facts_by_sku: Mapping[str, ProductFacts],
    province: str = "",
) -> list[ListingEvidence]:
    """One evidence row per listing counted: of a catalogue SKU, and claimed on sale by ocop's
    state or shown on sale or taken down by a trustworthy observation in the window."""
    result = []
    for listing in listings:
        facts = facts_by_sku.get(listing.sku)
        judgement = judged[(listing.marketplace, listing.sku)]
        if facts is None or (listing.state != "active" and not judgement.counted):
            continue
        result.append(_evidence(listing, judgement, facts, province))
    return result


def _evidence(
    listing: ListingLike, judgement: Judgement, facts: ProductFacts, province: str
) -> ListingEvidence:
    counted, latest = judgement.counted, judgement.latest
    shown = counted or latest
    older = latest if counted is not None and latest is not counted else None
    product, reason = facts.product, judgement.reason
    # positional, and each enumeration's text taken once (StrEnum values are their text):
    # 96,000 listings at national scale
    seen = (
        (aware(shown.observed_at), str(shown.status), shown.detail, str(shown.source))
        if shown is not None
        else (None, None, None, None)
    )
    return ListingEvidence(
        listing.marketplace,
        product.id,
        product.name,
        listing.sku,
        listing.state,
        listing.remote_id,
        (shown.url if shown else None) or listing.url,
        str(judgement.verdict),
        seen[0],
        seen[1],
        seen[2],
        counted.price if counted else None,
        seen[3],
        str(reason) if reason else None,
        str(older.status) if older else None,
        older.why if older else None,
        aware(older.observed_at) if older else None,
        facts.valid,
        province,
    )


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
    producers = {p.id: p for p in catalog.producers}  # (a pydantic private attribute is slow)
    for product in catalog.products:
        producer = producers.get(product.producer)
        address = product.locality or (producer.address if producer else None)
        if product.locality and not (product.locality.commune or product.locality.old_commune):
            address = producer.address if producer else address
        code = resolve_commune(address) if address else None
        cert = cert_rules.current(product, as_of)
        facts.append(
            ProductFacts(
                product=product,
                certified=any(c.date <= as_of for c in product.certifications),
                certificate=cert,
                stars=cert.stars if cert else None,
                group=f"{product.group}/{product.subgroup or 'other'}",  # StrEnums: values
                commune=code if code in locality.communes() else UNKNOWN,
                district=_district_of(address),
                kind=str(producer.kind) if producer else UNKNOWN,
                province=province,
            )
        )
    return facts


def tally(facts: Sequence[ProductFacts], evidence: Iterable[ListingEvidence]) -> None:
    """Count each product's SKUs claimed and on sale, per marketplace."""
    index = {f.product.id: f for f in facts}  # one catalogue's: ids are unique within it
    on_sale = str(Verdict.ON_SALE)
    for item in evidence:
        each = index[item.product_id]
        if item.state == "active":  # item.claimed, without a property's call
            each.claimed[item.marketplace] = each.claimed.get(item.marketplace, 0) + 1
        if item.verdict == on_sale:
            each.on_sale[item.marketplace] = each.on_sale.get(item.marketplace, 0) + 1


def count_values(each: ProductFacts, marketplaces: Sequence[str]) -> list[int]:
    """One product's contribution to each count column of a breakdown table, in the order of
    ``count_columns``: products, SKUs, per marketplace on sale and SKUs on sale, on any."""
    values = [1, len(each.product.skus)]
    for name in marketplaces:
        on_sale = each.on_sale.get(name, 0)
        values += (int(on_sale > 0), on_sale)
    values.append(int(any(each.on_sale.get(n) for n in marketplaces)))
    return values


Counted = Sequence[tuple[ProductFacts, list[int]]]


def breakdown(
    key: str,
    counted: Counted,
    marketplaces: Sequence[str],
    row_of: Callable[[ProductFacts], str],
    order: Callable[[str], Any],
    name_of: Callable[[str], str | None] = lambda _key: None,
) -> Table:
    """OCOP products' counts (``count_values``) summed by ``row_of``, rows sorted by ``order``;
    products without a valid certificate summed in the row apart (``none``)."""
    columns = count_columns(marketplaces)
    keys = [c.key for c in columns]
    groups: dict[str, list[list[int]]] = {}
    outside: list[list[int]] = []
    for each, values in counted:
        (groups.setdefault(row_of(each), []) if each.valid else outside).append(values)
    sums = {row: _summed(group, len(keys)) for row, group in groups.items()}
    rows = [
        Row(row, dict(zip(keys, sums[row], strict=True)), name_of(row))
        for row in sorted(sums, key=order)
    ]
    total = sum_total(columns, rows)
    apart = _summed(outside, len(keys))
    return Table(key, columns, rows, total, [Row(NO_STARS, dict(zip(keys, apart, strict=True)))])


def _summed(group: Sequence[list[int]], width: int) -> list[int]:
    """Column sums of a group of products' counts, at C speed (zip and sum)."""
    return list(map(sum, zip(*group, strict=True))) if group else [0] * width


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
        "star": lambda: breakdown("star", counted, marketplaces, lambda f: str(f.stars), str),
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
