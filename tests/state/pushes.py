"""Pushes through the real engine on each backend: provinces side by side, the same scope twice,
a push killed with SIGKILL. Part of the state contract (``StateContract`` mixes it in)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from ocop.connector import RemoteListing
from ocop.engine import Outcome, push
from ocop.errors import StateLocked
from ocop.model import Catalog
from ocop.state import Scope, StateStore
from tests.sync.catalogs import Item, write_catalog
from tests.sync.conftest import AS_OF
from tests.sync.fake import FakeConnector, FakeMarketplace, voso_like

ROOT = Path(__file__).resolve().parents[2]


class Meeting(FakeConnector):
    """Reads the shop only once every push in the meeting is inside its lock, reading too."""

    def __init__(self, market: FakeMarketplace, meeting: threading.Barrier) -> None:
        super().__init__(market)
        self.meeting = meeting

    def iter_listings(self) -> Iterator[RemoteListing]:
        self.meeting.wait(timeout=30)  # broken (an error) if the pushes ran one after the other
        yield from super().iter_listings()


class Holding(FakeConnector):
    """Reads the shop only when ``release`` is set; says so through ``inside``."""

    def __init__(self, market: FakeMarketplace) -> None:
        super().__init__(market)
        self.inside, self.release = threading.Event(), threading.Event()

    def iter_listings(self) -> Iterator[RemoteListing]:
        self.inside.set()
        assert self.release.wait(timeout=30)
        yield from super().iter_listings()


def province_catalog(folder: Path, province: str, skus: Sequence[str]) -> Catalog:
    catalog = write_catalog(folder, [Item(sku) for sku in skus])
    return catalog.model_copy(update={"province": province})


KILLED_PUSH = """
import sys, time
from datetime import date
from ocop.engine import push
from ocop.loading import load_catalog
from ocop.state import Scope, StateStore
from tests.sync.fake import FakeConnector, voso_like

class Dies(FakeConnector):
    def create(self, draft, image_urls):
        if draft.sku == "TN-2":
            print("ok", flush=True)
            time.sleep(120)  # killed here, with the intent of this create written
        return super().create(draft, image_urls)

catalog = load_catalog(sys.argv[2])
with StateStore.open(sys.argv[1], Scope.of(catalog)) as store:
    push(catalog, store, [Dies(voso_like())], date(2026, 1, 1))
"""


class PushContract:
    def test_two_provinces_push_at_the_same_time(
        self, location: str | Path, tmp_path: Path
    ) -> None:
        catalogs = {
            "Thái Nguyên": province_catalog(tmp_path / "tn", "Thái Nguyên", ["TN-1", "TN-2"]),
            "Bắc Kạn": province_catalog(tmp_path / "bk", "Bắc Kạn", ["BK-1", "TN-1"]),
        }
        meeting = threading.Barrier(len(catalogs))
        outcomes: dict[str, list[Outcome]] = {}
        errors: list[BaseException] = []

        def operator(catalog: Catalog) -> None:  # each operator: own process-like connection
            try:
                with StateStore.open(location, Scope.of(catalog)) as store:
                    connector = Meeting(voso_like(), meeting)
                    outcomes[catalog.province] = push(catalog, store, [connector], AS_OF)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=operator, args=(c,)) for c in catalogs.values()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert all(o.ok for each in outcomes.values() for o in each)
        with StateStore.open(location) as store:
            assert store.scopes() == [Scope("Bắc Kạn"), Scope("Thái Nguyên")]
            for province, skus in (
                ("Thái Nguyên", ["TN-1", "TN-2"]),
                ("Bắc Kạn", ["BK-1", "TN-1"]),
            ):
                rows = store.within(Scope(province)).listings()
                assert [(r.sku, r.state) for r in rows] == [(s, "active") for s in skus]

    def test_a_second_push_of_the_same_scope_is_refused(
        self, location: str | Path, tmp_path: Path
    ) -> None:
        catalog = province_catalog(tmp_path, "Thái Nguyên", ["TN-1"])
        first = Holding(voso_like())
        result: list[list[Outcome]] = []
        running = threading.Thread(
            target=lambda: result.append(
                push(catalog, StateStore.open(location, Scope.of(catalog)), [first], AS_OF)
            )
        )
        running.start()
        try:
            assert first.inside.wait(timeout=30)
            with StateStore.open(location, Scope.of(catalog)) as other:
                second = voso_like()
                with pytest.raises(StateLocked, match=r"for Thái Nguyên on voso \(pid \d+"):
                    push(catalog, other, [FakeConnector(second)], AS_OF)
                assert sum(second.writes.values()) == 0
        finally:
            first.release.set()
            running.join()
        assert [o.ok for o in result[0]] == [True]

    def test_a_killed_push_leaves_a_lock_the_next_run_takes(
        self, location: str | Path, tmp_path: Path
    ) -> None:
        catalog = province_catalog(tmp_path, "Thái Nguyên", ["TN-1", "TN-2"])
        path = tmp_path / "catalog.yaml"
        dying = subprocess.Popen(
            [sys.executable, "-c", KILLED_PUSH, str(location), str(path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert dying.stdout is not None and dying.stdout.readline().strip() == "ok"
        finally:
            dying.kill()
            dying.wait()
        from tests.state.contract import wait_for_lock

        wait_for_lock(location, Scope.of(catalog), "voso")
        with StateStore.open(location, Scope.of(catalog)) as store:
            assert [e.sku for e in store.open_intents("voso")] == ["TN-2"]
            (outcome,) = push(catalog, store, [FakeConnector(voso_like())], AS_OF)
            assert outcome.ok and outcome.interrupted == 1
            assert [r.state for r in store.listings()] == ["active", "active"]
