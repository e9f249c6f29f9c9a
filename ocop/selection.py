"""Which SKUs of the catalogue go to which marketplace, and with what overrides."""

from __future__ import annotations

from dataclasses import dataclass

from ocop.model import Catalog, MarketplaceSettings, Product, Sku


@dataclass(frozen=True)
class Offer:
    """One SKU as it should appear on one marketplace."""

    marketplace: str
    product: Product
    sku: Sku
    price: int
    title: str | None  # None: the connector builds the title from the product and SKU
    category: int | str | None


def is_selected(settings: MarketplaceSettings, product: Product, sku: Sku) -> bool:
    """True when the marketplace section puts this SKU on the marketplace."""
    if not settings.enabled or product.is_service:
        return False
    if settings.products is not None:
        chosen = settings.chosen()
        if product.id not in chosen and sku.sku not in chosen:
            return False
    excluded = settings.excluded()
    return product.id not in excluded and sku.sku not in excluded


def category_for(settings: MarketplaceSettings, product: Product) -> int | str | None:
    """The marketplace category mapped for the product's sub-group, else its group."""
    for key in product.category_keys():
        if key in settings.categories:
            return settings.categories[key]
    return None


def offers(catalog: Catalog, marketplace: str) -> list[Offer]:
    """Every SKU the catalogue puts on ``marketplace``, in catalogue order."""
    settings = catalog.marketplaces.get(marketplace)
    if settings is None:
        return []
    result = []
    for product in catalog.products:
        category = category_for(settings, product)
        for sku in product.skus:
            if not is_selected(settings, product, sku):
                continue
            override = settings.overrides.get(sku.sku)
            price = override.price if override and override.price else sku.price
            title = override.title if override else None
            result.append(Offer(marketplace, product, sku, price, title, category))
    return result
