"""SQLite persistence shared by every sandbox marketplace: one file, each its own tables.

One connection shared by the servers' threads behind a lock: the sandbox's writes are tiny, so
serialising them costs nothing next to the network, and a restart with the same file keeps
every listing, image, moderation request and token. Each marketplace package creates its own
tables with ``ensure`` (named after it, so two never clash) and keeps their rows as a JSON
document plus the few columns it filters on; uploaded images share one table here.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS images (
    marketplace TEXT NOT NULL, image_id TEXT NOT NULL, content_type TEXT NOT NULL,
    data BLOB NOT NULL, PRIMARY KEY (marketplace, image_id));
CREATE TABLE IF NOT EXISTS sandbox_parts (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
"""

Doc = dict[str, Any]
SCHEMA_VERSION = 1
# (the open connection, the version the file had: 0 for a new part) → bring it up to date
Upgrade = Callable[[sqlite3.Connection, int], None]


class Store:
    """The sandbox database; every method is atomic and safe to call from any thread."""

    def __init__(self, path: Path | str | None = None) -> None:
        target = ":memory:" if path is None else str(path)
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        if path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"sandbox database has schema {version}, newer than this ocop"
            )
        self._db.executescript(SCHEMA)
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def ensure(self, part: str, schema: str, version: int, upgrade: Upgrade | None = None) -> None:
        """Create one marketplace's tables (``CREATE TABLE IF NOT EXISTS …`` in ``schema``).

        ``version`` is that part's schema version; a file from an older version is handed to
        ``upgrade`` first, a file from a newer one is refused."""
        with self.locked() as db:
            row = db.execute("SELECT version FROM sandbox_parts WHERE name = ?", (part,)).fetchone()
            found = row[0] if row else 0
            if found > version:
                raise sqlite3.DatabaseError(
                    f"sandbox database has {part} schema {found}, newer than this package"
                )
            if upgrade is not None:
                upgrade(db, found)
            db.executescript(schema)
            db.execute("INSERT OR REPLACE INTO sandbox_parts VALUES (?, ?)", (part, version))

    def close(self) -> None:
        """Close the database (further calls fail)."""
        with self._lock:
            self._db.close()

    @contextmanager
    def locked(self) -> Iterator[sqlite3.Connection]:
        """The connection, held for several statements that must see one state."""
        with self._lock:
            yield self._db

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        """Run one statement."""
        with self._lock:
            return self._db.execute(sql, args)

    def rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Every row of one query."""
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # images (every marketplace) ---------------------------------------------------------------
    def add_image(self, marketplace: str, image_id: str, content_type: str, data: bytes) -> None:
        """Keep an uploaded image."""
        self.execute(
            "INSERT INTO images VALUES (?, ?, ?, ?)", (marketplace, image_id, content_type, data)
        )

    def image(self, marketplace: str, image_id: str) -> tuple[str, bytes] | None:
        """(content type, bytes) of an uploaded image, or None."""
        found = self.rows(
            "SELECT content_type, data FROM images WHERE marketplace = ? AND image_id = ?",
            (marketplace, image_id),
        )
        return (found[0][0], found[0][1]) if found else None
