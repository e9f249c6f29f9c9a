"""SQLite persistence for both sandbox marketplaces.

One connection shared by the server's threads behind a lock: the sandbox's writes are tiny, so
serialising them costs nothing next to the network, and a restart with the same file keeps every
listing, image, moderation request and token. Rows keep the resource as a JSON document plus the
few columns that are filtered on.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS images (
    marketplace TEXT NOT NULL, image_id TEXT NOT NULL, content_type TEXT NOT NULL,
    data BLOB NOT NULL, PRIMARY KEY (marketplace, image_id));
CREATE TABLE IF NOT EXISTS voso_products (
    product_id INTEGER PRIMARY KEY AUTOINCREMENT, shop_id INTEGER NOT NULL,
    sku TEXT NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS voso_products_sku ON voso_products (shop_id, sku);
CREATE TABLE IF NOT EXISTS pm_listings (
    num INTEGER PRIMARY KEY AUTOINCREMENT, store_id TEXT NOT NULL, seller_sku TEXT NOT NULL,
    status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pm_requests (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL, listing_id TEXT, submitted_at REAL NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pm_requests_pending ON pm_requests (state, submitted_at);
CREATE TABLE IF NOT EXISTS pm_tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires_at REAL NOT NULL);
"""

Doc = dict[str, Any]
SCHEMA_VERSION = 1


