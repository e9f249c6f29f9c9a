"""Opening a state by where it is: a file path (SQLite) or a ``postgresql://`` URL."""

from __future__ import annotations

from pathlib import Path

from ocop.state.location import is_url
from ocop.state.scope import Scope
from ocop.state.store import StateStore


def open_store(location: str | Path, scope: Scope | None = None) -> StateStore:
    """The state at ``location`` seen through ``scope`` (see ``StateStore.open``).

    Opening with a scope also takes over rows written before scoping existed, when the state
    holds no other scope (a province's own file from an older ocop).
    """
    store: StateStore
    if is_url(location):
        from ocop.state.postgres import PostgresStore  # psycopg only when it is asked for

        store = PostgresStore.connect(str(location), scope)
    else:
        from ocop.state.sqlite import SQLiteStore

        store = SQLiteStore.connect(location, scope)
    if scope is not None:
        try:
            store.claim_legacy()
        except BaseException:
            store.close()
            raise
    return store
