"""The state contract in SQL, written once for both backends.

Queries use ``?`` placeholders and SQL both SQLite and PostgreSQL speak (``ON CONFLICT``,
``RETURNING``, window functions). A backend supplies the connection (``_write`` runs a unit of
work in one transaction, ``_read`` one query), how a time is bound, and its locks. Rows are
ordered in Python, so both backends return the same order whatever the server's collation.
"""

from __future__ import annotations

import copy
import hashlib
from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from ocop.errors import StateError
from ocop.i18n import _
from ocop.observation import Observation, Seen
from ocop.state.locks import ScopeLock
from ocop.state.records import JournalEntry, ListingRecord
from ocop.state.rows import (
    IN_SCOPE,
    JOURNAL_COLUMNS,
    LISTING_COLUMNS,
    MOVE_REMOTE_ID,
    PLAIN_FIELDS,
    SCOPED_TABLES,
    UPSERT_LISTING,
    Row,
    Tx,
    entry_of,
    in_scope,
    listing_of,
    seen_of,
    seen_query,
    utc,
)
from ocop.state.scope import LEGACY, Scope
from ocop.state.store import StateStore, now

T = TypeVar("T")


class SqlStore(StateStore):
    """``StateStore`` over a SQL connection supplied by a backend subclass."""

    _for_update: ClassVar[str] = ""  # row lock clause of a read-modify-write

    def __init__(self, location: str, scope: Scope | None) -> None:
        self.location = location
        self._scope = scope
        self._resolved: Scope | None = None  # the store's only scope, when opened without one
        self._owner = True  # False for handles made by within(): they share the connection
        self._locks: list[ScopeLock] = []

    # -- backend hooks ---------------------------------------------------------------------

    @abstractmethod
    def _write(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one transaction and commit it."""

    @abstractmethod
    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """The rows of one query."""

    def _one(self, sql: str, params: Sequence[Any]) -> list[Row]:
        """One statement committed on its own; the rows it returns, if any."""
        return self._write(lambda tx: tx.fetch(sql, params))

    @abstractmethod
    def _stamp(self, value: datetime) -> Any:
        """How a (UTC) time is bound as a parameter."""

    @abstractmethod
    def _insert_new(self, tx: Tx, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        """Run an ``INSERT … ON CONFLICT DO NOTHING`` for every row; how many were new."""

    @abstractmethod
    def _new_lock(self, scope: Scope, marketplaces: Iterable[str]) -> ScopeLock:
        """A lock object of this backend (not taken yet)."""

    @abstractmethod
    def _close_connection(self) -> None:
        """Close what the backend opened."""

    # -- lifecycle and scopes -------------------------------------------------------------

    @property
    def scope(self) -> Scope:
        if self._scope is not None:
            return self._scope
        # opened without a scope: the store's only one. While that is the rows from before
        # scoping, look again each time (cheaply): a catalogue may take them over meanwhile.
        if self._resolved is None or (self._resolved.is_legacy and self._any_named()):
            self._resolved = self._only_scope()
        return self._resolved

    def _any_named(self) -> bool:
        named = "SELECT 1 FROM {t} WHERE province <> '' LIMIT 1"
        return any(self._read(named.format(t=t)) for t in ("listings", "catalogues"))

    def _only_scope(self) -> Scope:
        found = self.scopes()
        if len(found) > 1:
            raise StateError(
                _(
                    "the state {location} holds the listings of several catalogues ({scopes}); "
                    "say which one with --catalog"
                ).format(location=self.location, scopes="; ".join(s.label() for s in found))
            )
        return found[0] if found else LEGACY

    @property
    def _key(self) -> tuple[str, str]:
        return (self.scope.province, self.scope.cooperative)

    def within(self, scope: Scope) -> SqlStore:
        handle = copy.copy(self)
        handle._scope, handle._owner, handle._locks = scope, False, []
        return handle

    def scopes(self) -> list[Scope]:
        rows = self._read(
            "SELECT province, cooperative FROM listings "
            "UNION SELECT province, cooperative FROM catalogues"
        )
        return sorted({Scope(r["province"], r["cooperative"]) for r in rows})

    def claim_legacy(self) -> bool:
        """Rows written before scoping become this scope's, when no other scope has rows yet.

        A state from ocop < 0.2 belonged to one catalogue: the first that opens it with its
        scope is that one. Returns True when rows were taken over.
        """
        scope = self.scope
        probe = [f"SELECT 1 FROM {t} WHERE province = '' LIMIT 1" for t in SCOPED_TABLES]
        if scope.is_legacy or not any(self._read(sql) for sql in probe):
            return False

        def work(tx: Tx) -> bool:
            named = "SELECT 1 FROM {t} WHERE province <> '' LIMIT 1"
            if any(tx.fetch(named.format(t=t)) for t in ("listings", "catalogues")):
                return False
            for table in SCOPED_TABLES:
                tx.run(
                    f"UPDATE {table} SET province = ?, cooperative = ? WHERE province = ''",
                    (scope.province, scope.cooperative),
                )
            return True

        return self._write(work)

    def drop_scope(self) -> None:
        key = self._key  # resolved outside the transaction (it may have to read)

        def work(tx: Tx) -> None:
            for table in (*SCOPED_TABLES, "catalogues"):
                tx.run(f"DELETE FROM {table} WHERE {IN_SCOPE}", key)

        self._write(work)

    def close(self) -> None:
        while self._locks:
            self._locks.pop().release()
        if self._owner:
            self._close_connection()

    def lock(self, marketplaces: Iterable[str]) -> ScopeLock:
        taken = self._new_lock(self.scope, marketplaces)
        self._locks.append(taken)
        return taken

    # -- listings --------------------------------------------------------------------------

    def listings(self, marketplace: str | None = None) -> list[ListingRecord]:
        where, params = in_scope(self._key, marketplace)
        rows = self._read(f"SELECT * FROM listings WHERE {where}", params)
        return sorted((listing_of(row) for row in rows), key=lambda r: (r.marketplace, r.sku))

    def listing(self, marketplace: str, sku: str) -> ListingRecord | None:
        rows = self._read(
            f"SELECT * FROM listings WHERE {IN_SCOPE} AND marketplace = ? AND sku = ?",
            (*self._key, marketplace, sku),
        )
        return listing_of(rows[0]) if rows else None

    def save_listings(self, records: Iterable[ListingRecord]) -> None:
        batch, key = list(records), self._key
        if batch:
            self._write(lambda tx: self._save(tx, key, batch))

    def _save(self, tx: Tx, key: tuple[str, str], records: Sequence[ListingRecord]) -> None:
        ids = [(r.marketplace, r.remote_id) for r in records if r.remote_id is not None]
        rows = [(*key, *self._values(r)) for r in records]
        if len(records) > 1 and len(set(ids)) == len(ids):  # no remote id twice: in bulk
            moves = [(*key, *r) for r in self._moves(records)]
            tx.many(MOVE_REMOTE_ID, moves)
            tx.many(UPSERT_LISTING, rows)
            return
        for record, row in zip(records, rows, strict=True):
            for move in self._moves([record]):  # a remote id belongs to one SKU: re-binds move it
                tx.run(MOVE_REMOTE_ID, (*key, *move))
            tx.run(UPSERT_LISTING, row)

    @staticmethod
    def _moves(records: Sequence[ListingRecord]) -> list[tuple[str, str, str]]:
        return [(r.marketplace, r.remote_id, r.sku) for r in records if r.remote_id is not None]

    def _values(self, record: ListingRecord) -> list[Any]:
        values = [getattr(record, name) for name in LISTING_COLUMNS]
        return [self._stamp(utc(v)) if isinstance(v, datetime) else v for v in values]

    def update_listing(self, marketplace: str, sku: str, **changes: Any) -> ListingRecord | None:
        key = self._key
        if changes and set(changes) <= PLAIN_FIELDS:  # one UPDATE: nothing moves
            values = [
                self._stamp(utc(v)) if isinstance(v, datetime) else v for v in changes.values()
            ]
            rows = self._one(
                f"UPDATE listings SET {', '.join(f'{c} = ?' for c in changes)} "
                f"WHERE {IN_SCOPE} AND marketplace = ? AND sku = ? RETURNING *",
                (*values, *key, marketplace, sku),
            )
            return listing_of(rows[0]) if rows else None

        def work(tx: Tx) -> ListingRecord | None:
            rows = tx.fetch(
                f"SELECT * FROM listings WHERE {IN_SCOPE} AND marketplace = ? AND sku = ?"
                + self._for_update,
                (*key, marketplace, sku),
            )
            if not rows:
                return None
            updated = replace(listing_of(rows[0]), **changes)
            self._save(tx, key, [updated])
            return updated

        return self._write(work)

    def forget_listing(self, marketplace: str, sku: str) -> None:
        self._one(
            f"DELETE FROM listings WHERE {IN_SCOPE} AND marketplace = ? AND sku = ?",
            (*self._key, marketplace, sku),
        )

    # -- images ----------------------------------------------------------------------------

    def image_url(self, marketplace: str, sha256: str) -> str | None:
        rows = self._read(
            f"SELECT url FROM images WHERE {IN_SCOPE} AND marketplace = ? AND sha256 = ?",
            (*self._key, marketplace, sha256),
        )
        return str(rows[0]["url"]) if rows else None

    def remember_images(self, images: Iterable[tuple[str, str, str]]) -> None:
        key = self._key
        rows = [(*key, marketplace, sha256, url) for marketplace, sha256, url in images]
        if rows:
            self._write(
                lambda tx: tx.many(
                    "INSERT INTO images (province, cooperative, marketplace, sha256, url) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (province, cooperative, marketplace, "
                    "sha256) DO UPDATE SET url = excluded.url",
                    rows,
                )
            )

    def images(self) -> list[tuple[str, str, str]]:
        rows = self._read(
            f"SELECT marketplace, sha256, url FROM images WHERE {IN_SCOPE}", self._key
        )
        return sorted((r["marketplace"], r["sha256"], r["url"]) for r in rows)

    # -- journal ---------------------------------------------------------------------------

    def begin(
        self,
        run_id: str,
        marketplace: str,
        operation: str,
        sku: str | None = None,
        remote_id: str | None = None,
        detail: str | None = None,
    ) -> int:
        params = (*self._key, run_id, marketplace, sku, operation, remote_id, detail)
        rows = self._one(
            f"INSERT INTO journal ({JOURNAL_COLUMNS}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL) RETURNING id",
            (*params, self._stamp(now())),
        )
        return int(rows[0]["id"])

    def finish(self, entry_id: int, outcome: str, detail: str | None = None) -> None:
        self._one(
            "UPDATE journal SET outcome = ?, finished_at = ?, detail = COALESCE(?, detail) "
            f"WHERE id = ? AND {IN_SCOPE}",
            (outcome, self._stamp(now()), detail, entry_id, *self._key),
        )

    def open_intents(self, marketplace: str) -> list[JournalEntry]:
        rows = self._read(
            f"SELECT * FROM journal WHERE {IN_SCOPE} AND marketplace = ? AND outcome IS NULL "
            "ORDER BY id",
            (*self._key, marketplace),
        )
        return [entry_of(row) for row in rows]

    def journal(self, limit: int | None = 100) -> list[JournalEntry]:
        tail, params = (" LIMIT ?", (*self._key, limit)) if limit is not None else ("", self._key)
        rows = self._read(f"SELECT * FROM journal WHERE {IN_SCOPE} ORDER BY id DESC{tail}", params)
        return [entry_of(row) for row in rows]

    def import_journal(self, entries: Iterable[JournalEntry]) -> int:
        key = self._key
        rows = [
            (
                *key,
                e.run_id,
                e.marketplace,
                e.sku,
                e.operation,
                e.remote_id,
                e.detail,
                self._stamp(utc(e.started_at)),
                self._stamp(utc(e.finished_at)) if e.finished_at else None,
                e.outcome,
            )
            for e in sorted(entries, key=lambda e: e.id)
        ]
        marks = ", ".join("?" for _ in range(11))
        if rows:
            self._write(
                lambda tx: tx.many(
                    f"INSERT INTO journal ({JOURNAL_COLUMNS}) VALUES ({marks})", rows
                )
            )
        return len(rows)

    # -- observations ----------------------------------------------------------------------

    def record_observations(self, observations: Iterable[Observation]) -> int:
        key = self._key
        rows = [
            (*key, o.marketplace, o.sku, self._stamp(utc(o.observed_at)), o.model_dump_json())
            for o in observations
        ]
        if not rows:
            return 0
        sql = (
            "INSERT INTO observations (province, cooperative, marketplace, sku, observed_at, data) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
        )
        return self._write(lambda tx: self._insert_new(tx, sql, rows))

    def seen(
        self, marketplace: str | None = None, until: datetime | None = None
    ) -> dict[tuple[str, str], Seen]:
        where, params = in_scope(self._key, marketplace)
        if until is not None:
            where, params = f"{where} AND observed_at <= ?", (*params, self._stamp(utc(until)))
        sql, marks = seen_query(where)
        return seen_of(self._read(sql, (*marks, *params)))

    def observation_history(self) -> Iterator[Observation]:
        rows = self._read(
            f"SELECT data FROM observations WHERE {IN_SCOPE} ORDER BY observed_at", self._key
        )
        for row in rows:
            yield Observation.model_validate_json(row["data"])

    # -- the catalogue pushed --------------------------------------------------------------

    def remember_catalogue(self, data: str) -> bool:
        digest, key = hashlib.sha256(data.encode("utf-8")).hexdigest(), self._key

        def work(tx: Tx) -> bool:
            rows = tx.fetch(f"SELECT sha256 FROM catalogues WHERE {IN_SCOPE}", key)
            if rows and rows[0]["sha256"] == digest:
                return False
            tx.run(
                "INSERT INTO catalogues (province, cooperative, sha256, data, saved_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (province, cooperative) DO UPDATE SET "
                "sha256 = excluded.sha256, data = excluded.data, saved_at = excluded.saved_at",
                (*key, digest, data, self._stamp(now())),
            )
            return True

        return self._write(work)

    def catalogue(self) -> str | None:
        rows = self._read(f"SELECT data FROM catalogues WHERE {IN_SCOPE}", self._key)
        return str(rows[0]["data"]) if rows else None
