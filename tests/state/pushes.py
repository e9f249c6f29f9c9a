"""Pushes through the real engine on each backend: provinces side by side, the same scope twice,
a push killed with SIGKILL. Part of the state contract (``StateContract`` mixes it in).

Each shop is an installed marketplace's own sandbox (one that lists without review, so a push
ends with listings on sale), reached through its real connector.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ocop.connector import Connector, RemoteListing
from ocop.engine import Outcome, push
from ocop.errors import StateLocked
from ocop.http import TokenBucket
from ocop.model import Catalog
from ocop.registry import marketplace, marketplaces
from ocop.sandbox import MarketSandbox, Sandbox
from ocop.state import Scope, StateStore
from ocop.testing.faulty import FaultyConnector
from ocop.testing.harness import NO_CREDENTIALS_FILE, fast_policy, open_on
from ocop.testing.world import AS_OF, Item, leaf_name, write_catalog

ROOT = Path(__file__).resolve().parents[2]


def unmoderated() -> str:
    """An installed marketplace with a sandbox whose new listings go on sale at once."""
    for name, found in marketplaces().items():
        if found.sandbox is not None and not found.capabilities.moderated_create:
            return name
    pytest.skip("no installed marketplace lists without review")


class Shop:
    """One marketplace's sandbox (a shop of its own) and connectors on it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sandboxes = Sandbox.start(marketplaces=[name])
        self.sandbox: MarketSandbox = self.sandboxes[name]
        self.sandbox.set_faults(rate_limit=0)
        self.opened: list[FaultyConnector] = []

    def connector(
        self, kind: type[FaultyConnector] = FaultyConnector, *args: Any
    ) -> FaultyConnector:
        inner = open_on(
            marketplace(self.name),
            self.sandbox,
            policy=fast_policy(),
            limiter=TokenBucket.unlimited(),
        )
        connector = kind(inner, *args)
        self.opened.append(connector)
        return connector

    def catalog(self, folder: Path, province: str, skus: Sequence[str]) -> Catalog:
        category = leaf_name(self.connector().categories())
        catalog = write_catalog(folder, [Item(sku) for sku in skus], {self.name: category})
        return catalog.model_copy(update={"province": province})

    def close(self) -> None:
        for connector in self.opened:
            connector.close()
        self.sandboxes.stop()


@contextmanager
def shops(count: int) -> Iterator[list[Shop]]:
    name = unmoderated()
    opened: list[Shop] = []
    try:
        for _ in range(count):
            opened.append(Shop(name))
        yield opened
    finally:
        for shop in opened:
            shop.close()


class Meeting(FaultyConnector):
    """Reads the shop only once every push in the meeting is inside its lock, reading too."""

    def __init__(self, inner: Connector, meeting: threading.Barrier) -> None:
        super().__init__(inner)
        self.meeting = meeting

    def iter_listings(self) -> Iterator[RemoteListing]:
        self.meeting.wait(timeout=30)  # broken (an error) if the pushes ran one after the other
        yield from super().iter_listings()


class Holding(FaultyConnector):
    """Reads the shop only when ``release`` is set; says so through ``inside``."""

    def __init__(self, inner: Connector) -> None:
        super().__init__(inner)
        self.inside, self.release = threading.Event(), threading.Event()

    def iter_listings(self) -> Iterator[RemoteListing]:
        self.inside.set()
        assert self.release.wait(timeout=30)
        yield from super().iter_listings()


KILLED_PUSH = """
import sys, time
from datetime import date
from ocop.engine import push
from ocop.loading import load_catalog
from ocop.registry import open_connector
from ocop.state import Scope, StateStore
from ocop.testing.faulty import FaultyConnector

class Dies(FaultyConnector):
    def create(self, draft, image_urls):
        if draft.sku == "TN-2":
            waited = time.monotonic() + 30  # until TN-1's create (another worker's) is answered
            while not self.calls["create"] and time.monotonic() < waited:
                time.sleep(0.01)
            print("ok", flush=True)
            time.sleep(120)  # killed here, with the intent of this create written
        return super().create(draft, image_urls)

catalog = load_catalog(sys.argv[2])
with StateStore.open(sys.argv[1], Scope.of(catalog)) as store:
    push(catalog, store, [Dies(open_connector(sys.argv[3]))], date(2026, 1, 1))
"""


class PushContract:
    def test_two_provinces_push_at_the_same_time(
        self, location: str | Path, tmp_path: Path
    ) -> None:
        with shops(2) as (tn_shop, bk_shop):
            catalogs = {
                "Thái Nguyên": (
                    tn_shop,
                    tn_shop.catalog(tmp_path / "tn", "Thái Nguyên", ["TN-1", "TN-2"]),
                ),
                "Bắc Kạn": (bk_shop, bk_shop.catalog(tmp_path / "bk", "Bắc Kạn", ["BK-1", "TN-1"])),
            }
            meeting = threading.Barrier(len(catalogs))
            outcomes: dict[str, list[Outcome]] = {}
            errors: list[BaseException] = []

            def operator(shop: Shop, catalog: Catalog) -> None:  # each with its own connection
                try:
                    with StateStore.open(location, Scope.of(catalog)) as store:
                        connector = shop.connector(Meeting, meeting)
                        outcomes[catalog.province] = push(catalog, store, [connector], AS_OF)
                except BaseException as exc:
                    errors.append(exc)

            threads = [threading.Thread(target=operator, args=pair) for pair in catalogs.values()]
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
        with shops(1) as (shop,):
            catalog = shop.catalog(tmp_path, "Thái Nguyên", ["TN-1"])
            first = shop.connector(Holding)
            assert isinstance(first, Holding)
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
                    second = shop.connector()
                    refused = rf"for Thái Nguyên on {shop.name} \(pid \d+"
                    with pytest.raises(StateLocked, match=refused):
                        push(catalog, other, [second], AS_OF)
                    assert sum(second.calls.values()) == 0
            finally:
                first.release.set()
                running.join()
        assert [o.ok for o in result[0]] == [True]

    def test_a_killed_push_leaves_a_lock_the_next_run_takes(
        self, location: str | Path, tmp_path: Path
    ) -> None:
        with shops(1) as (shop,):
            catalog = shop.catalog(tmp_path, "Thái Nguyên", ["TN-1", "TN-2"])
            environment = {
                **shop.sandbox.env(),
                "OCOP_CREDENTIALS_FILE": NO_CREDENTIALS_FILE,
                "PYTHONPATH": str(ROOT),
            }
            dying = subprocess.Popen(
                [sys.executable, "-c", KILLED_PUSH, str(location), str(tmp_path / "catalog.yaml"),
                 shop.name],
                cwd=ROOT,
                env={**os.environ, **environment},
                stdout=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            try:
                assert dying.stdout is not None and dying.stdout.readline().strip() == "ok"
            finally:
                dying.kill()
                dying.wait()
            from tests.state.contract import wait_for_lock

            wait_for_lock(location, Scope.of(catalog), shop.name)
            with StateStore.open(location, Scope.of(catalog)) as store:
                assert [e.sku for e in store.open_intents(shop.name)] == ["TN-2"]
                (outcome,) = push(catalog, store, [shop.connector()], AS_OF)
                assert outcome.ok and outcome.interrupted == 1
                assert [r.state for r in store.listings()] == ["active", "active"]
