"""A Hypothesis state machine: random catalogue edits, faults and kills, then convergence.

After any sequence, pushes without faults must reach a state where every wanted SKU has
exactly one listing on sale per marketplace with the catalogue's price, nothing unwanted is
on sale, the state binds each remote id once, and the next plan is empty.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ocop.connector import ListingStatus
from ocop.errors import UnsafePlanError
from tests.sync.catalogs import Item, write_catalog
from tests.sync.conftest import World
from tests.sync.fake import Crash, FakeConnector

SKUS = [f"CHE-{n}" for n in range(1, 7)]
FAULTS = st.sampled_from(["fail_before", "unknown", "rate_limited", "crash_after"])
WRITE_OPS = st.sampled_from(
    ["create", "update_content", "update_offers", "set_listed", "upload_image"]
)


class PushMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="ocop-sync-"))
        self.world = World(self.folder)
        self.items: dict[str, Item] = {sku: Item(sku) for sku in SKUS[:3]}

    @initialize(lost=st.sampled_from(["none", "voso", "postmart"]))
    def first_push(self, lost: str) -> None:
        """Start from a pushed catalogue, perhaps with one create's answer lost on the way."""
        if lost != "none":
            self.create_answer_lost(lost, "unknown")
        self.world.push(self.catalog())

    def catalog(self):  # type: ignore[no-untyped-def]
        return write_catalog(self.folder, list(self.items.values()))

    @rule(sku=st.sampled_from(SKUS), price=st.integers(60, 180).map(lambda k: k * 1000))
    def add_or_reprice(self, sku: str, price: int) -> None:
        self.items[sku] = replace(self.items.get(sku, Item(sku)), price=price)

    @rule(sku=st.sampled_from(SKUS), stock=st.integers(0, 50))
    def restock(self, sku: str, stock: int) -> None:
        if sku in self.items:
            self.items[sku] = replace(self.items[sku], stock=stock)

    @rule(sku=st.sampled_from(SKUS), name=st.sampled_from(["Chè móc câu", "Chè búp đặc biệt"]))
    def rename(self, sku: str, name: str) -> None:
        if sku in self.items:
            self.items[sku] = replace(self.items[sku], name=f"{name} {sku}")

    @rule(sku=st.sampled_from(SKUS))
    def remove(self, sku: str) -> None:
        self.items.pop(sku, None)

    @rule(market=st.sampled_from(["voso", "postmart"]), op=WRITE_OPS, fault=FAULTS)
    def schedule_fault(self, market: str, op: str, fault: str) -> None:
        target = self.world.voso if market == "voso" else self.world.postmart
        target.fail_next(op, fault)

    @rule(
        market=st.sampled_from(["voso", "postmart"]),
        fault=st.sampled_from(["unknown", "crash_after"]),
    )
    def create_answer_lost(self, market: str, fault: str) -> None:
        """The likeliest way to duplicate: a create that took effect but was not answered."""
        target = self.world.voso if market == "voso" else self.world.postmart
        target.fail_next("create", fault)

    @rule(approve=st.booleans())
    def moderators(self, approve: bool) -> None:
        self.world.postmart.auto_approve = approve
        if approve:
            FakeConnector(self.world.postmart).decide_all()

    @rule()
    def push(self) -> None:
        writes = self.world.writes()
        try:
            self.world.push_crashing(self.catalog())
        except UnsafePlanError:
            assert self.world.writes() == writes  # refused before sending anything

    @rule()
    def push_allowing_delist(self) -> None:
        try:
            self.world.push(self.catalog(), allow_mass_delist=True)
        except Crash:
            self.world.restart()

    @rule()
    def settle(self) -> None:
        """Faults stop; moderators approve; repeated pushes must converge."""
        for market in self.world.markets:
            market.queued.clear()
        self.world.postmart.auto_approve = True
        catalog = self.catalog()
        for _ in range(5):
            FakeConnector(self.world.postmart).decide_all()
            self.world.push(catalog, allow_mass_delist=True)
        plans = self.world.plans(catalog)
        assert not any(p.has_changes for p in plans.values()), plans
        wanted = {sku: item.price for sku, item in self.items.items()}
        for market in self.world.markets:
            on_sale = [r for r in market.listings.values() if r.status is ListingStatus.ACTIVE]
            assert Counter(r.sku for r in on_sale) == Counter(wanted.keys()), market.name
            assert {r.sku: r.price for r in on_sale} == wanted, market.name
            records = self.world.store.listings(market.name)
            bound = {r.sku: r.remote_id for r in records if r.sku in wanted}
            assert bound == {r.sku: r.remote_id for r in on_sale}, market.name

    @invariant()
    def state_binds_each_remote_id_once(self) -> None:
        ids = [(r.marketplace, r.remote_id) for r in self.world.store.listings() if r.remote_id]
        assert len(ids) == len(set(ids))

    def teardown(self) -> None:
        self.world.store.close()


PushMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=14,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestPushMachine = PushMachine.TestCase
