"""Real Scrapyd nodes on loopback and a catalogue pushed to every sandbox, once per test run.

Each test verifies on its own copy of the pushed state (``Pushed.state``), so what one test
records never shows in another.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ocop.cli import cli
from ocop.loading import load_catalog
from ocop.model import Catalog
from ocop.sandbox import Sandbox
from ocop.state import Scope, StateStore
from ocop.testing.world import Item, write_catalog
from tests.scrapyd_server import ScrapydServer

# the three marketplace packages of this repository, tea's category on each (by name: an id
# alone is held back)
MARKETS: dict[str, int | str] = {
    "voso": "Đặc sản vùng miền > Chè, trà",
    "postmart": "Chè, trà",
    "shopee": "Thực Phẩm và Đồ Uống > Đồ uống > Trà",
}
PRODUCTS = 24


@dataclass
class Pushed:
    """A catalogue pushed to the sandboxes; the folder holds it and its state."""

    sandbox: Sandbox
    folder: Path
    env: dict[str, str]

    @property
    def catalog_path(self) -> Path:
        return self.folder / "catalog.yaml"

    def catalog(self) -> Catalog:
        return load_catalog(self.catalog_path)

    def state(self, where: Path) -> Path:
        """A copy of the pushed state, for one test to record into."""
        copy = where / "state.db"
        shutil.copy(self.folder / ".ocop" / "state.db", copy)
        return copy

    def store(self, state: Path) -> StateStore:
        return StateStore.open(state, Scope.of(self.catalog()))

    def verify(self, state: Path, *args: str, **env: str) -> Result:
        argv = ["--lang", "en", "verify", "--catalog", str(self.catalog_path),
                "--state", str(state), "--no-polite", *args]  # fmt: skip
        return CliRunner().invoke(cli, argv, env={**self.env, **env})

    def remote_id(self, marketplace: str, sku: str) -> Any:
        with self.store(self.folder / ".ocop" / "state.db") as store:
            record = store.listing(marketplace, sku)
        assert record is not None and record.remote_id is not None
        return int(record.remote_id)


@pytest.fixture(scope="session")
def pushed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pushed]:
    folder = tmp_path_factory.mktemp("pushed")
    items = [Item(f"TC-{n:03d}", price=100_000 + n * 1_000) for n in range(PRODUCTS)]
    write_catalog(folder, items, MARKETS)
    with Sandbox.start(marketplaces=list(MARKETS)) as sandbox:
        for name in MARKETS:
            sandbox[name].set_faults(rate_limit=0)
            sandbox[name].set_moderation(delay_s=0)
        env = sandbox.env() | {"OCOP_CREDENTIALS_FILE": str(folder / "no-credentials.toml")}
        done = CliRunner().invoke(
            cli, ["push", "--catalog", str(folder / "catalog.yaml"), "--wait", "60"], env=env
        )
        assert done.exit_code == 0, done.output
        yield Pushed(sandbox, folder, env)


@pytest.fixture(scope="session")
def nodes() -> Iterator[tuple[ScrapydServer, ScrapydServer]]:
    with ScrapydServer.start() as first, ScrapydServer.start() as second:
        yield first, second
