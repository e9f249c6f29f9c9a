"""SQLite persistence of the sandbox Shopee: shops, authorisation codes, tokens and items.

Its own tables in the sandbox kit's ``Store`` (one locked connection, the shared ``images``
table keyed by marketplace), which also holds the other sandboxes' tables. An item is a JSON
document (its models and tier variation inside it) plus the columns that are filtered on.
Tokens are kept as issued so that a restart with the same file keeps the shop authorised.
Shops are rows too: the world's two are seeded, and more can be opened (``open_shop``), each
with its own items under Shopee's per-shop item limit, as a national programme's provinces or
cooperatives each sell from a shop of their own.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ocop.sandbox.store import Store
from ocop_shopee.sandbox.world import PARTNERS, SHOPS, Shop

SCHEMA = """
CREATE TABLE IF NOT EXISTS sp_shops (
    shop_id INTEGER PRIMARY KEY, partner_id INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sp_codes (
    code TEXT PRIMARY KEY, partner_id INTEGER NOT NULL, shop_id INTEGER NOT NULL,
    expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sp_access (
    token TEXT PRIMARY KEY, partner_id INTEGER NOT NULL, shop_id INTEGER NOT NULL,
    expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sp_refresh (
    token TEXT PRIMARY KEY, partner_id INTEGER NOT NULL, shop_id INTEGER NOT NULL,
    expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sp_items (
    item_id INTEGER PRIMARY KEY AUTOINCREMENT, shop_id INTEGER NOT NULL,
    item_sku TEXT NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sp_items_shop ON sp_items (shop_id, status);
CREATE TABLE IF NOT EXISTS sp_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO sp_counters VALUES ('model_id', 900000000);
"""
SCHEMA_VERSION = 2  # 2: sp_shops (version 1 files gain it as they are opened)
FIRST_ITEM_ID = 800_000_000  # item ids in Shopee's range

Doc = dict[str, Any]


class ShopeeStore:
    """The sandbox Shopee's tables in the shared store; every method is atomic and thread-safe."""

    def __init__(self, store: Store) -> None:
        self.store = store
        store.ensure("shopee", SCHEMA, SCHEMA_VERSION)
        with store.locked() as db:
            if not db.execute("SELECT 1 FROM sqlite_sequence WHERE name = 'sp_items'").fetchall():
                db.execute("INSERT INTO sqlite_sequence VALUES ('sp_items', ?)", (FIRST_ITEM_ID,))
            db.executemany(
                "INSERT OR IGNORE INTO sp_shops VALUES (?, ?, ?)",
                [(s, p.partner_id, SHOPS[s].name) for p in PARTNERS.values() for s in p.shop_ids],
            )

    def _run(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        return self.store.execute(sql, args)

    def _all(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.store.rows(sql, args)

    # images (the kit's shared table) --------------------------------------------------------
    def add_image(self, image_id: str, content_type: str, data: bytes) -> None:
        """Keep an uploaded image."""
        self.store.add_image("shopee", image_id, content_type, data)

    def image(self, image_id: str) -> tuple[str, bytes] | None:
        """(content type, bytes) of an uploaded image, or None."""
        return self.store.image("shopee", image_id)

    # shops ----------------------------------------------------------------------------------
    def shop(self, shop_id: int) -> tuple[int, Shop] | None:
        """(the partner it may authorise, the shop), or None when there is no such shop."""
        rows = self._all("SELECT partner_id, name FROM sp_shops WHERE shop_id = ?", (shop_id,))
        return (rows[0][0], Shop(shop_id, rows[0][1])) if rows else None

    def shops(self, partner_id: int) -> list[Shop]:
        """The shops that may authorise ``partner_id``, in id order."""
        rows = self._all(
            "SELECT shop_id, name FROM sp_shops WHERE partner_id = ? ORDER BY shop_id",
            (partner_id,),
        )
        return [Shop(row[0], row[1]) for row in rows]

    def open_shop(self, partner_id: int, name: str) -> Shop:
        """A new shop (the next free id), whose seller may authorise ``partner_id``."""
        with self.store.locked() as db:
            row = db.execute("SELECT MAX(shop_id) FROM sp_shops").fetchone()
            shop = Shop(int(row[0] or 300_000) + 1, name)
            db.execute(
                "INSERT INTO sp_shops VALUES (?, ?, ?)", (shop.shop_id, partner_id, shop.name)
            )
            return shop

    # codes and tokens ---------------------------------------------------------------------
    def add_code(self, code: str, partner_id: int, shop_id: int, expires_at: float) -> None:
        """Remember an authorisation code (single use)."""
        self._run(
            "INSERT INTO sp_codes VALUES (?, ?, ?, ?, 0)", (code, partner_id, shop_id, expires_at)
        )

    def take_code(self, code: str, now: float) -> tuple[int, int] | None:
        """(partner id, shop id) of an unused, unexpired code, which is now spent."""
        with self.store.locked() as db:
            row = db.execute(
                "SELECT partner_id, shop_id, expires_at, used FROM sp_codes WHERE code = ?", (code,)
            ).fetchone()
            if row is None or row[3] or row[2] < now:
                return None
            db.execute("UPDATE sp_codes SET used = 1 WHERE code = ?", (code,))
            return row[0], row[1]

    def add_tokens(
        self, partner_id: int, shop_id: int, access: tuple[str, float], refresh: tuple[str, float]
    ) -> None:
        """Remember an issued pair: (token, expiry) each."""
        with self.store.locked() as db:
            db.execute(
                "INSERT INTO sp_access VALUES (?, ?, ?, ?)",
                (access[0], partner_id, shop_id, access[1]),
            )
            db.execute(
                "INSERT INTO sp_refresh VALUES (?, ?, ?, ?, 0)",
                (refresh[0], partner_id, shop_id, refresh[1]),
            )

    def access(self, token: str) -> tuple[int, int, float] | None:
        """(partner id, shop id, expiry) of an issued access token."""
        rows = self._all(
            "SELECT partner_id, shop_id, expires_at FROM sp_access WHERE token = ?", (token,)
        )
        return (rows[0][0], rows[0][1], rows[0][2]) if rows else None

    def take_refresh(self, token: str, partner_id: int, shop_id: int, now: float) -> str:
        """Spend a refresh token: "ok", or why not ("unknown", "used", "expired")."""
        with self.store.locked() as db:
            row = db.execute(
                "SELECT partner_id, shop_id, expires_at, used FROM sp_refresh WHERE token = ?",
                (token,),
            ).fetchone()
            if row is None or (row[0], row[1]) != (partner_id, shop_id):
                return "unknown"
            if row[3]:
                return "used"
            if row[2] < now:
                return "expired"
            db.execute("UPDATE sp_refresh SET used = 1 WHERE token = ?", (token,))
            return "ok"

    def expire_tokens(self, access: bool = True, refresh: bool = False) -> int:
        """Expire every access (and/or refresh) token issued so far; returns how many."""
        count = 0
        if access:
            count += self._run("UPDATE sp_access SET expires_at = 0").rowcount
        if refresh:
            count += self._run("UPDATE sp_refresh SET expires_at = 0").rowcount
        return count

    # items ----------------------------------------------------------------------------------
    def insert_item(self, shop_id: int, doc: Doc) -> int:
        """Store a new item; its id is written into the document too."""
        with self.store.locked() as db:
            cursor = db.execute(
                "INSERT INTO sp_items (shop_id, item_sku, status, doc) VALUES (?, ?, ?, '{}')",
                (shop_id, doc.get("item_sku", ""), doc["item_status"]),
            )
            item_id = cursor.lastrowid
            assert item_id is not None
            doc["item_id"] = item_id
            db.execute("UPDATE sp_items SET doc = ? WHERE item_id = ?", (_dump(doc), item_id))
            return item_id

    def item(self, item_id: int) -> tuple[int, Doc] | None:
        """(shop id, document) of an item, or None."""
        rows = self._all("SELECT shop_id, doc FROM sp_items WHERE item_id = ?", (item_id,))
        return (rows[0][0], json.loads(rows[0][1])) if rows else None

    def save_item(self, doc: Doc) -> None:
        """Replace an item's document."""
        self._run(
            "UPDATE sp_items SET item_sku = ?, status = ?, doc = ? WHERE item_id = ?",
            (doc.get("item_sku", ""), doc["item_status"], _dump(doc), doc["item_id"]),
        )

    def items(self, shop_id: int, statuses: tuple[str, ...]) -> list[Doc]:
        """The shop's items in the given statuses, in id order."""
        marks = ",".join("?" * len(statuses))
        rows = self._all(
            f"SELECT doc FROM sp_items WHERE shop_id = ? AND status IN ({marks}) ORDER BY item_id",
            (shop_id, *statuses),
        )
        return [json.loads(row[0]) for row in rows]

    def next_model_id(self) -> int:
        """A fresh model id."""
        with self.store.locked() as db:
            db.execute("UPDATE sp_counters SET value = value + 1 WHERE name = 'model_id'")
            row = db.execute("SELECT value FROM sp_counters WHERE name = 'model_id'").fetchone()
            return int(row[0])


def _dump(doc: Doc) -> str:
    return json.dumps(doc, ensure_ascii=False)
