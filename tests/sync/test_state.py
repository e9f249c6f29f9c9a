"""The state store: schema, records, journal, observations, the writer lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ocop.errors import StateError, StateLocked
from ocop.observation import Observation, PageStatus
from ocop.state import SCHEMA_VERSION, ListingRecord, StateStore, default_state_path


def record(sku: str = "A-1", remote_id: str | None = "r1", **changes: object) -> ListingRecord:
    values: dict[str, object] = {
        "marketplace": "voso",
        "sku": sku,
        "product_id": "p1",
        "remote_id": remote_id,
        "url": "http://x/1",
        "state": "active",
        "price": 120000,
        "stars": 4,
        "title": "Chè",
        "pushed_at": datetime(2026, 1, 1, tzinfo=UTC),
        "last_error": None,
        "request_id": None,
    }
    values.update(changes)
    return ListingRecord(**values)  # type: ignore[arg-type]


def test_default_path_is_next_to_the_catalogue(tmp_path: Path) -> None:
    assert default_state_path(tmp_path / "catalog.yaml") == tmp_path / ".ocop" / "state.db"


def test_listing_round_trip_and_update(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.db") as store:
        store.save_listing(record())
        store.save_listing(record("B-1", None, state="unknown", marketplace="postmart"))
        assert store.listings("voso") == [record()]
        assert [r.sku for r in store.listings()] == ["B-1", "A-1"]
        updated = store.update_listing("voso", "A-1", price=125000)
        assert updated is not None and updated.price == 125000
    with StateStore.open(tmp_path / "s.db") as store:
        found = store.listing("voso", "A-1")
        assert found is not None and found.price == 125000
        assert found.pushed_at == datetime(2026, 1, 1, tzinfo=UTC)


def test_a_remote_id_belongs_to_one_sku(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.db") as store:
        store.save_listing(record("A-1", "r1"))
        store.save_listing(record("A-2", "r1"))
        assert [r.sku for r in store.listings()] == ["A-2"]


def test_journal_keeps_unfinished_intents(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.db") as store:
        done = store.begin("run1", "voso", "create", sku="A-1")
        store.finish(done, "ok", "r1")
        open_ = store.begin("run1", "voso", "create", sku="A-2")
        assert [e.id for e in store.open_intents("voso")] == [open_]
        assert store.open_intents("postmart") == []
        assert store.journal()[1].outcome == "ok"


def test_images_are_remembered_per_marketplace(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.db") as store:
        store.remember_image("voso", "abc", "http://img/1")
        assert store.image_url("voso", "abc") == "http://img/1"
        assert store.image_url("postmart", "abc") is None


def test_latest_observation_wins(tmp_path: Path) -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    seen = [
        Observation(
            marketplace="voso",
            sku="A-1",
            url="http://x",
            status=status,
            observed_at=t0 + timedelta(hours=h),
        )
        for h, status in ((2, PageStatus.LIVE), (1, PageStatus.REMOVED))
    ]
    with StateStore.open(tmp_path / "s.db") as store:
        assert store.record_observations(seen) == 2
        assert store.record_observations(seen) == 0
        latest = store.latest_observations("voso")
        assert latest[("voso", "A-1")].status is PageStatus.LIVE
        assert store.latest_observations("postmart") == {}


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    StateStore.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StateError, match="newer ocop"):
        StateStore.open(path)


def test_second_writer_is_refused_and_a_dead_holder_frees_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with (
        StateStore.open(path) as first,
        first.lock(),
        StateStore.open(path) as second,
        pytest.raises(StateLocked, match=r"pid \d+"),
    ):
        second.lock().acquire()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from ocop.state import StateStore;"
            f"s=StateStore.open({str(path)!r}); s.lock().acquire(); print('ok', flush=True);"
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with StateStore.open(path) as store, pytest.raises(StateLocked):
            store.lock().acquire()
    finally:
        holder.kill()
        holder.wait()
    with StateStore.open(path) as store, store.lock():
        pass