class Store:
    """The sandbox database; every method is atomic and safe to call from any thread."""

    def __init__(self, path: Path | str | None = None) -> None:
        target = ":memory:" if path is None else str(path)
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        if path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._upgrade()
        self._db.executescript(SCHEMA)
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _upgrade(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"sandbox database has schema {version}, newer than this ocop"
            )
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(pm_requests)")}
        if columns and "submitted_at" not in columns:  # files from the first development days
            self._db.executescript(
                "ALTER TABLE pm_requests ADD COLUMN listing_id TEXT;"
                "ALTER TABLE pm_requests ADD COLUMN submitted_at REAL NOT NULL DEFAULT 0;"
                "UPDATE pm_requests SET listing_id = json_extract(doc, '$.listing_id'),"
                " submitted_at = json_extract(doc, '$.submitted_at');"
            )

    def close(self) -> None:
        """Close the database (further calls fail)."""
        with self._lock:
            self._db.close()

    def _run(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, args)

    def _all(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # images (both marketplaces) -------------------------------------------------------------
    def add_image(self, marketplace: str, image_id: str, content_type: str, data: bytes) -> None:
        """Keep an uploaded image."""
        self._run(
            "INSERT INTO images VALUES (?, ?, ?, ?)", (marketplace, image_id, content_type, data)
        )

    def image(self, marketplace: str, image_id: str) -> tuple[str, bytes] | None:
        """(content type, bytes) of an uploaded image, or None."""
        rows = self._all(
            "SELECT content_type, data FROM images WHERE marketplace = ? AND image_id = ?",
            (marketplace, image_id),
        )
        return (rows[0][0], rows[0][1]) if rows else None

    # Voso products ----------------------------------------------------------------------------
    def insert_product(self, shop_id: int, doc: Doc) -> int:
        """Store a new product and return its id."""
        cursor = self._run(
            "INSERT INTO voso_products (shop_id, sku, status, doc) VALUES (?, ?, ?, ?)",
            (shop_id, doc["sku"], doc["status"], json.dumps(doc, ensure_ascii=False)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def product(self, product_id: int) -> tuple[int, Doc] | None:
        """(shop id, document) of a product, or None when it does not exist."""
        rows = self._all(
            "SELECT shop_id, doc FROM voso_products WHERE product_id = ?", (product_id,)
        )
        return (rows[0][0], json.loads(rows[0][1])) if rows else None

    def update_product(self, product_id: int, doc: Doc) -> None:
        """Replace a product's document."""
        self._run(
            "UPDATE voso_products SET sku = ?, status = ?, doc = ? WHERE product_id = ?",
            (doc["sku"], doc["status"], json.dumps(doc, ensure_ascii=False), product_id),
        )

    def delete_product(self, product_id: int) -> bool:
        """Remove a product for good (its SKU becomes free); False if it did not exist."""
        return (
            self._run("DELETE FROM voso_products WHERE product_id = ?", (product_id,)).rowcount > 0
        )

    def product_with_sku(self, shop_id: int, sku: str) -> int | None:
        """The id of the shop's product holding ``sku`` (case-sensitive), if any."""
        rows = self._all(
            "SELECT product_id FROM voso_products WHERE shop_id = ? AND sku = ?", (shop_id, sku)
        )
        return rows[0][0] if rows else None

    def products(
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
        with self._lock:
            total = self._db.execute("SELECT COUNT(*)" + where, args).fetchone()[0]
            rows = self._db.execute(
                "SELECT product_id, doc" + where + " ORDER BY product_id LIMIT ? OFFSET ?",
                (*args, limit, offset),
            ).fetchall()
        return total, [(row[0], json.loads(row[1])) for row in rows]

    # Postmart listings ------------------------------------------------------------------------
    def insert_listing(self, store_id: str, doc: Doc) -> int:
        """Store a new listing and return its number (the digits of its id)."""
        cursor = self._run(
            "INSERT INTO pm_listings (store_id, seller_sku, status, doc) VALUES (?, ?, ?, ?)",
            (store_id, doc["seller_sku"], doc["status"], json.dumps(doc, ensure_ascii=False)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def listing(self, num: int) -> tuple[str, Doc] | None:
        """(store id, document) of a listing, or None."""
        rows = self._all("SELECT store_id, doc FROM pm_listings WHERE num = ?", (num,))
        return (rows[0][0], json.loads(rows[0][1])) if rows else None

    def update_listing(self, num: int, doc: Doc) -> None:
        """Replace a listing's document."""
        self._run(
            "UPDATE pm_listings SET seller_sku = ?, status = ?, doc = ? WHERE num = ?",
            (doc["seller_sku"], doc["status"], json.dumps(doc, ensure_ascii=False), num),
        )

    def listings(
        self,
        store_id: str,
        *,
        after: int = 0,
        limit: int = -1,
        offset: int = 0,
        seller_sku: str | None = None,
        status: str | None = None,
    ) -> list[tuple[int, Doc]]:
        """The store's listings numbered above ``after``, in order, optionally filtered."""
        sql = "SELECT num, doc FROM pm_listings WHERE store_id = ? AND num > ?"
        args: list[Any] = [store_id, after]
        if seller_sku is not None:
            sql, args = sql + " AND seller_sku = ?", [*args, seller_sku]
        if status is not None:
            sql, args = sql + " AND status = ?", [*args, status]
        rows = self._all(sql + " ORDER BY num LIMIT ? OFFSET ?", (*args, limit, offset))
        return [(row[0], json.loads(row[1])) for row in rows]

    # Postmart moderation requests -------------------------------------------------------------
    def add_request(self, doc: Doc) -> None:
        """Store a new moderation request (``request_id state listing_id submitted_at``)."""
        self._run(
            "INSERT INTO pm_requests (request_id, state, listing_id, submitted_at, doc)"
            " VALUES (?, ?, ?, ?, ?)",
            (doc["request_id"], doc["state"], doc["listing_id"], doc["submitted_at"],
             json.dumps(doc, ensure_ascii=False)),
        )  # fmt: skip

    def request(self, request_id: str) -> Doc | None:
        """A moderation request, or None."""
        rows = self._all("SELECT doc FROM pm_requests WHERE request_id = ?", (request_id,))
        return json.loads(rows[0][0]) if rows else None

    def update_request(self, doc: Doc) -> None:
        """Replace a moderation request's document."""
        self._run(
            "UPDATE pm_requests SET state = ?, listing_id = ?, doc = ? WHERE request_id = ?",
            (
                doc["state"],
                doc["listing_id"],
                json.dumps(doc, ensure_ascii=False),
                doc["request_id"],
            ),
        )

    def pending_requests(self, submitted_before: float) -> list[Doc]:
        """Requests still waiting for moderation, submitted before a time, oldest first."""
        rows = self._all(
            "SELECT doc FROM pm_requests WHERE state = 'pending_review' AND submitted_at <= ?"
            " ORDER BY seq",
            (submitted_before,),
        )
        return [json.loads(row[0]) for row in rows]

    def has_pending_request(self, listing_id: str) -> bool:
        """True while a change to ``listing_id`` waits for moderation."""
        rows = self._all(
            "SELECT 1 FROM pm_requests WHERE state = 'pending_review' AND listing_id = ? LIMIT 1",
            (listing_id,),
        )
        return bool(rows)

    # Postmart tokens --------------------------------------------------------------------------
    def add_token(self, token: str, client_id: str, expires_at: float) -> None:
        """Remember an issued access token."""
        self._run("INSERT INTO pm_tokens VALUES (?, ?, ?)", (token, client_id, expires_at))

    def token(self, token: str) -> tuple[str, float] | None:
        """(client id, expiry as Unix time) of a token, or None when it was never issued."""
        rows = self._all("SELECT client_id, expires_at FROM pm_tokens WHERE token = ?", (token,))
        return (rows[0][0], rows[0][1]) if rows else None

    def expire_tokens(self) -> int:
        """Make every issued token expired (tests of the client's re-authentication)."""
        return self._run("UPDATE pm_tokens SET expires_at = 0").rowcount
