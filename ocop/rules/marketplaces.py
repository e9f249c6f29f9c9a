"""Marketplace sections: selections, overrides and category maps point at things that exist."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ocop.i18n import _
from ocop.model import SUBGROUPS, Catalog, Product, ProductGroup
from ocop.problem import Path as DataPath
from ocop.problem import Problem
from ocop.rules.context import CatalogIndexes, CatalogKeys
from ocop.rules.found import error, warning
from ocop.selection import Selector


def check_marketplaces(
    catalog: Catalog, idx: CatalogIndexes, keys: CatalogKeys
) -> Iterator[Problem]:
    """Selections, overrides and category maps point at things that exist."""
    if not catalog.marketplaces:
        return
    listable = Listable.of(catalog, idx)
    for name, settings in catalog.marketplaces.items():
        base: DataPath = ("marketplaces", name)
        for field in ("products", "exclude"):
            for n, ref in enumerate(getattr(settings, field) or []):
                if ref not in keys.named_products and ref not in keys.named_skus:
                    yield error(
                        (*base, field, n),
                        _("{ref!r} is neither a product id nor a SKU").format(ref=ref),
                        "reference",
                    )
        for sku in settings.overrides:
            if sku not in keys.named_skus:
                yield error(
                    (*base, "overrides", sku),
                    _("no SKU {sku!r} in the catalogue").format(sku=sku),
                    "reference",
                )
        yield from _check_category_keys(settings.categories, (*base, "categories"), keys)
        yield from _check_listed(catalog, name, base, listable)


def _check_category_keys(
    categories: Mapping[str, object], path: DataPath, keys: CatalogKeys
) -> Iterator[Problem]:
    for key in categories:
        group, _sep, sub = key.partition("/")
        if key in keys.named_products:
            continue
        if group not in ProductGroup.__members__.values() or (
            sub and sub not in SUBGROUPS[ProductGroup(group)]
        ):
            yield error(
                (*path, key),
                _(
                    "{key!r} is not an OCOP group, group/sub-group (e.g. thuc_pham/che) or "
                    "product id"
                ).format(key=key),
                "category",
            )


_SERVICE = ProductGroup.DICH_VU_DU_LICH  # a member lookup per product is measurable at scale
Kind = tuple[ProductGroup, str | None]


@dataclass(frozen=True)
class Listable:
    """Products a marketplace could list (goods with SKUs), found once for every marketplace."""

    products: list[tuple[int, Product]]  # (position in the file, product)
    kinds: frozenset[Kind]  # their (group, sub-group) pairs
    imageless: list[tuple[int, Product]]

    @classmethod
    def of(cls, catalog: Catalog, idx: CatalogIndexes) -> Listable:
        products = [
            (pos, p)
            for pos, p in zip(idx.products, catalog.products, strict=True)
            if p.group is not _SERVICE and p.skus
        ]
        return cls(
            products,
            frozenset((p.group, p.subgroup) for _pos, p in products),
            [(pos, p) for pos, p in products if not p.images],
        )


def _kind_mapped(categories: Mapping[str, object], kind: Kind) -> bool:
    # Same order as Product.category_keys, less the product's own id.
    group, sub = kind
    return group in categories or (sub is not None and f"{group}/{sub}" in categories)


def _check_listed(
    catalog: Catalog, name: str, base: DataPath, listable: Listable
) -> Iterator[Problem]:
    settings = catalog.marketplaces[name]
    selector = Selector.of(settings)
    for product_id in sorted(selector.chosen or ()):
        product = catalog.product(product_id)
        if product is not None and product.group is _SERVICE:
            yield error(
                (*base, "products"),
                _("{id} is community tourism: it cannot be sold as shipped goods").format(
                    id=product_id
                ),
                "service",
            )
    categories = settings.categories
    unmapped = {k for k in listable.kinds if not _kind_mapped(categories, k)}
    # The usual section lists every product, maps groups only, and has images for all: then
    # nothing below depends on anything but the few (group, sub-group) pairs.
    everything = selector.enabled and selector.chosen is None and not selector.excluded
    if everything and not unmapped and not listable.imageless:
        return
    for pos, product in listable.products:
        if not everything and not any(selector.selects(product, s) for s in product.skus):
            continue
        if (product.group, product.subgroup) in unmapped and product.id not in categories:
            yield error(
                (*base, "categories"),
                _("{id} goes to {market} but no category is mapped for {keys}").format(
                    id=product.id,
                    market=name,
                    keys=f" {_('or')} ".join(product.category_keys()),
                ),
                "category",
            )
        if not product.images:
            yield warning(
                ("products", pos, "images"),
                _("{market} needs at least one image of the product").format(market=name),
                "image",
            )
