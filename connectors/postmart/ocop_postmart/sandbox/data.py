"""Postmart's tables in the shared sandbox database: listings, moderation requests, tokens."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ocop.sandbox.store import Doc, Store

SCHEMA = """
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
SCHEMA_VERSION = 1


def upgrade(db: sqlite3.Connection, version: int) -> None:
    """Files from the first development days lack two columns of ``pm_requests``."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(pm_requests)")}
    if columns and "submitted_at" not in columns:
        db.executescript(
            "ALTER TABLE pm_requests ADD COLUMN listing_id TEXT;"
            "ALTER TABLE pm_requests ADD COLUMN submitted_at REAL NOT NULL DEFAULT 0;"
            "UPDATE pm_requests SET listing_id = json_extract(doc, '$.listing_id'),"
            " submitted_at = json_extract(doc, '$.submitted_at');"
        )


def _json(doc: Doc) -> str:
    return json.dumps(doc, ensure_ascii=False)


class PostmartData:
    """Postmart's rows in the sandbox database; every method is atomic."""

    def __init__(self, store: Store) -> None:
        self.store = store
        store.ensure("postmart", SCHEMA, SCHEMA_VERSION, upgrade)

    # listings -------------------------------------------------------------------------------
    def insert_listing(self, store_id: str, doc: Doc) -> int:
        """Store a new listing and return its number (the digits of its id)."""
        cursor = self.store.execute(
            "INSERT INTO pm_listings (store_id, seller_sku, status, doc) VALUES (?, ?, ?, ?)",
            (store_id, doc["seller_sku"], doc["status"], _json(doc)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def listing(self, num: int) -> tuple[str, Doc] | None:
        """(store id, document) of a listing, or None."""
        rows = self.store.rows("SELECT store_id, doc FROM pm_listings WHERE num = ?", (num,))
        return (rows[0][0], json.loads(rows[0][1])) if rows else None

    def update_listing(self, num: int, doc: Doc) -> None:
        """Replace a listing's document."""
        self.store.execute(
            "UPDATE pm_listings SET seller_sku = ?, status = ?, doc = ? WHERE num = ?",
            (doc["seller_sku"], doc["status"], _json(doc), num),
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
        rows = self.store.rows(sql + " ORDER BY num LIMIT ? OFFSET ?", (*args, limit, offset))
        return [(row[0], json.loads(row[1])) for row in rows]

    # moderation requests --------------------------------------------------------------------
    def add_request(self, doc: Doc) -> None:
        """Store a new moderation request (``request_id state listing_id submitted_at``)."""
        self.store.execute(
            "INSERT INTO pm_requests (request_id, state, listing_id, submitted_at, doc)"
            " VALUES (?, ?, ?, ?, ?)",
            (doc["request_id"], doc["state"], doc["listing_id"], doc["submitted_at"], _json(doc)),
        )

    def request(self, request_id: str) -> Doc | None:
        """A moderation request, or None."""
        rows = self.store.rows("SELECT doc FROM pm_requests WHERE request_id = ?", (request_id,))
        return json.loads(rows[0][0]) if rows else None

    def update_request(self, doc: Doc) -> None:
        """Replace a moderation request's document."""
        self.store.execute(
            "UPDATE pm_requests SET state = ?, listing_id = ?, doc = ? WHERE request_id = ?",
            (doc["state"], doc["listing_id"], _json(doc), doc["request_id"]),
        )

    def pending_requests(self, submitted_before: float) -> list[Doc]:
        """Requests still waiting for moderation, submitted before a time, oldest first."""
        rows = self.store.rows(
            "SELECT doc FROM pm_requests WHERE state = 'pending_review' AND submitted_at <= ?"
            " ORDER BY seq",
            (submitted_before,),
        )
        return [json.loads(row[0]) for row in rows]

    def has_pending_request(self, listing_id: str) -> bool:
        """True while a change to ``listing_id`` waits for moderation."""
        rows = self.store.rows(
            "SELECT 1 FROM pm_requests WHERE state = 'pending_review' AND listing_id = ? LIMIT 1",
            (listing_id,),
        )
        return bool(rows)

    # tokens ---------------------------------------------------------------------------------
    def add_token(self, token: str, client_id: str, expires_at: float) -> None:
        """Remember an issued access token."""
        self.store.execute("INSERT INTO pm_tokens VALUES (?, ?, ?)", (token, client_id, expires_at))

    def token(self, token: str) -> tuple[str, float] | None:
        """(client id, expiry as Unix time) of a token, or None when it was never issued."""
        rows = self.store.rows(
            "SELECT client_id, expires_at FROM pm_tokens WHERE token = ?", (token,)
        )
        return (rows[0][0], rows[0][1]) if rows else None

    def expire_tokens(self) -> int:
        """Make every issued token expired (tests of the client's re-authentication)."""
        return self.store.execute("UPDATE pm_tokens SET expires_at = 0").rowcount
