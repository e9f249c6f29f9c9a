"""ocop's memory of the marketplaces: which SKU is which listing, what was pushed, what was seen.

    from ocop.state import Scope, StateStore
    store = StateStore.open("postgresql://ocop@db/ocop", Scope("Thái Nguyên"))
    store = StateStore.open(default_state_path("catalog.yaml"), Scope("Thái Nguyên"))

Two backends behind one contract (``StateStore``): SQLite, a file next to the catalogue, and
PostgreSQL, one database for many provinces. See ``docs/sync.md`` for the tables and how an
interrupted push is recovered, ``docs/scale.md`` for when to move to PostgreSQL.
"""

from ocop.state.location import is_url, redact
from ocop.state.locks import ScopeLock
from ocop.state.records import JournalEntry, ListingRecord, ListingState
from ocop.state.schema import SCHEMA_VERSION
from ocop.state.scope import LEGACY, Scope
from ocop.state.store import StateStore, default_state_path, now

__all__ = [
    "LEGACY",
    "SCHEMA_VERSION",
    "JournalEntry",
    "ListingRecord",
    "ListingState",
    "Scope",
    "ScopeLock",
    "StateStore",
    "default_state_path",
    "is_url",
    "now",
    "redact",
]
