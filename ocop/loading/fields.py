"""Which field names are allowed at a place in the catalogue (for "did you mean" hints)."""

from __future__ import annotations

from ocop.model import (
    Address,
    Catalog,
    Certification,
    MarketplaceSettings,
    Producer,
    Product,
    Sku,
    SkuOverride,
    fields_of,
)
from ocop.problem import Path

# The model found under each list or mapping key; the key before an index or a name decides.
_UNDER: dict[str, type[object]] = {
    "producers": Producer,
    "products": Product,
    "address": Address,
    "locality": Address,
    "certifications": Certification,
    "skus": Sku,
    "marketplaces": MarketplaceSettings,
    "overrides": SkuOverride,
}
_BY_NAME = {"marketplaces", "overrides"}  # mappings keyed by a name rather than lists


def model_at(path: Path) -> type[object]:
    """The model whose fields sit directly at ``path``."""
    model: type[object] = Catalog
    skip_next = False
    for part in path:
        if skip_next:
            skip_next = False
            continue
        if isinstance(part, str) and part in _UNDER:
            model = _UNDER[part]
            skip_next = part in _BY_NAME
    return model


def fields_at(path: Path) -> list[str]:
    """Allowed field names at ``path``."""
    return list(fields_of(model_at(path)))
