"""What ``ocop categories`` shows for one marketplace: each group the catalogue sends there,
the category its map gives (resolved, or why not) and the suggested one."""

from __future__ import annotations

from dataclasses import dataclass

from ocop.categories.suggest import Suggestion, group_label, suggest
from ocop.categories.tree import CategoryRef, CategoryTree, Unresolved
from ocop.connector import Category
from ocop.model import Catalog, Product
from ocop.selection import offers


@dataclass(frozen=True)
class CategoryChoice:
    """One group, sub-group or product of the catalogue's map on one marketplace."""

    key: str  # "thuc_pham/che" (or a product id the map names)
    label: str  # its Vietnamese name
    products: int  # products going to the marketplace under it
    written: CategoryRef | None  # what the map gives it, if anything
    resolved: Category | Unresolved | None  # None: nothing written
    suggestion: Suggestion
    via: str | None = None  # the map key that gives it (its group), when not its own

    @property
    def ok(self) -> bool:
        return isinstance(self.resolved, Category)


def _key(product: Product, mapped: dict[str, CategoryRef]) -> str:
    """The product's row: its own id when the map names it, else its sub-group (or group)."""
    keys = product.category_keys()
    return keys[0] if keys[0] in mapped else keys[1]


def _via(key: str, mapped: dict[str, CategoryRef]) -> str | None:
    """The map key that gives ``key``'s category: itself, else its group."""
    group = key.partition("/")[0]
    return key if key in mapped else group if group in mapped else None


def overview(catalog: Catalog, marketplace: str, tree: CategoryTree) -> list[CategoryChoice]:
    """One row per OCOP group/sub-group (or product named in the map) the catalogue's
    products on ``marketplace`` go by, each with its category and a suggestion."""
    settings = catalog.marketplaces.get(marketplace)
    mapped: dict[str, CategoryRef] = dict(settings.categories) if settings else {}
    groups: dict[str, dict[str, Product]] = {}
    for offer in offers(catalog, marketplace):
        product = offer.product
        groups.setdefault(_key(product, mapped), {})[product.id] = product
    ordered = dict(sorted(groups.items()))
    suggestions = suggest(tree, {k: list(v.values()) for k, v in ordered.items()})
    rows = []
    for (key, products), suggestion in zip(ordered.items(), suggestions, strict=True):
        via = key if key in products else _via(key, mapped)
        written = mapped.get(via) if via else None
        rows.append(
            CategoryChoice(
                key,
                group_label(key) if key not in products else products[key].name,
                len(products),
                written,
                None if written is None else tree.resolve(written),
                suggestion,
                None if via == key else via,
            )
        )
    return rows
