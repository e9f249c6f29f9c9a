"""Catalogues for both modelled marketplaces at once (the CLI end-to-end tests, benchmarks)."""

from __future__ import annotations

from pathlib import Path

from ocop.model import Catalog
from ocop.testing.world import Item
from ocop.testing.world import write_catalog as write_for

# tea, by the name each sandbox shows
CATEGORIES: dict[str, object] = {"voso": "Chè, trà", "postmart": "Chè, trà"}

__all__ = ["CATEGORIES", "Item", "write_catalog"]


def write_catalog(
    folder: Path,
    items: list[Item],
    extra: str = "",
    categories: dict[str, object] | None = None,
) -> Catalog:
    """Write ``catalog.yaml`` for Voso and Postmart (and its images) into ``folder``, load it;
    tea goes to ``categories`` (default: the category each sandbox's own list has for it)."""
    return write_for(folder, items, categories or CATEGORIES, extra)
