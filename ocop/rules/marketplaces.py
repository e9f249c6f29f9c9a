"""Marketplace sections: selections, overrides and category maps point at things that exist."""

from __future__ import annotations

from collections.abc import Iterator

from ocop.i18n import _
from ocop.model import SUBGROUPS, Catalog, Product, ProductGroup
from ocop.problem import Path as DataPath
from ocop.problem import Problem
from ocop.rules.context import CatalogIndexes
from ocop.rules.found import error, warning
from ocop.selection import Selector


def check_marketplaces(catalog: Catalog, idx: CatalogIndexes) -> Iterator[Problem]:
    """Selections, overrides and category maps point at things that exist."""
    ids = {p.id for p in catalog.products}
    skus = {s.sku for p in catalog.products for s in p.skus}
    known = ids | skus
    for name, settings in catalog.marketplaces.items():
        base: DataPath = ("marketplaces", name)
        for field in ("products", "exclude"):
            for n, ref in enumerate(getattr(settings, field) or []):
                if ref not in known:
                    yield error(
                        (*base, field, n),
                        _("{ref!r} is neither a product id nor a SKU").format(ref=ref),
                        "reference",
                    )
        for sku in settings.overrides:
            if sku not in skus:
                yield error(
                    (*base, "overrides", sku),
                    _("no SKU {sku!r} in the catalogue").format(sku=sku),
                    "reference",
                )
        yield from _check_category_keys(settings.categories, (*base, "categories"), ids)
        yield from _check_listed(catalog, name, base, idx, ids)


def _check_category_keys(
    categories: dict[str, int | str], path: DataPath, products: set[str]
) -> Iterator[Problem]:
    for key in categories:
        group, _sep, sub = key.partition("/")
        if key in products:
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


def _has_category(categories: dict[str, int | str], product: Product) -> bool:
    # Same order as Product.category_keys, without building the tuple for every product.
    return (
        product.group in categories
        or (product.subgroup is not None and f"{product.group}/{product.subgroup}" in categories)
        or product.id in categories
    )


def _check_listed(
    catalog: Catalog, name: str, base: DataPath, idx: CatalogIndexes, ids: set[str]
) -> Iterator[Problem]:
    settings = catalog.marketplaces[name]
    selector = Selector.of(settings)
    chosen = selector.chosen or frozenset()
    # The usual section lists everything and excludes nothing: no per-SKU test is needed.
    everything = selector.enabled and selector.chosen is None and not selector.excluded
    categories = settings.categories
    # Keys are usually groups and sub-groups only: then the answer depends on those two alone.
    by_product = any(key in ids for key in categories) if categories else False
    known: dict[tuple[str, str | None], bool] = {}
    for pos, product in zip(idx.products, catalog.products, strict=True):
        service = product.group is _SERVICE
        if service and product.id in chosen:
            yield error(
                (*base, "products"),
                _("{id} is community tourism: it cannot be sold as shipped goods").format(
                    id=product.id
                ),
                "service",
            )
        if service or not product.skus:
            continue
        if not everything and not any(selector.selects(product, s) for s in product.skus):
            continue
        kind = (product.group, product.subgroup)
        if by_product or kind not in known:
            known[kind] = _has_category(categories, product)
        if not known[kind]:
            yield error(
                (*base, "categories"),
                _("{id} goes to {market} but no category is mapped for {keys}").format(
                    id=product.id, market=name, keys=" or ".join(product.category_keys())
                ),
                "category",
            )
        if not product.images:
            yield warning(
                ("products", pos, "images"),
                _("{market} needs at least one image of the product").format(market=name),
                "image",
            )
