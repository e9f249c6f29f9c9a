"""Writer locks per (scope, marketplace): a push holds those it writes, all or none.

Two kinds, both freed by the operating system or the server when their holder dies, even by
SIGKILL, so a killed push never leaves a stale lock behind (the Terraform/Meltano complaint):

* ``FileLocks`` (SQLite): a kernel ``flock`` on one small file per pair next to the database.
  The file records who holds it, for the message the next push shows.
* ``AdvisoryLocks`` (PostgreSQL, in ``ocop.state.postgres``): session advisory locks on one
  dedicated connection; the server drops them with the session.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from ocop.errors import StateLocked
from ocop.state.scope import Scope


def holder_text() -> str:
    """Who is asking: ``pid 123 on host since 2026-07-01 08:00:00 UTC``."""
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"pid {os.getpid()} on {socket.gethostname()} since {started}"


def pair_key(scope: Scope, marketplace: str) -> bytes:
    """A stable digest of one (scope, marketplace) pair."""
    text = "\0".join(("ocop", scope.province, scope.cooperative, marketplace))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()


class ScopeLock(ABC):
    """Exclusive, non-blocking locks on (scope, marketplace) pairs; a context manager.

    ``acquire`` takes every pair or none: when one is held elsewhere it gives back those it
    took and raises ``StateLocked`` naming the scope, the marketplace and the holder.
    """

    def __init__(self, scope: Scope, marketplaces: Iterable[str]) -> None:
        self.scope = scope
        self.marketplaces = sorted(set(marketplaces))
        self._held: list[str] = []

    @property
    def held(self) -> bool:
        return bool(self._held)

    def acquire(self) -> None:
        """Take every pair or raise ``StateLocked`` (nothing held then)."""
        try:
            for marketplace in self.marketplaces:
                self._take(marketplace)
                self._held.append(marketplace)
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        """Give every pair back (idempotent)."""
        while self._held:
            self._give(self._held.pop())

    def __enter__(self) -> ScopeLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    @abstractmethod
    def _take(self, marketplace: str) -> None:
        """Take one pair or raise ``StateLocked``."""

    @abstractmethod
    def _give(self, marketplace: str) -> None:
        """Give one pair back."""


class FileLocks(ScopeLock):
    """``flock`` on ``<database>.<pair digest>.lock`` files next to the database."""

    def __init__(self, database: Path, scope: Scope, marketplaces: Iterable[str]) -> None:
        super().__init__(scope, marketplaces)
        self.database = database
        self._fds: dict[str, int] = {}

    def path(self, marketplace: str) -> Path:
        digest = pair_key(self.scope, marketplace).hex()
        return self.database.with_name(f"{self.database.name}.{digest}.lock")

    def _take(self, marketplace: str) -> None:
        fd = os.open(self.path(marketplace), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 500, 0).decode("utf-8", "replace").strip() or "?"
            os.close(fd)
            raise StateLocked(self.scope.label(), marketplace, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder_text().encode(), 0)
        self._fds[marketplace] = fd

    def _give(self, marketplace: str) -> None:
        fd = self._fds.pop(marketplace, None)
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


class MemoryLocks(ScopeLock):
    """Locks inside one process, for a database that lives in memory (nothing else sees it)."""

    def __init__(self, table: dict[str, str], scope: Scope, marketplaces: Iterable[str]) -> None:
        super().__init__(scope, marketplaces)
        self._table = table

    _guard = threading.Lock()

    def _take(self, marketplace: str) -> None:
        key = pair_key(self.scope, marketplace).hex()
        with self._guard:
            if key in self._table:
                raise StateLocked(self.scope.label(), marketplace, self._table[key])
            self._table[key] = holder_text()

    def _give(self, marketplace: str) -> None:
        with self._guard:
            self._table.pop(pair_key(self.scope, marketplace).hex(), None)
