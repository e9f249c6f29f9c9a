"""Voso's tables in the shared sandbox database: products, one JSON document each."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ocop.sandbox.market import Market
from ocop.sandbox.store import Doc, Store

from .accounts import VOSO_CATEGORY_BY_ID, VosoCategory

SCHEMA = """
CREATE TABLE IF NOT EXISTS voso_products (
    product_id INTEGER PRIMARY KEY AUTOINCREMENT, shop_id INTEGER NOT NULL,
    sku TEXT NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS voso_products_sku ON voso_products (shop_id, sku);
"""
SCHEMA_VERSION = 1


class Products:
    """Voso products in the sandbox database; every method is atomic. ``categories`` is the
    tree the sandbox serves (and checks ``category_id`` against)."""

    def __init__(self, store: Store, categories: dict[int, VosoCategory] | None = None) -> None:
        self.store = store
        self.categories = categories if categories is not None else dict(VOSO_CATEGORY_BY_ID)
        store.ensure("voso", SCHEMA, SCHEMA_VERSION)

    def insert(self, shop_id: int, doc: Doc) -> int:
        """Store a new product and return its id."""
        cursor = self.store.execute(
            "INSERT INTO voso_products (shop_id, sku, status, doc) VALUES (?, ?, ?, ?)",
            (shop_id, doc["sku"], doc["status"], json.dumps(doc, ensure_ascii=False)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def get(self, product_id: int) -> tuple[int, Doc] | None:
        """(shop id, document) of a product, or None when it does not exist."""
        rows = self.store.rows(
            "SELECT shop_id, doc FROM voso_products WHERE product_id = ?", (product_id,)
        )
        return (rows[0][0], json.loads(rows[0][1])) if rows else None

    def update(self, product_id: int, doc: Doc) -> None:
        """Replace a product's document."""
        self.store.execute(
            "UPDATE voso_products SET sku = ?, status = ?, doc = ? WHERE product_id = ?",
            (doc["sku"], doc["status"], json.dumps(doc, ensure_ascii=False), product_id),
        )

    def delete(self, product_id: int) -> bool:
        """Remove a product for good (its SKU becomes free); False if it did not exist."""
        cursor = self.store.execute("DELETE FROM voso_products WHERE product_id = ?", (product_id,))
        return cursor.rowcount > 0

    def with_sku(self, shop_id: int, sku: str) -> int | None:
        """The id of the shop's product holding ``sku`` (case-sensitive), if any."""
        rows = self.store.rows(
            "SELECT product_id FROM voso_products WHERE shop_id = ? AND sku = ?", (shop_id, sku)
        )
        return rows[0][0] if rows else None

    def page(
        self,
        shop_id: int,
        *,
        sku: str | None = None,
        status: str | None = None,
        offset: int = 0,
        limit: int = -1,
    ) -> tuple[int, list[tuple[int, Doc]]]:
        """(total, one page) of the shop's products in id order, optionally filtered."""
        where = " FROM voso_products WHERE shop_id = ?"
        args: list[Any] = [shop_id]
        if sku is not None:
            where, args = where + " AND sku = ?", [*args, sku]
        if status is not None:
            where, args = where + " AND status = ?", [*args, status]
        with self.store.locked() as db:
            total = db.execute("SELECT COUNT(*)" + where, args).fetchone()[0]
            rows = db.execute(
                "SELECT product_id, doc" + where + " ORDER BY product_id LIMIT ? OFFSET ?",
                (*args, limit, offset),
            ).fetchall()
        return total, [(row[0], json.loads(row[1])) for row in rows]


@dataclass
class VosoMarket(Market):
    """Voso's shared state: the common parts plus its products table."""

    products: Products = field(kw_only=True)
