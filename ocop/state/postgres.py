"""The shared backend: PostgreSQL through psycopg 3, for many provinces and operators at once.

* A small connection pool serves the engine's threads: every write is its own short
  transaction, committed at once (a read-modify-write locks its row ``FOR UPDATE``); a write
  that loses a race on a unique key is run again.
* A push's locks are session advisory locks on one dedicated connection, one per
  (scope, marketplace): the server frees them when the session ends, however the push died.
  That session asks the server to notice a vanished client within about a minute.
* The URL's password is used to connect and never shown: errors are scrubbed, and the
  application name the server shows is ``ocop pid N on HOST`` (which names a lock's holder).
"""

from __future__ import annotations

import functools
import os
import socket
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pg_errors
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from ocop.errors import StateError, StateLocked
from ocop.i18n import _
from ocop.state.location import redact, scrub
from ocop.state.locks import ScopeLock, pair_key
from ocop.state.rows import Row, Tx
from ocop.state.schema import POSTGRES_MIGRATIONS, SCHEMA_VERSION, statements, steps_from
from ocop.state.scope import Scope
from ocop.state.sql import SqlStore

T = TypeVar("T")
POOL_MAX = 8  # the engine's writes are short; more connections only wait on each other
CONNECT_TIMEOUT_S = 10
WRITE_ATTEMPTS = 3
MIGRATION_LOCK = 0x6F636F70  # "ocop": one migration at a time across every client
RACES = (pg_errors.UniqueViolation, pg_errors.SerializationFailure, pg_errors.DeadlockDetected)
# a dead operator machine's locks are freed once the server notices (about 30 + 3 × 10 s)
LOCK_SESSION = (
    "SET tcp_keepalives_idle = 30",
    "SET tcp_keepalives_interval = 10",
    "SET tcp_keepalives_count = 3",
)


def application_name() -> str:
    """What the server shows for our sessions (63 bytes at most)."""
    return f"ocop pid {os.getpid()} on {socket.gethostname()}"[:63]


def _connect(url: str, **options: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(
        url,
        autocommit=True,
        connect_timeout=CONNECT_TIMEOUT_S,
        application_name=application_name(),
        **options,
    )


def failure(url: str, exc: BaseException) -> StateError:
    """A driver error as ``StateError``, with the URL's secrets masked."""
    error = scrub(str(exc).strip() or type(exc).__name__, url)
    return StateError(
        _("cannot use the state database {path}: {error}").format(path=redact(url), error=error)
    )


@functools.lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


class _PgTx:
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.conn.execute(_pg(sql), params).rowcount

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self.conn.execute(_pg(sql), params).fetchall())

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(_pg(sql), rows)


