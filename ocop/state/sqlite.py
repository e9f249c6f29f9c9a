"""The embedded backend: one SQLite file in WAL mode, the default next to the catalogue.

Reads are open to everyone (spiders, reports, ``ocop status``); writes from the engine's threads
go through one connection under a lock and are committed one by one. SQLite lets one writer in
at a time: pushes of different scopes sharing a file take turns per transaction (each waits
up to 30 s), which suits a province; many provinces at once are PostgreSQL's job
(``docs/scale.md``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from ocop.errors import StateError
from ocop.i18n import _
from ocop.state.locks import FileLocks, MemoryLocks, ScopeLock
from ocop.state.rows import Row, Tx
from ocop.state.schema import SCHEMA_VERSION, SQLITE_MIGRATIONS, statements, steps_from
from ocop.state.scope import Scope
from ocop.state.sql import SqlStore

T = TypeVar("T")
MEMORY = ":memory:"
BUSY_TIMEOUT_S = 30


def _as_dict(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


class _SQLiteTx:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.db.execute(sql, tuple(params)).rowcount

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self.db.execute(sql, tuple(params)).fetchall())

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.db.executemany(sql, rows)


class SQLiteStore(SqlStore):
    """The state in one SQLite file (or in memory, for a plan with no state yet)."""

    backend = "sqlite"

    def __init__(self, connection: sqlite3.Connection, path: Path, scope: Scope | None) -> None:
        super().__init__(str(path), scope)
        self.path = path
        self._db = connection
        self._mutex = threading.RLock()
        self._memory_locks: dict[str, str] = {}

    @classmethod
    def connect(cls, path: Path | str, scope: Scope | None = None) -> SQLiteStore:
        """Open (creating and migrating if needed) the database at ``path``."""
        path = Path(path)
        try:
            if str(path) != MEMORY:
                path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_S
            )
            connection.row_factory = _as_dict
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            _migrate(connection, str(path))
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
        return cls(connection, path, scope)

    # -- backend hooks ---------------------------------------------------------------------

    def _write(self, work: Callable[[Tx], T]) -> T:
        with self._guarded(), self._mutex:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = work(_SQLiteTx(self._db))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return result

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._guarded(), self._mutex:
            return list(self._db.execute(sql, tuple(params)).fetchall())

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        try:
            yield
        except (
            sqlite3.OperationalError
        ) as exc:  # locked for longer than the busy timeout, disk full…
            raise StateError(
                _("cannot use the state database {path}: {error}").format(
                    path=self.location, error=exc
                )
            ) from exc

    def _stamp(self, value: datetime) -> Any:
        return value.isoformat()

    def _insert_new(self, tx: Tx, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        before = self._db.total_changes
        tx.many(sql, rows)
        return self._db.total_changes - before

    def _new_lock(self, scope: Scope, marketplaces: Iterable[str]) -> ScopeLock:
        if str(self.path) == MEMORY:
            return MemoryLocks(self._memory_locks, scope, marketplaces)
        return FileLocks(self.path, scope, marketplaces)

    def _close_connection(self) -> None:
        self._db.close()

    def schema_version(self) -> int:
        rows = self._read("PRAGMA user_version")
        return int(next(iter(rows[0].values())))


def _migrate(connection: sqlite3.Connection, where: str) -> None:
    """Bring the database up to ``SCHEMA_VERSION``; refuse one from a newer ocop.

    The version is read and the migrations applied inside one ``BEGIN IMMEDIATE``, so two
    processes opening a new database at once cannot both create the tables.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = int(next(iter(connection.execute("PRAGMA user_version").fetchone().values())))
        for _number, script in steps_from(SQLITE_MIGRATIONS, version, where):
            for statement in statements(script):
                connection.execute(statement)
        if version < SCHEMA_VERSION:
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
