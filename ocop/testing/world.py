"""One marketplace's sandbox, its connector (faults on demand) and a state, pushed as the CLI does.

``World("name", folder)`` starts that marketplace's sandbox with its rate limit off, opens the
connector the way ``ocop`` opens it (from the environment the sandbox prints, with short
retry waits and no client-side pacing) and wraps it in a ``FaultyConnector``. Catalogues are
written as YAML and loaded the way users load them (``write_catalog``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ocop.categories import CategoryTree
from ocop.connector import Capabilities, Category, ListingStatus, RemoteListing
from ocop.engine import Outcome, RunOptions, plan_all, push
from ocop.http import TokenBucket
from ocop.loading import load_catalog
from ocop.marketplace import Marketplace
from ocop.model import Catalog
from ocop.plan import MarketplacePlan
from ocop.registry import marketplace
from ocop.sandbox import MarketSandbox, Sandbox
from ocop.state import Scope, StateStore
from ocop.testing.faulty import Crash, FaultyConnector
from ocop.testing.harness import TamperingTransport, fast_policy, open_on, tiny_png

AS_OF = date(2026, 1, 1)
PROVINCE = "Thái Nguyên"  # the province of every catalogue written here


@dataclass(frozen=True)
class Item:
    """One product with one SKU."""

    sku: str
    price: int = 120_000
    stock: int = 10
    name: str = ""
    cert_date: str = "2025-06-26"  # valid through 2028-06-25
    image: str = "shared.png"

    @property
    def product_id(self) -> str:
        return self.sku.lower()


def write_catalog(
    folder: Path, items: Sequence[Item], marketplaces: Mapping[str, object], extra: str = ""
) -> Catalog:
    """Write ``catalog.yaml`` and its images into ``folder`` and load it.

    ``marketplaces`` maps each marketplace to the category tea goes to there, as the
    catalogue writes it (a name or path, ``{"name": …, "id": …}`` to pin it, or a bare id);
    ``extra`` is added to every marketplace section (e.g. ``"    exclude: [CHE-4]"``)."""
    (folder / "images").mkdir(parents=True, exist_ok=True)
    for n, image in enumerate(sorted({i.image for i in items})):
        (folder / "images" / image).write_bytes(tiny_png(n))
    sections = (
        "".join(
            f"  {name}:\n    categories: {{thuc_pham/che: {json.dumps(category, ensure_ascii=False)}}}"
            f"\n{extra}\n"
            for name, category in marketplaces.items()
        )
        or "  {}\n"
    )
    products = "\n".join(_product(item) for item in items)
    text = f"""version: 1
province: {PROVINCE}
marketplaces:
{sections}producers:
  - id: htx-che
    name: HTX chè Tân Cương
    kind: hop_tac_xa
    address: {{street: Xóm Nam Đồng, commune: "05503"}}
products:
{products}
"""
    path = folder / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def _product(item: Item) -> str:
    name = item.name or f"Chè Tân Cương {item.sku}"
    return f"""  - id: {item.product_id}
    name: {name}
    producer: htx-che
    group: thuc_pham
    subgroup: che
    description: Chè búp hái thủ công ở Tân Cương, sao tay bằng chảo gang, nước xanh vàng, vị chát dịu, hậu ngọt sâu; đóng hộp giấy kraft có lót túi bạc giữ hương.
    certifications:
      - {{stars: 4, decision: 123/QĐ-UBND, date: {item.cert_date}, level: tinh}}
    images: [images/{item.image}]
    skus:
      - {{sku: {item.sku}, label: Hộp 100 g, unit: hop, net_weight_g: 100, shipping_weight_g: 180, price: {item.price}, stock: {item.stock}}}
