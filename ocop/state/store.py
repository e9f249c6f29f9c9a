"""The state store: one SQLite file (WAL) per catalogue, written by one push at a time.

Reads are open to everyone (spiders, reports, ``ocop status``); writes from several engine
threads go through one connection under a lock and are committed one by one, so a kill loses
at most the call in flight — and its journal intent tells the next run to reconcile it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ocop.errors import StateError
from ocop.i18n import _
from ocop.observation import Observation
from ocop.state.lock import WriterLock
from ocop.state.records import JournalEntry, ListingRecord
from ocop.state.schema import migrate

STATE_DIR = ".ocop"
STATE_FILE = "state.db"
_LISTING_COLUMNS = tuple(f.name for f in fields(ListingRecord))


def default_state_path(catalog_path: Path | str = "catalog.yaml") -> Path:
    """``.ocop/state.db`` in the catalogue's folder."""
    return Path(catalog_path).resolve().parent / STATE_DIR / STATE_FILE


def now() -> datetime:
    """The current time in UTC (one place, so the format is the same everywhere)."""
    return datetime.now(UTC)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _text(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class StateStore:
    """The state database. Open with ``StateStore.open(path)``; close when done."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self._db = connection
        self._mutex = threading.RLock()
        self._lock = WriterLock(path)

    @classmethod
    def open(cls, path: Path | str) -> StateStore:
        """Open (creating and migrating if needed) the database at ``path``."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=30
            )
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            migrate(connection, str(path))
        except sqlite3.Error as exc:
            raise StateError(
                _("cannot use the state database {path}: {error}").format(path=path, error=exc)
            ) from exc
        except OSError as exc:
            raise StateError(
                _("cannot create the state database {path}: {error}").format(
                    path=path, error=exc.strerror
                )
            ) from exc
        return cls(connection, path)

    def close(self) -> None:
        """Release the writer lock (if held) and the database."""
        self._lock.release()
        self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the writer lock -------------------------------------------------------------------

    def lock(self) -> WriterLock:
        """The single-writer lock; ``with store.lock():`` around a push (``StateLocked``)."""
        return self._lock

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._mutex:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._mutex:
            cursor = self._db.execute(sql, tuple(params))
            cursor.row_factory = sqlite3.Row
            return list(cursor.fetchall())

    # -- listings --------------------------------------------------------------------------

    def listings(self, marketplace: str | None = None) -> list[ListingRecord]:
        """Every known listing (of one marketplace), ordered by marketplace and SKU."""
        where, params = ("WHERE marketplace = ?", [marketplace]) if marketplace else ("", [])
        rows = self._read(f"SELECT * FROM listings {where} ORDER BY marketplace, sku", params)
        return [_listing(row) for row in rows]

    def listing(self, marketplace: str, sku: str) -> ListingRecord | None:
        """The record of one SKU on one marketplace, if any."""
        rows = self._read(
            "SELECT * FROM listings WHERE marketplace = ? AND sku = ?", (marketplace, sku)
        )
        return _listing(rows[0]) if rows else None

    def save_listing(self, record: ListingRecord) -> None:
        """Insert or replace a listing record (committed at once)."""
        values = [getattr(record, name) for name in _LISTING_COLUMNS]
        values = [_text(v) if isinstance(v, datetime) else v for v in values]
        marks = ", ".join("?" for _ in _LISTING_COLUMNS)
        with self._write() as db:
            # a remote id can only belong to one SKU: a re-bind moves it
            if record.remote_id is not None:
                db.execute(
                    "DELETE FROM listings WHERE marketplace = ? AND remote_id = ? AND sku != ?",
                    (record.marketplace, record.remote_id, record.sku),
                )
            db.execute(
                f"INSERT OR REPLACE INTO listings ({', '.join(_LISTING_COLUMNS)}) VALUES ({marks})",
                values,
            )

    def update_listing(self, marketplace: str, sku: str, **changes: Any) -> ListingRecord | None:
        """Change some fields of an existing record; returns the new record (None if absent)."""
        with self._mutex:
            current = self.listing(marketplace, sku)
            if current is None:
                return None
            updated = replace(current, **changes)
            self.save_listing(updated)
            return updated

    def forget_listing(self, marketplace: str, sku: str) -> None:
        """Drop the record of a SKU on a marketplace."""
        with self._write() as db:
            db.execute("DELETE FROM listings WHERE marketplace = ? AND sku = ?", (marketplace, sku))

    # -- images ----------------------------------------------------------------------------

    def image_url(self, marketplace: str, sha256: str) -> str | None:
        """The URL an image with this content hash was uploaded to, if it was."""
        rows = self._read(
            "SELECT url FROM images WHERE marketplace = ? AND sha256 = ?", (marketplace, sha256)
        )
        return str(rows[0]["url"]) if rows else None

    def remember_image(self, marketplace: str, sha256: str, url: str) -> None:
        """Record an uploaded image so it is never uploaded again."""
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO images (marketplace, sha256, url) VALUES (?, ?, ?)",
                (marketplace, sha256, url),
            )

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
        """Write the intent of a remote call before making it; returns the entry id."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO journal (run_id, marketplace, sku, operation, remote_id, detail, "
                "started_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (run_id, marketplace, sku, operation, remote_id, detail, _text(now())),
            )
            return int(cursor.lastrowid or 0)

    def finish(self, entry_id: int, outcome: str, detail: str | None = None) -> None:
        """Record how a journalled call ended ("ok", "failed", "unknown", …)."""
        with self._write() as db:
            db.execute(
                "UPDATE journal SET outcome = ?, finished_at = ?, "
                "detail = COALESCE(?, detail) WHERE id = ?",
                (outcome, _text(now()), detail, entry_id),
            )

    def open_intents(self, marketplace: str) -> list[JournalEntry]:
        """Calls started and never finished on ``marketplace`` (a killed or crashed push)."""
        rows = self._read(
            "SELECT * FROM journal WHERE marketplace = ? AND outcome IS NULL ORDER BY id",
            (marketplace,),
        )
        return [_entry(row) for row in rows]

    def journal(self, limit: int = 100) -> list[JournalEntry]:
        """The newest journal entries, newest first."""
        rows = self._read("SELECT * FROM journal ORDER BY id DESC LIMIT ?", (limit,))
        return [_entry(row) for row in rows]

    # -- observations ----------------------------------------------------------------------

    def record_observations(self, observations: Iterable[Observation]) -> int:
        """Store what spiders saw; returns how many observations were new."""
        rows = [
            (o.marketplace, o.sku, _text(o.observed_at), o.model_dump_json()) for o in observations
        ]
        with self._write() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO observations (marketplace, sku, observed_at, data) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )
            return db.total_changes - before

    def latest_observations(
        self, marketplace: str | None = None
    ) -> dict[tuple[str, str], Observation]:
        """The newest observation of each (marketplace, sku)."""
        where, params = ("WHERE marketplace = ?", [marketplace]) if marketplace else ("", [])
        rows = self._read(f"SELECT marketplace, sku, data FROM observations {where}", params)
        latest: dict[tuple[str, str], Observation] = {}
        for row in rows:
            seen = Observation.model_validate(json.loads(row["data"]))
            key = (str(row["marketplace"]), str(row["sku"]))
            if key not in latest or seen.observed_at > latest[key].observed_at:
                latest[key] = seen
        return latest


def _listing(row: sqlite3.Row) -> ListingRecord:
    values = {name: row[name] for name in _LISTING_COLUMNS}
    values["pushed_at"] = _time(values["pushed_at"])
    return ListingRecord(**values)


def _entry(row: sqlite3.Row) -> JournalEntry:
    return JournalEntry(
        id=row["id"],
        run_id=row["run_id"],
        marketplace=row["marketplace"],
        sku=row["sku"],
        operation=row["operation"],
        remote_id=row["remote_id"],
        detail=row["detail"],
        started_at=datetime.fromisoformat(row["started_at"]),
        finished_at=_time(row["finished_at"]),
        outcome=row["outcome"],
    )
