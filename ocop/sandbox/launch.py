"""``Sandbox``: every installed marketplace's sandbox, started together on loopback.

One database file and one seedable fault RNG are shared; each marketplace package builds its
own server from them (``Marketplace.sandbox``, see ``ocop.sandbox.kit``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from ocop.connector import Category
from ocop.errors import UnknownConnectorError
from ocop.marketplace import Marketplace
from ocop.registry import marketplaces
from ocop.sandbox.kit import MarketSandbox, SandboxSetup
from ocop.sandbox.store import Store


def with_sandbox(names: Iterable[str] | None = None) -> list[Marketplace]:
    """The installed marketplaces that ship a sandbox (only ``names``, when given)."""
    installed = {name: m for name, m in marketplaces().items() if m.sandbox is not None}
    if names is None:
        return list(installed.values())
    chosen = list(dict.fromkeys(names))
    unknown = [name for name in chosen if name not in installed]
    if unknown:
        raise UnknownConnectorError(unknown[0], sorted(installed))
    return [installed[name] for name in chosen]


class Sandbox:
    """The running sandboxes, by marketplace name, until ``stop()`` (or the ``with`` ends)."""

    def __init__(self, store: Store, rng: random.Random) -> None:
        self.store = store
        self.rng = rng
        self.markets: dict[str, MarketSandbox] = {}

    @classmethod
    def start(
        cls,
        db_path: Path | str | None = None,
        ports: Mapping[str, int] | None = None,
        *,
        seed: int | None = None,
        marketplaces: Iterable[str] | None = None,
        categories: Mapping[str, Sequence[Category]] | None = None,
    ) -> Sandbox:
        """Start each marketplace's server on 127.0.0.1.

        ``ports``: marketplace → port (missing or 0: any free port); ``db_path`` None keeps
        everything in memory; ``marketplaces`` limits which ones start (default: every
        installed one with a sandbox); ``categories``: marketplace → the category list its
        sandbox serves instead of its own (``ocop.categories.read_categories`` reads a file)."""
        store = Store(db_path)
        sandbox = cls(store, random.Random(seed))
        try:
            for found in with_sandbox(marketplaces):
                factory = found.sandbox_factory()
                assert factory is not None
                chosen = (categories or {}).get(found.name)
                setup = SandboxSetup(
                    store,
                    sandbox.rng,
                    (ports or {}).get(found.name, 0),
                    None if chosen is None else tuple(chosen),
                )
                sandbox.markets[found.name] = factory(setup)
        except BaseException:
            sandbox.stop()  # a busy port must not leave the others bound
            raise
        return sandbox

    def __getitem__(self, marketplace: str) -> MarketSandbox:
        """The sandbox of one marketplace (``KeyError`` when it is not running)."""
        return self.markets[marketplace]

    def handle(self, marketplace: str) -> MarketSandbox:
        """The sandbox of one marketplace (``ValueError`` when it is not running)."""
        if marketplace not in self.markets:
            raise ValueError(f"unknown marketplace {marketplace!r}")
        return self.markets[marketplace]

    @property
    def names(self) -> list[str]:
        """The marketplaces running, in name order."""
        return sorted(self.markets)

    def set_faults(self, marketplace: str, **knobs: Any) -> dict[str, float | int]:
        """``MarketSandbox.set_faults`` of one marketplace."""
        return self.handle(marketplace).set_faults(**knobs)

    def set_moderation(
        self, delay_s: float | None = None, reject_title_words: list[str] | None = None
    ) -> None:
        """Tune the moderator of every marketplace that moderates."""
        for market in self.markets.values():
            market.set_moderation(delay_s, reject_title_words)

    def seed(self, value: int) -> None:
        """Re-seed the fault RNG (deterministic fault sequences)."""
        self.rng.seed(value)

    def env(self) -> dict[str, str]:
        """The ``OCOP_*`` variables that point any ocop command at these sandboxes."""
        found: dict[str, str] = {}
        for name in self.names:
            found.update(self.markets[name].env())
        return found

    def stop(self) -> None:
        """Stop every server and close the database."""
        for market in self.markets.values():
            market.stop()
        self.store.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