"""


class World:
    """A catalogue folder, its state, and one marketplace's sandbox and connector."""

    def __init__(self, name: str, folder: Path, *, seed: int = 0) -> None:
        self.name = name
        self.folder = folder
        self.descriptor: Marketplace = marketplace(name)
        self.sandboxes = Sandbox.start(marketplaces=[name], seed=seed)
        self.sandbox: MarketSandbox = self.sandboxes[name]
        self.sandbox.set_faults(rate_limit=0)
        self.answers = TamperingTransport()  # lies told on demand: ``answers.tampers``
        self.connector = FaultyConnector(
            open_on(
                self.descriptor,
                self.sandbox,
                transport=self.answers,
                policy=fast_policy(),
                limiter=TokenBucket.unlimited(),
            )
        )
        self.category = leaf_name(self.connector.categories())
        self.store = self.open_state()

    def open_state(self) -> StateStore:
        """Another handle on this world's state, as another process would open it."""
        return StateStore.open(self.folder / ".ocop" / "state.db", Scope(PROVINCE))

    @property
    def capabilities(self) -> Capabilities:
        """What the marketplace declares it can do."""
        return self.descriptor.capabilities

    def catalog(self, items: Sequence[Item], extra: str = "") -> Catalog:
        """The catalogue of ``items`` for this marketplace."""
        return write_catalog(self.folder, items, {self.name: self.category}, extra)

    def push(self, catalog: Catalog, **options: Any) -> Outcome:
        """``ocop push`` of ``catalog`` to this marketplace."""
        (outcome,) = push(catalog, self.store, [self.connector], AS_OF, **options)
        return outcome

    def push_crashing(self, catalog: Catalog) -> bool:
        """A push that may "die" mid-way; True when it was killed."""
        try:
            self.push(catalog)
        except Crash:
            self.connector.clear()  # the process is dead: a fault not reached never happens
            self.restart()
            return True
        return False

    def restart(self) -> None:
        """What a new process sees: the same file, a fresh connection and lock."""
        self.store.close()
        self.store = self.open_state()

    def catalog_file(self) -> Catalog:
        """The catalogue as ``catalog.yaml`` holds it now (after an edit by hand)."""
        return load_catalog(self.folder / "catalog.yaml")

    def plan(self, catalog: Catalog, options: RunOptions | None = None) -> MarketplacePlan:
        """``ocop plan`` for this marketplace."""
        (result,) = plan_all(catalog, self.store, [self.connector], AS_OF, options or RunOptions())
        assert not isinstance(result, Outcome), result.error
        return result.plan

    def settle(self, catalog: Catalog, pushes: int = 3, options: RunOptions | None = None) -> None:
        """Moderators decide everything after each push, until nothing is left to do."""
        for _ in range(pushes):
            self.push(catalog, allow_mass_delist=True, options=options or RunOptions())
            self.sandbox.moderate()

    def listings(self) -> list[RemoteListing]:
        """Every listing the marketplace has (read through the real connector, the
        sandbox's own faults held off meanwhile: this is the test looking, not ocop)."""
        weather = self.sandbox.set_faults()
        calm = {"fail_before_rate": 0, "commit_then_504_rate": 0, "drop_after_commit_rate": 0}
        self.sandbox.set_faults(**calm)
        try:
            return list(self.connector.inner.iter_listings())
        finally:
            self.sandbox.set_faults(**weather)

    def on_sale(self) -> Counter[str]:
        """How many listings on sale each SKU has."""
        return Counter(r.sku for r in self.listings() if r.status is ListingStatus.ACTIVE)

    def writes(self) -> int:
        """Writes the marketplace received (its own count)."""
        return self.sandbox.stats()["writes"]

    def close(self) -> None:
        self.store.close()
        self.connector.close()
        self.sandboxes.stop()


def leaf_category(categories: Sequence[Category]) -> Category:
    """A category listings can be put in (a leaf where the tree has levels)."""
    tree = CategoryTree("", categories)
    return tree.leaves()[0]


def leaf_name(categories: Sequence[Category]) -> str:
    """``leaf_category`` as a catalogue writes it: by its name (or path, if it takes one)."""
    return CategoryTree("", categories).written(leaf_category(categories))
