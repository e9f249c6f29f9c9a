"""What the rules need besides the catalogue, and where each record sat in the file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from ocop.connector import Capabilities
from ocop.model import Catalog
from ocop.problem import Path as DataPath


@dataclass(frozen=True)
class Context:
    """What the rules need besides the catalogue: the day to judge by and the files' folder.

    ``limits`` finds a marketplace's capabilities by name (``ocop.registry.capabilities_of``);
    when given, what each marketplace would refuse is reported too (``ocop.rules.limits``).
    ``decode_pictures`` decodes every picture, not only its header (``ocop.rules.images``).
    """

    as_of: date
    root: Path
    limits: Callable[[str], Capabilities | None] | None = None
    decode_pictures: bool = False


@dataclass(frozen=True)
class CatalogIndexes:
    """Where each validated record sat in the file (records that failed are left out).

    ``children[(kind, n)][field]`` lists the original positions of a record's SKUs or
    certifications that passed their own checks, so paths name the right line.
    """

    producers: list[int]
    products: list[int]
    children: dict[tuple[str, int], dict[str, list[int]]]

    @classmethod
    def of(
        cls,
        producer_count: int,
        producers: Sequence[Positioned] | None,
        product_count: int,
        products: Sequence[Positioned] | None,
    ) -> CatalogIndexes:
        """Indexes from per-record checks; None means every record was kept, in order."""
        if products is None:
            children = {}  # no child was dropped: positions are the indexes themselves
            product_positions = list(range(product_count))
        else:
            children = {("products", p.positions["_self"][0]): p.positions for p in products}
            product_positions = [p.positions["_self"][0] for p in products]
        producer_positions = (
            list(range(producer_count))
            if producers is None
            else [p.positions["_self"][0] for p in producers]
        )
        return cls(producer_positions, product_positions, children)

    def positions(self, base: DataPath, name: str) -> list[int] | None:
        """Original positions of the kept children ``name`` of the record at ``base``."""
        return self.children.get((str(base[0]), int(base[1])), {}).get(name)

    def child(self, base: DataPath, name: str, n: int) -> DataPath:
        """The file path of the ``n``-th kept child ``name`` of the record at ``base``."""
        key = (str(base[0]), int(base[1]))
        positions = self.children.get(key, {}).get(name)
        return (*base, name, positions[n] if positions and n < len(positions) else n)


@dataclass(frozen=True)
class CatalogKeys:
    """The catalogue's ids and SKUs as sets, built once for every rule that looks them up.

    ``producer_ids``, ``product_ids`` and ``skus`` are those of records that passed their own
    checks (uniqueness is judged on them). The ``named_`` sets add the ids and SKUs written in
    records that failed: a reference to one of those is not a second mistake, so a wrong price
    in a SKU does not also make its marketplace override "point to no SKU".
    """

    producer_ids: frozenset[str]
    product_ids: frozenset[str]
    skus: frozenset[str]
    sku_count: int  # more than len(skus) when a SKU repeats
    named_producers: frozenset[str]
    named_products: frozenset[str]
    named_skus: frozenset[str]

    @classmethod
    def of(cls, catalog: Catalog, failed: Written | None = None) -> CatalogKeys:
        skus = [sku.sku for product in catalog.products for sku in product.skus]
        producers = frozenset(p.id for p in catalog.producers)
        products = frozenset(p.id for p in catalog.products)
        valid = frozenset(skus)
        if failed is None:
            return cls(producers, products, valid, len(skus), producers, products, valid)
        return cls(
            producers,
            products,
            valid,
            len(skus),
            producers | failed.producers,
            products | failed.products,
            valid | failed.skus,
        )


@dataclass(frozen=True)
class Written:
    """The ids and SKUs as written in the file's data, whether or not their records are valid."""

    producers: frozenset[str]
    products: frozenset[str]
    skus: frozenset[str]

    @classmethod
    def of(cls, data: dict[str, Any]) -> Written:
        """Read them from the parsed YAML (only called when some record failed)."""
        producers = _items(data.get("producers"))
        products = _items(data.get("products"))
        return cls(
            frozenset(_texts(producers, "id")),
            frozenset(_texts(products, "id")),
            frozenset(_texts([s for p in products for s in _items(p.get("skus"))], "sku")),
        )


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _texts(items: list[dict[str, Any]], key: str) -> list[str]:
    return [item[key] for item in items if isinstance(item.get(key), str)]


class Positioned(Protocol):
    """A validated record and the original positions of it and its children."""

    positions: dict[str, list[int]]
