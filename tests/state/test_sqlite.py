"""The state contract on SQLite, and what only a file can do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ocop.errors import StateError
from ocop.state import ListingRecord, Scope, StateStore, default_state_path
from tests.state.contract import TN, StateContract, record
from tests.state.pushes import PushContract


class TestSQLite(StateContract, PushContract):
    @pytest.fixture
    def location(self, tmp_path: Path) -> Path:
        return tmp_path / ".ocop" / "state.db"

    def bump_schema(self, location: str | Path) -> None:
        with sqlite3.connect(location) as db:
            db.execute("PRAGMA user_version = 99")


def test_default_path_is_next_to_the_catalogue(tmp_path: Path) -> None:
    assert default_state_path(tmp_path / "catalog.yaml") == tmp_path / ".ocop" / "state.db"


def test_a_state_in_memory_is_usable_and_locks_within_the_process() -> None:
    with StateStore.open(":memory:", TN) as store:
        store.save_listing(record())
        assert len(store.listings()) == 1
        with store.lock(["voso"]), pytest.raises(StateError):
            store.lock(["voso"]).acquire()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StateError, match=r"cannot use the state database .*state\.db"):
        StateStore.open(path, TN)


V1_ROWS = [
    "INSERT INTO listings (marketplace, sku, product_id, remote_id, url, state, price, stock, "
    "stars, title, pushed_at) VALUES ('voso', 'A-1', 'p1', 'r1', 'http://x/1', 'active', "
    "120000, 5, 4, 'Chè', '2026-01-01T00:00:00+00:00')",
    "INSERT INTO images VALUES ('voso', 'abc', 'http://img/1')",
    "INSERT INTO journal (run_id, marketplace, sku, operation, started_at) "
    "VALUES ('run', 'voso', 'A-2', 'create', '2026-01-01T00:00:00+00:00')",
    "INSERT INTO observations VALUES ('voso', 'A-1', '2026-01-02T00:00:00+00:00', "
    '\'{"marketplace":"voso","sku":"A-1","url":"http://x/1","status":"live",'
    '"observed_at":"2026-01-02T00:00:00Z"}\')',
]


def test_a_state_from_before_scoping_is_migrated_and_taken_over(tmp_path: Path) -> None:
    """A province's state.db written by ocop 0.1 (schema 1): every row survives the upgrade."""
    from ocop.state.schema import SQLITE_MIGRATIONS, statements

    path = tmp_path / "state.db"
    with sqlite3.connect(path) as db:
        for statement in statements(SQLITE_MIGRATIONS[0][1]):
            db.execute(statement)
        for row in V1_ROWS:
            db.execute(row)
        db.execute("PRAGMA user_version = 1")
    with StateStore.open(path, Scope("Thái Nguyên")) as store:
        (listing,) = store.listings()
        assert isinstance(listing, ListingRecord) and (listing.sku, listing.stock) == ("A-1", 5)
        assert store.image_url("voso", "abc") == "http://img/1"
        assert [e.sku for e in store.open_intents("voso")] == ["A-2"]
        assert store.latest_observations()[("voso", "A-1")].status.value == "live"
        assert store.scopes() == [Scope("Thái Nguyên")]
