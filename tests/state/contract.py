"""The state contract, one suite every backend runs (vdirsyncer's storage tests idea).

A backend's test module subclasses ``StateContract`` and provides the ``location`` fixture (a
fresh, empty state: a file path or a ``postgresql://`` URL) and ``bump_schema`` (make the
database look as if a newer ocop wrote it).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ocop.errors import StateError, StateLocked
from ocop.observation import Observation, PageStatus
from ocop.state import SCHEMA_VERSION, JournalEntry, ListingRecord, Scope, StateStore

TN = Scope("Thái Nguyên")
BK = Scope("Bắc Kạn")
HTX = Scope("Thái Nguyên", "htx-che-hao-dat")
T0 = datetime(2026, 1, 1, tzinfo=UTC)


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
        "pushed_at": T0,
        "last_error": None,
        "request_id": None,
    }
    values.update(changes)
    return ListingRecord(**values)  # type: ignore[arg-type]


def seen(sku: str, hours: int, status: PageStatus = PageStatus.LIVE) -> Observation:
    return Observation(
        marketplace="voso",
        sku=sku,
        url=f"http://x/{sku}",
        status=status,
        observed_at=T0 + timedelta(hours=hours),
    )


def wait_for_lock(location: str | Path, scope: Scope, marketplace: str) -> None:
    """Take and give back the lock, trying for a while (a server notices a dead client soon)."""
    deadline = time.monotonic() + 30
    while True:
        with StateStore.open(location, scope) as store:
            try:
                with store.lock([marketplace]):
                    return
            except StateLocked:
                if time.monotonic() > deadline:
                    raise
        time.sleep(0.2)


class StateContract:
    """Every test here runs on every backend."""

    @pytest.fixture
    def location(self) -> str | Path:
        raise NotImplementedError

    def bump_schema(self, location: str | Path) -> None:
        raise NotImplementedError

    @pytest.fixture
    def store(self, location: str | Path) -> Iterator[StateStore]:
        with StateStore.open(location, TN) as opened:
            yield opened

    # -- listings --------------------------------------------------------------------------

    def test_listing_round_trip_and_update(self, location: str | Path) -> None:
        with StateStore.open(location, TN) as store:
            store.save_listing(record())
            store.save_listing(record("B-1", None, state="unknown", marketplace="postmart"))
            assert store.listings("voso") == [record()]
            assert [r.sku for r in store.listings()] == ["B-1", "A-1"]
            updated = store.update_listing("voso", "A-1", price=125000)
            assert updated is not None and updated.price == 125000
            assert store.update_listing("voso", "nope", price=1) is None
        with StateStore.open(location, TN) as store:
            found = store.listing("voso", "A-1")
            assert found is not None and found.price == 125000
            assert found.pushed_at == T0

    def test_every_field_survives_the_round_trip(self, store: StateStore) -> None:
        full = record(
            stock=7,
            content_hash="c" * 64,
            offer_hash="o" * 64,
            review_reason="ảnh mờ",
            last_error="lỗi",
            request_id="req-1",
            pushed_at=datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC),
        )
        store.save_listing(full)
        assert store.listing("voso", "A-1") == full

    def test_a_remote_id_belongs_to_one_sku(self, store: StateStore) -> None:
        store.save_listing(record("A-1", "r1"))
        store.save_listing(record("A-2", "r1"))
        assert [r.sku for r in store.listings()] == ["A-2"]
        store.update_listing("voso", "A-2", remote_id="r2")
        store.save_listings([record("A-3", "r2"), record("A-4", "r3")])
        assert [(r.sku, r.remote_id) for r in store.listings()] == [("A-3", "r2"), ("A-4", "r3")]

    def test_a_batch_is_saved_whole(self, store: StateStore) -> None:
        store.save_listings([record(f"S-{n}", f"r{n}") for n in range(50)])
        store.save_listings([record("S-1", "r1", price=1), record("S-2", "r1", price=2)])
        assert len(store.listings()) == 49
        assert store.listing("voso", "S-1") is None
        forgotten = store.listings()[0]
        store.forget_listing("voso", forgotten.sku)
        assert store.listing("voso", forgotten.sku) is None

    def test_writes_from_many_threads(self, store: StateStore) -> None:
        def work(n: int) -> None:
            for k in range(20):
                store.save_listing(record(f"T{n}-{k}", f"r{n}-{k}"))
                entry = store.begin("run", "voso", "create", sku=f"T{n}-{k}")
                store.finish(entry, "ok")
                store.update_listing("voso", f"T{n}-{k}", stock=k)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(store.listings()) == 160
        assert len({e.id for e in store.journal(None)}) == 160
        assert store.listing("voso", "T3-19") == record("T3-19", "r3-19", stock=19)

    # -- images, journal, observations, catalogue ------------------------------------------

    def test_images_are_remembered_per_marketplace(self, store: StateStore) -> None:
        store.remember_image("voso", "abc", "http://img/1")
        store.remember_image("voso", "abc", "http://img/2")
        assert store.image_url("voso", "abc") == "http://img/2"
        assert store.image_url("postmart", "abc") is None
        assert store.images() == [("voso", "abc", "http://img/2")]

    def test_journal_keeps_unfinished_intents(self, store: StateStore) -> None:
        done = store.begin("run1", "voso", "create", sku="A-1")
        store.finish(done, "ok", "r1")
        open_ = store.begin("run1", "voso", "create", sku="A-2", detail="intent")
        assert [e.id for e in store.open_intents("voso")] == [open_]
        assert store.open_intents("postmart") == []
        newest, oldest = store.journal()
        assert (newest.id, newest.outcome, newest.detail) == (open_, None, "intent")
        assert (oldest.outcome, oldest.detail) == ("ok", "r1")
        assert oldest.finished_at is not None and oldest.finished_at >= oldest.started_at
        assert [e.id for e in store.journal(1)] == [open_]

    def test_a_journal_is_copied_in_order(self, store: StateStore) -> None:
        entries = [
            JournalEntry(n, "run", "voso", f"S{n}", "create", None, None, T0, None, None)
            for n in (3, 1, 2)
        ]
        assert store.import_journal(entries) == 3
        assert [e.sku for e in store.journal(None)] == ["S3", "S2", "S1"]
        assert [e.sku for e in store.open_intents("voso")] == ["S1", "S2", "S3"]

    def test_latest_observation_wins(self, store: StateStore) -> None:
        crawl = [seen("A-1", 2), seen("A-1", 1, PageStatus.REMOVED), seen("B-1", 1)]
        assert store.record_observations(crawl) == 3
        assert store.record_observations(crawl) == 0
        assert store.record_observations([]) == 0
        latest = store.latest_observations("voso")
        assert latest[("voso", "A-1")].status is PageStatus.LIVE
        assert set(latest) == {("voso", "A-1"), ("voso", "B-1")}
        assert store.latest_observations("postmart") == {}
        history = list(store.observation_history())
        assert [o.observed_at for o in history] == sorted(o.observed_at for o in crawl)

    def test_a_blocked_or_error_answer_keeps_the_last_trustworthy_observation(
        self, store: StateStore
    ) -> None:
        captcha = seen("A-1", 3, PageStatus.BLOCKED).model_copy(
            update={"title": 'Tiêu đề có "status":"live" trong đó', "detail": "captcha"}
        )
        crawl = [seen("A-1", 1), seen("A-1", 2, PageStatus.REMOVED), captcha]
        crawl += [seen("B-1", 1, PageStatus.ERROR), seen("C-1", 1), seen("C-1", 4)]
        store.record_observations(crawl)
        known = store.seen("voso")
        a, b, c = known[("voso", "A-1")], known[("voso", "B-1")], known[("voso", "C-1")]
        assert (a.latest.status, a.latest.detail) == (PageStatus.BLOCKED, "captcha")
        assert a.trustworthy is not None and a.trustworthy.status is PageStatus.REMOVED
        assert (b.latest.status, b.trustworthy) == (PageStatus.ERROR, None)
        assert c.latest == c.trustworthy == seen("C-1", 4)
        # a report as of an earlier moment counts the observations made up to then
        earlier = store.seen(until=T0 + timedelta(hours=2))
        assert earlier[("voso", "A-1")].latest.status is PageStatus.REMOVED
        assert earlier[("voso", "C-1")].latest == seen("C-1", 1)
        assert store.seen("postmart") == {}

    def test_the_same_moment_in_another_zone_is_the_same_observation(
        self, store: StateStore
    ) -> None:
        hanoi = seen("A-1", 0).model_copy(
            update={"observed_at": T0.astimezone(timezone(timedelta(hours=7)))}
        )
        assert hanoi.observed_at.isoformat() == "2026-01-01T07:00:00+07:00"
        assert store.record_observations([seen("A-1", 0)]) == 1
        assert store.record_observations([hanoi]) == 0

    def test_the_pushed_catalogue_is_kept(self, store: StateStore) -> None:
        assert store.catalogue() is None
        assert store.remember_catalogue('{"province": "Thái Nguyên"}') is True
        assert store.remember_catalogue('{"province": "Thái Nguyên"}') is False
        assert store.remember_catalogue('{"province": "Thái Nguyên", "x": 1}') is True
        assert store.catalogue() == '{"province": "Thái Nguyên", "x": 1}'

    # -- scopes ----------------------------------------------------------------------------

    def test_scopes_keep_their_rows_apart(self, location: str | Path) -> None:
        with StateStore.open(location, TN) as tn:
            bk, htx = tn.within(BK), tn.within(HTX)
            for handle, price in ((tn, 1), (bk, 2), (htx, 3)):
                handle.save_listing(record(price=price))
                handle.remember_image("voso", "abc", f"http://img/{price}")
                handle.record_observations([seen("A-1", price)])
                handle.begin("run", "voso", "create", sku="A-1")
                handle.remember_catalogue(f"catalogue {price}")
            for handle, price in ((tn, 1), (bk, 2), (htx, 3)):
                assert [r.price for r in handle.listings()] == [price]
                assert handle.image_url("voso", "abc") == f"http://img/{price}"
                assert len(handle.open_intents("voso")) == 1
                assert len(handle.journal(None)) == 1
                assert handle.catalogue() == f"catalogue {price}"
                (only,) = handle.latest_observations().values()
                assert only.observed_at == T0 + timedelta(hours=price)
            assert tn.scopes() == sorted([TN, BK, HTX])
            bk.forget_listing("voso", "A-1")
            assert tn.listing("voso", "A-1") is not None

    def test_a_scope_is_dropped_whole(self, location: str | Path) -> None:
        with StateStore.open(location, TN) as tn:
            bk = tn.within(BK)
            for handle in (tn, bk):
                handle.save_listing(record())
                handle.begin("run", "voso", "create", sku="A-1")
                handle.remember_images([("voso", "abc", "http://img/1"), ("postmart", "abc", "u")])
                handle.record_observations([seen("A-1", 1)])
                handle.remember_catalogue("catalogue")
            bk.drop_scope()
            assert (bk.listings(), bk.journal(None), bk.images()) == ([], [], [])
            assert (bk.latest_observations(), bk.catalogue()) == ({}, None)
            assert tn.scopes() == [TN]
            assert len(tn.images()) == 2 and tn.catalogue() == "catalogue"

    def test_a_store_of_several_scopes_must_be_told_which(self, location: str | Path) -> None:
        with StateStore.open(location, TN) as tn:
            tn.save_listing(record())
            tn.within(BK).save_listing(record())
        with StateStore.open(location) as unscoped:
            assert unscoped.scopes() == [BK, TN]
            with pytest.raises(StateError, match="Bắc Kạn; Thái Nguyên"):
                unscoped.listings()
        with StateStore.open(location, BK) as bk:
            assert len(bk.listings()) == 1

    def test_rows_from_before_scoping_go_to_the_first_catalogue(self, location: str | Path) -> None:
        with StateStore.open(location) as old:  # an empty store, no scope: an old ocop's rows
            old.save_listing(record())
            old.begin("run", "voso", "create", sku="A-1")
            old.record_observations([seen("A-1", 1)])
            old.remember_image("voso", "abc", "http://img/1")
        with StateStore.open(location) as unscoped:
            assert unscoped.scope.is_legacy
            with StateStore.open(location, TN) as tn:
                assert [r.sku for r in tn.listings()] == ["A-1"]
                assert len(tn.open_intents("voso")) == 1
                assert tn.latest_observations() and tn.image_url("voso", "abc")
                assert tn.scopes() == [TN]
            # a handle opened before the take-over follows its rows
            assert unscoped.scope == TN and [r.sku for r in unscoped.listings()] == ["A-1"]

    def test_old_rows_are_not_taken_by_a_second_catalogue(self, location: str | Path) -> None:
        with StateStore.open(location, TN) as tn:
            tn.save_listing(record())
            tn.within(Scope("")).save_listing(record("OLD-1", None))
        with StateStore.open(location, BK) as bk:
            assert bk.listings() == []
        with StateStore.open(location, TN) as tn:
            assert [r.sku for r in tn.listings()] == ["A-1"]

    # -- schema ----------------------------------------------------------------------------

    def test_a_new_store_is_at_the_current_schema(self, store: StateStore) -> None:
        assert store.schema_version() == SCHEMA_VERSION

    def test_newer_schema_is_refused(self, location: str | Path) -> None:
        StateStore.open(location, TN).close()
        self.bump_schema(location)
        with pytest.raises(StateError, match="newer ocop"):
            StateStore.open(location, TN)

    # -- locks -----------------------------------------------------------------------------

    def test_a_second_writer_of_the_same_scope_is_refused(self, location: str | Path) -> None:
        with (
            StateStore.open(location, TN) as first,
            first.lock(["voso", "postmart"]),
            StateStore.open(location, TN) as second,
        ):
            with pytest.raises(StateLocked, match=r"Thái Nguyên on postmart \(pid \d+ on .+ since"):
                second.lock(["postmart"]).acquire()
            with second.lock(["shopee"]), second.within(BK).lock(["voso"]):
                pass  # another marketplace, another province: no conflict
            with second.within(HTX).lock(["voso"]):
                pass  # a cooperative's own catalogue is its own scope

    def test_a_lock_is_all_or_nothing(self, location: str | Path) -> None:
        with StateStore.open(location, TN) as first, StateStore.open(location, TN) as second:
            with first.lock(["postmart"]), pytest.raises(StateLocked):
                second.lock(["voso", "postmart", "zalo"]).acquire()
            with first.lock(["voso"]):  # the refused lock let go of voso
                pass

    def test_closing_a_store_releases_its_locks(self, location: str | Path) -> None:
        first = StateStore.open(location, TN)
        first.lock(["voso"]).acquire()
        first.close()
        with StateStore.open(location, TN) as second, second.lock(["voso"]):
            pass

    def test_a_killed_holder_frees_the_lock(self, location: str | Path) -> None:
        code = (
            "import sys,time; from ocop.state import StateStore, Scope;"
            f"s=StateStore.open({str(location)!r}, Scope('Thái Nguyên'));"
            "s.lock(['voso']).acquire(); print('ok', flush=True); time.sleep(120)"
        )
        holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
            with StateStore.open(location, TN) as store, pytest.raises(StateLocked) as refused:
                store.lock(["voso"]).acquire()
            assert f"pid {holder.pid} on" in str(refused.value)
        finally:
            holder.kill()  # SIGKILL: no clean-up of any kind
            holder.wait()
        wait_for_lock(location, TN, "voso")
