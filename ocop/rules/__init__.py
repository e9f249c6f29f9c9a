"""Catalogue rules that look beyond one value: references, uniqueness, eras, places, files.

Each check is a small function that yields ``Problem``s for records that passed their own type
checks; ``check_catalog`` runs them all, so one bad product never hides problems elsewhere.

    context        Context (as-of day, folder), CatalogIndexes (where records sat), CatalogKeys
    screen         the usual product, passed in one quick look; the rest meet every rule
    places         communes, old → new mapping          identity       tax codes, barcodes
    certificates   eras, history, validity              goods          products, SKUs
    images         picture files: where, what, how big  marketplaces   selections, category maps
    limits         what each marketplace's capabilities refuse (only when asked)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ocop.i18n import N_, _
from ocop.model import Catalog
from ocop.problem import Path as DataPath
from ocop.problem import Problem
from ocop.rules.context import CatalogIndexes, CatalogKeys, Context, Written
from ocop.rules.found import error
from ocop.rules.goods import check_product
from ocop.rules.identity import check_tax_code
from ocop.rules.images import forget_images
from ocop.rules.limits import check_limits
from ocop.rules.marketplaces import check_marketplaces
from ocop.rules.places import check_address, resolve_commune
from ocop.rules.screen import ProductScreen

__all__ = [
    "CatalogIndexes",
    "Context",
    "Written",
    "check_catalog",
    "resolve_commune",
    "with_related_line",
]


def check_catalog(
    catalog: Catalog, ctx: Context, indexes: CatalogIndexes, failed: Written | None = None
) -> list[Problem]:
    """Every cross-record problem of the records that are individually valid.

    ``failed`` names the ids and SKUs of records that were not: references to them stand.
    """
    problems: list[Problem] = []
    forget_images()
    keys = CatalogKeys.of(catalog, failed)
    problems += check_unique(catalog, indexes, keys)
    for pos, producer in zip(indexes.producers, catalog.producers, strict=True):
        base: DataPath = ("producers", pos)
        problems += check_address(producer.address, (*base, "address"))
        if producer.tax_code:
            problems += check_tax_code(producer.tax_code, producer.kind, (*base, "tax_code"))
    screen = ProductScreen(keys.named_producers, ctx)
    for pos, product in zip(indexes.products, catalog.products, strict=True):
        if not screen.passes(product):
            problems += check_product(
                keys.named_producers, product, ("products", pos), ctx, indexes
            )
    problems += check_marketplaces(catalog, indexes, keys)
    problems += check_limits(catalog, indexes, ctx)
    return problems


def check_unique(catalog: Catalog, idx: CatalogIndexes, keys: CatalogKeys) -> Iterator[Problem]:
    """Producer ids, product ids and seller SKUs are each used once."""
    # Paths are built only when something repeats.
    if len(keys.producer_ids) < len(catalog.producers):
        yield from _repeats(
            [
                (p.id, ("producers", pos, "id"))
                for pos, p in zip(idx.producers, catalog.producers, strict=True)
            ],
            N_("producer id {value!r} is used twice"),
        )
    if len(keys.product_ids) < len(catalog.products):
        yield from _repeats(
            [
                (p.id, ("products", pos, "id"))
                for pos, p in zip(idx.products, catalog.products, strict=True)
            ],
            N_("product id {value!r} is used twice"),
        )
    if len(keys.skus) < keys.sku_count:
        yield from _repeats(
            [
                (sku.sku, (*idx.child(("products", pos), "skus", n), "sku"))
                for pos, product in zip(idx.products, catalog.products, strict=True)
                for n, sku in enumerate(product.skus)
            ],
            N_("SKU {value!r} is used twice: every marketplace needs each SKU once"),
        )


def _repeats(values: list[tuple[str, DataPath]], template: str) -> Iterator[Problem]:
    seen: dict[str, DataPath] = {}
    for value, path in values:
        if value in seen:
            yield error(path, _(template).format(value=value), "duplicate", related=seen[value])
        else:
            seen[value] = path


def with_related_line(problem: Problem, line: int | None) -> Problem:
    """Add the line of the record a duplicate repeats."""
    if line is None:
        return problem
    return replace(
        problem,
        also=(line,),
        message=problem.message + " " + _("(first at line {line})").format(line=line),
    )
