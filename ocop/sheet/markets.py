"""Which marketplaces a product is sold on, as the sheet shows it and as an edit writes it.

The catalogue says it per marketplace (``marketplaces: NAME: products / exclude``); the sheet
shows it per product, one "Bán trên …" column a marketplace, Có or Không. A product is on a
marketplace when the marketplace section selects at least one of its SKUs. An edit changes the
section as little as it can:

    Có    a section without a product list (every product): the product leaves ``exclude``;
          with a list: the product is added to it; no section yet: one listing only it
    Không a section without a product list: the product goes into ``exclude``; with a list:
          the product and its SKUs leave it

A switched-off section (``enabled: false``) or a tourism service (never shipped) is not
changed: the row gets a warning instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ocop.i18n import _
from ocop.model import Catalog, MarketplaceSettings, Product, ProductGroup
from ocop.selection import Selector
from ocop.sheet.layout import NO, YES

if TYPE_CHECKING:
    from ocop.sheet.merge import Base, Merge
    from ocop.sheet.reading import SheetRow


def sold_on(catalog: Catalog, product: Product, name: str) -> str:
    """``Có`` when the catalogue puts the product (one of its SKUs) on marketplace ``name``."""
    settings = catalog.marketplaces.get(name)
    if settings is None:
        return NO
    selector = Selector.of(settings)
    if product.skus:
        return YES if any(selector.selects(product, sku) for sku in product.skus) else NO
    chosen = selector.chosen is None or product.id in selector.chosen
    shown = settings.enabled and chosen and product.id not in selector.excluded
    return YES if shown and not product.is_service else NO


def merge_markets(
    doc: CommentedMap, catalog: Catalog, rows: list[SheetRow], result: Merge, base: Base | None
) -> None:
    """Apply the product rows' "Bán trên …" cells to ``doc``'s marketplace sections."""
    for row in rows:
        for name, column in row.layout.markets():
            new = row.values.get(column.field)
            if new not in (YES, NO) or column.field in row.refused:
                continue  # empty (a new row leaves it to the catalogue), or worded below
            _merge_cell(doc, catalog, row, name, new == YES, result, base)


def _merge_cell(
    doc: CommentedMap,
    catalog: Catalog,
    row: SheetRow,
    name: str,
    wanted: bool,
    result: Merge,
    base: Base | None,
) -> None:
    from ocop.sheet.merge import CellEdit
    from ocop.sheet.rowproblems import conflict, sheet_problem

    column = row.layout.column_of(f"market.{name}")
    product = catalog.product(str(row.key))
    old = sold_on(catalog, product, name) if product else None
    was = base.catalog.product(str(row.key)) if base and base.catalog else None
    before = sold_on(base.catalog, was, name) if base and base.catalog and was else old
    new = YES if wanted else NO
    if new in (old, before) or (product is None and not wanted):
        return
    if old != before:
        result.problems.append(conflict(row, column, old))
        return
    service = product.is_service if product else row.values.get("group") == SERVICE
    reason = refusal(catalog.marketplaces.get(name), service)
    if reason is not None:
        result.problems.append(sheet_problem(row, column, reason, is_error=False))
        return
    skus = [sku.sku for sku in product.skus] if product else []
    apply(doc, name, str(row.key), skus, wanted)
    if product is not None:
        result.edits.append(CellEdit(row, column, old, new))
        result.updated.append(f"{row.layout.title}: {row.key}")
        result.changed_rows.append(row)


SERVICE = ProductGroup.DICH_VU_DU_LICH.value


def refusal(settings: MarketplaceSettings | None, service: bool) -> str | None:
    """Why the sheet cannot put a product on the marketplace, if it cannot."""
    if service:
        return _("tourism services are not sold on the marketplaces; the cell is not applied")
    if settings is not None and not settings.enabled:
        return _(
            "this marketplace is switched off in catalog.yaml (enabled: false); the cell is "
            "not applied"
        )
    return None


def apply(doc: CommentedMap, name: str, product_id: str, skus: list[str], wanted: bool) -> None:
    """Put the product on marketplace ``name`` (``wanted``) or take it off, in ``doc``."""
    sections = doc.get("marketplaces")
    if sections is None:
        sections = doc["marketplaces"] = CommentedMap()
    section = sections.get(name)
    if section is None:
        if wanted:
            sections[name] = CommentedMap(products=CommentedSeq([product_id]))
        return
    listed = section.get("products")
    ids = {product_id, *skus}
    if listed is None:
        if wanted:
            _remove(section, "exclude", ids)
        else:
            _add(section, "exclude", product_id)
    elif wanted:
        _add(section, "products", product_id)
        _remove(section, "exclude", ids)
    else:
        _remove(section, "products", ids)


def _add(section: CommentedMap, key: str, value: str) -> None:
    items = section.get(key)
    if items is None:
        section[key] = CommentedSeq([value])
    elif value not in items:
        items.append(value)


def _remove(section: CommentedMap, key: str, values: set[str]) -> None:
    items = section.get(key)
    if items is None:
        return
    for index in reversed(range(len(items))):
        if str(items[index]) in values:
            del items[index]
