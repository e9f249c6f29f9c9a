"""ocop's local memory of the marketplaces: which SKU is which listing, what was pushed.

    from ocop.state import StateStore, ListingRecord
    store = StateStore.open(default_state_path("catalog.yaml"))

See ``docs/sync.md`` for the tables and how an interrupted push is recovered.
"""

from ocop.state.lock import WriterLock
from ocop.state.records import JournalEntry, ListingRecord, ListingState
from ocop.state.schema import SCHEMA_VERSION
from ocop.state.store import StateStore, default_state_path, now

__all__ = [
    "SCHEMA_VERSION",
    "JournalEntry",
    "ListingRecord",
    "ListingState",
    "StateStore",
    "WriterLock",
    "default_state_path",
    "now",
]
