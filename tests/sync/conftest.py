"""Fixtures for the sync tests: a catalogue folder, a state store, fake marketplaces."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ocop.engine import Outcome, plan_all, push
from ocop.model import Catalog
from ocop.plan import MarketplacePlan
from ocop.state import StateStore
from tests.sync.fake import Crash, FakeConnector, FakeMarketplace, postmart_like, voso_like

AS_OF = date(2026, 1, 1)


class World:
    """A catalogue folder, its state and two fake marketplaces, pushed like the CLI does."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.voso = voso_like()
        self.postmart = postmart_like()
        self.store = StateStore.open(folder / ".ocop" / "state.db")

    @property
    def markets(self) -> list[FakeMarketplace]:
        return [self.voso, self.postmart]

    def connectors(self) -> list[FakeConnector]:
        return [FakeConnector(m) for m in self.markets]

    def push(self, catalog: Catalog, **options: object) -> dict[str, Outcome]:
        outcomes = push(catalog, self.store, self.connectors(), AS_OF, **options)  # type: ignore[arg-type]
        return {o.marketplace: o for o in outcomes}

    def push_crashing(self, catalog: Catalog) -> bool:
        """A push that may "die" mid-way; True when it was killed."""
        try:
            self.push(catalog)
        except Crash:
            self.restart()
            return True
        return False

    def restart(self) -> None:
        """What a new process sees: the same file, a fresh connection and lock."""
        self.store.close()
        self.store = StateStore.open(self.folder / ".ocop" / "state.db")

    def plans(self, catalog: Catalog) -> dict[str, MarketplacePlan]:
        results = plan_all(catalog, self.store, self.connectors(), AS_OF)
        return {r.plan.marketplace: r.plan for r in results if not isinstance(r, Outcome)}

    def writes(self) -> int:
        return sum(sum(m.writes.values()) for m in self.markets)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World(tmp_path)
    yield w
    w.store.close()
