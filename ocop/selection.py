"""Which SKUs of the catalogue go to which marketplace, and with what overrides."""

from __future__ import annotations

from dataclasses import dataclass

from ocop.model import Catalog, CategoryPin, MarketplaceSettings, Product, ProductGroup, Sku


# not frozen (nothing changes one once made; its product is unhashable, so it never was
# hashable): a frozen __init__ sets each field through object.__setattr__, four times the cost,
# and a national report's drift makes one for every SKU on every marketplace (120,000)
@dataclass(slots=True)
class Offer:
    """One SKU as it should appear on one marketplace."""

    marketplace: str
    product: Product
    sku: Sku
    price: int
    title: str | None  # None: the connector builds the title from the product and SKU
    category: int | str | CategoryPin | None  # as the catalogue writes it (resolved at plan time)


_TOURISM = ProductGroup.DICH_VU_DU_LICH  # (an enum member read from its class costs a call)


@dataclass(frozen=True)
class Selector:
    """A marketplace section's choice of SKUs, with its lists turned into sets once."""

    enabled: bool
    chosen: frozenset[str] | None  # None: every shippable product
    excluded: frozenset[str]

    @classmethod
    def of(cls, settings: MarketplaceSettings) -> Selector:
        chosen = None if settings.products is None else frozenset(settings.products)
        return cls(settings.enabled, chosen, frozenset(settings.exclude))

    def selects(self, product: Product, sku: Sku) -> bool:
        """True when this SKU goes to the marketplace."""
        if not self.enabled or product.group is _TOURISM:
            return False
        if self.chosen is not None and product.id not in self.chosen and sku.sku not in self.chosen:
            return False
        return product.id not in self.excluded and sku.sku not in self.excluded


def is_selected(settings: MarketplaceSettings, product: Product, sku: Sku) -> bool:
    """True when the marketplace section puts this SKU on the marketplace."""
    return Selector.of(settings).selects(product, sku)


def category_for(settings: MarketplaceSettings, product: Product) -> int | str | CategoryPin | None:
    """The marketplace category mapped for the product itself, else its sub-group, else its
    group, as written (a name or path, a pin, or an older catalogue's bare id)."""
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
    selector = Selector.of(settings)
    for product in catalog.products:
        category = category_for(settings, product)
        for sku in product.skus:
            if not selector.selects(product, sku):
                continue
            override = settings.overrides.get(sku.sku)
            price = override.price if override and override.price else sku.price
            title = override.title if override else None
            result.append(Offer(marketplace, product, sku, price, title, category))
    return result