class PostgresStore(SqlStore):
    """The state in a PostgreSQL database (``postgresql://user:password@host/db``)."""

    backend = "postgresql"
    _for_update = " FOR UPDATE"

    def __init__(self, url: str, pool: ConnectionPool[Any], scope: Scope | None) -> None:
        super().__init__(redact(url), scope)
        self._url = url  # secret: used to connect, never shown
        self._pool = pool

    @classmethod
    def connect(cls, url: str, scope: Scope | None = None) -> PostgresStore:
        """Connect, create or migrate the tables, and open the pool."""
        try:
            with _connect(url) as conn:
                _migrate(conn, redact(url))
            pool: ConnectionPool[Any] = ConnectionPool(
                url,
                min_size=1,
                max_size=POOL_MAX,
                kwargs={
                    "autocommit": True,
                    "row_factory": dict_row,
                    "connect_timeout": CONNECT_TIMEOUT_S,
                    "application_name": application_name(),
                },
                open=False,
                name="ocop-state",
            )
            pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise failure(url, exc) from None
        return cls(url, pool, scope)

    # -- backend hooks ---------------------------------------------------------------------

    def _write(self, work: Callable[[Tx], T]) -> T:
        return self._attempt(lambda conn: _pipelined(conn, work))

    def _one(self, sql: str, params: Sequence[Any]) -> list[Row]:
        # a statement on its own commits by itself: no BEGIN/COMMIT to wait for
        def run(conn: psycopg.Connection[Any]) -> list[Row]:
            cursor = conn.execute(_pg(sql), params)
            return list(cursor.fetchall()) if cursor.description else []

        return self._attempt(run)

    def _attempt(self, run: Callable[[psycopg.Connection[Any]], T]) -> T:
        """``run`` on a pooled connection; again when it lost a race on a key."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self._pool.connection() as conn:
                    return run(conn)
            except RACES as exc:
                if attempt == WRITE_ATTEMPTS:
                    raise failure(self._url, exc) from None
            except psycopg.Error as exc:
                raise failure(self._url, exc) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            with self._pool.connection() as conn:
                return list(conn.execute(_pg(sql), params).fetchall())
        except psycopg.Error as exc:
            raise failure(self._url, exc) from None

    def _stamp(self, value: datetime) -> Any:
        return value

    def _insert_new(self, tx: Tx, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        assert isinstance(tx, _PgTx)
        new = 0
        with tx.conn.cursor() as cursor:
            cursor.executemany(_pg(sql + " RETURNING 1"), rows, returning=True)
            while True:
                new += len(cursor.fetchall())
                if not cursor.nextset():
                    return new

    def _new_lock(self, scope: Scope, marketplaces: Iterable[str]) -> ScopeLock:
        return AdvisoryLocks(self._url, scope, marketplaces)

    def _close_connection(self) -> None:
        self._pool.close()

    def schema_version(self) -> int:
        rows = self._read("SELECT version FROM ocop_schema")
        return int(rows[0]["version"]) if rows else 0


def _pipelined(conn: psycopg.Connection[Any], work: Callable[[Tx], T]) -> T:
    """``work`` in one transaction whose BEGIN, statements and COMMIT go out together: only a
    statement whose rows are read waits for the server (a third of the time of a
    ``transaction()`` block, which waits for each)."""
    try:
        with conn.pipeline():
            conn.execute("BEGIN")
            result = work(_PgTx(conn))
            conn.execute("COMMIT")
    except BaseException:
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            conn.execute("ROLLBACK")
        raise
    return result


def _migrate(conn: psycopg.Connection[Any], where: str) -> None:
    """Create or bring the tables up to ``SCHEMA_VERSION`` (one client at a time)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        exists = conn.execute("SELECT to_regclass('ocop_schema') IS NOT NULL").fetchone()
        if not (exists and exists[0]):
            conn.execute("CREATE TABLE ocop_schema (version integer NOT NULL)")
        row = conn.execute("SELECT version FROM ocop_schema").fetchone()
        version = int(row[0]) if row else 0
        steps = steps_from(POSTGRES_MIGRATIONS, version, where)
        for _number, script in steps:
            for statement in statements(script):
                conn.execute(statement)
        if steps:
            conn.execute("DELETE FROM ocop_schema")
            conn.execute("INSERT INTO ocop_schema (version) VALUES (%s)", (SCHEMA_VERSION,))


def lock_id(scope: Scope, marketplace: str) -> int:
    """The advisory lock key (a signed 64-bit integer) of one (scope, marketplace) pair."""
    return int.from_bytes(pair_key(scope, marketplace), "big", signed=True)


class AdvisoryLocks(ScopeLock):
    """Session advisory locks on one dedicated connection, closed when the last is given back."""

    def __init__(self, url: str, scope: Scope, marketplaces: Iterable[str]) -> None:
        super().__init__(scope, marketplaces)
        self._url = url
        self._conn: psycopg.Connection[Any] | None = None

    def _session(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed:
            try:
                self._conn = _connect(self._url)
                if self._conn.info.server_version >= 140000:  # a DBA's idle timeout must not end it
                    self._conn.execute("SET idle_session_timeout = 0")
                for setting in LOCK_SESSION:
                    self._conn.execute(setting)
            except psycopg.Error as exc:
                raise failure(self._url, exc) from None
        return self._conn

    def _take(self, marketplace: str) -> None:
        key = lock_id(self.scope, marketplace)
        conn = self._session()
        try:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
            if row and row[0]:
                return
            holder = _holder(conn, key)
        except psycopg.Error as exc:
            raise failure(self._url, exc) from None
        raise StateLocked(self.scope.label(), marketplace, holder)

    def _give(self, marketplace: str) -> None:
        if self._conn is None or self._conn.closed:
            return  # the session is gone, and its locks with it
        try:
            self._conn.execute("SELECT pg_advisory_unlock(%s)", (lock_id(self.scope, marketplace),))
        except psycopg.Error:
            self._conn.close()  # closing the session frees whatever it still held

    def release(self) -> None:
        super().release()
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _holder(conn: psycopg.Connection[Any], key: int) -> str:
    """``pid 123 on host since …`` of the session holding ``key``, as far as we may see it."""
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    row = conn.execute(
        "SELECT l.pid, a.application_name, a.backend_start FROM pg_locks l "
        "LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND l.classid = %s::bigint::oid AND l.objid = %s::bigint::oid",
        (unsigned >> 32, unsigned & 0xFFFFFFFF),
    ).fetchone()
    if row is None:
        return "?"  # let go between our try and this look
    pid, name, started = row
    since = f" since {started.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC" if started else ""
    if name and name.startswith("ocop pid "):
        return f"{name.removeprefix('ocop ')}{since}"
    return f"PostgreSQL session {pid}" + (f" ({name})" if name else "") + since
