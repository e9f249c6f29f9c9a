"""The state contract: what the engine, ``ocop verify`` and the reports ask of a state store.

    StateStore                 this contract (abstract); ``StateStore.open(location, scope)``
    └── SqlStore               the contract in SQL, written once (``ocop.state.sql``)
        ├── SQLiteStore        one file, WAL, one writer at a time, ``flock`` scope locks
        └── PostgresStore      psycopg 3 pool, advisory scope locks (``postgresql://`` URLs)

Every row belongs to a ``Scope`` (a catalogue's province and optional cooperative); a handle
reads and writes its own scope only, and ``within(scope)`` gives a handle on another scope over
the same connection. A push takes ``lock(marketplaces)``: the (scope, marketplace) pairs it
writes, so pushes of different provinces run at once while a second push of the same scope
and marketplace is refused with ``StateLocked``. Writes are committed one by one, so a killed
push loses at most the call in flight, and its journal intent tells the next run to reconcile.

Errors: ``StateError`` (cannot open, cannot reach, from a newer ocop, several scopes and none
chosen) and its subclass ``StateLocked``. Messages name the location with any password masked.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from ocop.observation import Observation, Seen
from ocop.state.locks import ScopeLock
from ocop.state.records import JournalEntry, ListingRecord
from ocop.state.scope import Scope

STATE_DIR = ".ocop"
STATE_FILE = "state.db"


def default_state_path(catalog_path: Path | str = "catalog.yaml") -> Path:
    """``.ocop/state.db`` in the catalogue's folder."""
    return Path(catalog_path).resolve().parent / STATE_DIR / STATE_FILE


def now() -> datetime:
    """The current time in UTC (one place, so the format is the same everywhere)."""
    return datetime.now(UTC)


class StateStore(ABC):
    """A state database seen through one scope. Open with ``StateStore.open``; close when done."""

    backend: ClassVar[str]  # "sqlite" or "postgresql"
    location: str  # where it is, fit to print (a URL's password masked)

    @classmethod
    def open(cls, location: str | Path, scope: Scope | None = None) -> StateStore:
        """Open (creating and migrating if needed) the state at a path or ``postgresql://`` URL.

        ``scope`` None: the store's only scope (an empty store: rows without a province, which
        the first catalogue to open it with its scope takes over).
        """
        from ocop.state.opening import open_store

        return open_store(location, scope)

    # -- lifecycle and scopes -------------------------------------------------------------

    @property
    @abstractmethod
    def scope(self) -> Scope:
        """The scope this handle reads and writes (``StateError`` when it is ambiguous)."""

    @abstractmethod
    def within(self, scope: Scope) -> StateStore:
        """A handle on ``scope`` sharing this one's connection (closing it keeps the connection)."""

    @abstractmethod
    def scopes(self) -> list[Scope]:
        """Every scope with listings or a recorded catalogue, in order."""

    @abstractmethod
    def claim_legacy(self) -> bool:
        """Take over rows written before scoping (ocop < 0.2) when no other scope has any."""

    @abstractmethod
    def schema_version(self) -> int:
        """The schema version of the database."""

    @abstractmethod
    def drop_scope(self) -> None:
        """Delete every row of this scope (a copy to redo, a catalogue that left the state)."""

    @abstractmethod
    def close(self) -> None:
        """Release this handle's locks and, if it opened it, the connection."""

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"

    @abstractmethod
    def lock(self, marketplaces: Iterable[str]) -> ScopeLock:
        """The writer lock of (this scope, each marketplace); ``with store.lock([...]):``."""

    # -- listings --------------------------------------------------------------------------

    @abstractmethod
    def listings(self, marketplace: str | None = None) -> list[ListingRecord]:
        """Every known listing (of one marketplace), ordered by marketplace and SKU."""

    @abstractmethod
    def listing(self, marketplace: str, sku: str) -> ListingRecord | None:
        """The record of one SKU on one marketplace, if any."""

    @abstractmethod
    def save_listings(self, records: Iterable[ListingRecord]) -> None:
        """Insert or replace records, in one transaction; a remote id moves to its new SKU."""

    def save_listing(self, record: ListingRecord) -> None:
        """Insert or replace one record (committed at once)."""
        self.save_listings([record])

    @abstractmethod
    def update_listing(self, marketplace: str, sku: str, **changes: Any) -> ListingRecord | None:
        """Change some fields of an existing record; returns the new record (None if absent)."""

    @abstractmethod
    def forget_listing(self, marketplace: str, sku: str) -> None:
        """Drop the record of a SKU on a marketplace."""

    # -- images ----------------------------------------------------------------------------

    @abstractmethod
    def image_url(self, marketplace: str, sha256: str) -> str | None:
        """The URL an image with this content hash was uploaded to, if it was."""

    def remember_image(self, marketplace: str, sha256: str, url: str) -> None:
        """Record an uploaded image so it is never uploaded again."""
        self.remember_images([(marketplace, sha256, url)])

    @abstractmethod
    def remember_images(self, images: Iterable[tuple[str, str, str]]) -> None:
        """Record (marketplace, sha256, url) of uploaded images, in one transaction."""

    @abstractmethod
    def images(self) -> list[tuple[str, str, str]]:
        """Every remembered image as (marketplace, sha256, url)."""

    # -- journal ---------------------------------------------------------------------------

    @abstractmethod
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

    @abstractmethod
    def finish(self, entry_id: int, outcome: str, detail: str | None = None) -> None:
        """Record how a journalled call ended ("ok", "failed", "unknown", …)."""

    @abstractmethod
    def open_intents(self, marketplace: str) -> list[JournalEntry]:
        """Calls started and never finished on ``marketplace`` (a killed or crashed push)."""

    @abstractmethod
    def journal(self, limit: int | None = 100) -> list[JournalEntry]:
        """The newest journal entries, newest first (``None``: all of them)."""

    @abstractmethod
    def import_journal(self, entries: Iterable[JournalEntry]) -> int:
        """Append entries as they are (a copy from another state); returns how many."""

    # -- observations ----------------------------------------------------------------------

    @abstractmethod
    def record_observations(self, observations: Iterable[Observation]) -> int:
        """Store what spiders saw; returns how many observations were new."""

    @abstractmethod
    def seen(
        self, marketplace: str | None = None, until: datetime | None = None
    ) -> dict[tuple[str, str], Seen]:
        """What is known of each (marketplace, sku): its newest observation and its newest
        trustworthy one (``ocop.observation.Seen``), counting observations made up to
        ``until`` (default: all)."""

    def latest_observations(
        self, marketplace: str | None = None
    ) -> dict[tuple[str, str], Observation]:
        """The newest observation of each (marketplace, sku), whatever it showed."""
        return {key: seen.latest for key, seen in self.seen(marketplace).items()}

    @abstractmethod
    def observation_history(self) -> Iterator[Observation]:
        """Every observation kept, oldest first."""

    # -- the catalogue pushed --------------------------------------------------------------

    @abstractmethod
    def remember_catalogue(self, data: str) -> bool:
        """Keep the catalogue (as JSON) this scope last pushed; True when it changed."""

    @abstractmethod
    def catalogue(self) -> str | None:
        """The catalogue (as JSON) this scope last pushed, if any."""
