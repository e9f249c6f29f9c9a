"""A Hypothesis state machine: random catalogue edits, faults and kills, then convergence.

It runs against one marketplace's sandbox through its real connector (``push_machine(name)``
makes the machine for an installed marketplace). Faults come from two sides: queued per
connector operation (``FaultyConnector``: lost answers, kills right after an effect, refusals
before any) and drawn by the sandbox itself (5xx before any effect, commit-then-504, dropped
connections), so the connector's own error translation is in the loop too.

After any sequence, pushes without faults must reach a state where every wanted SKU has
exactly one listing on sale with the catalogue's price, nothing unwanted is on sale, the
state binds each remote id once, and the next plan is empty. At every step, no SKU has ever
had a second listing created: duplicates are not cleaned up, they are never made. (Settling
lets a lost create's review horizon pass once the moderators have answered every request:
a create that never reached the marketplace is then sent again.)
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ocop.connector import ListingStatus
from ocop.engine import RunOptions
from ocop.errors import UnsafePlanError
from ocop.model import Catalog
from ocop.state import ListingState
from ocop.testing.faulty import WRITES, Crash
from ocop.testing.world import Item, World

SKUS = [f"CHE-{n}" for n in range(1, 7)]
HOURS = 3600.0
AFTER_THE_HORIZON = datetime.now(UTC) + timedelta(days=100)  # any marketplace's has passed
FAULTS = st.sampled_from(["fail_before", "unknown", "rate_limited", "crash_after"])
WRITE_OPS = st.sampled_from(WRITES)
SETTINGS = settings(
    max_examples=25,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class PushMachine(RuleBasedStateMachine):
    """Subclasses set ``marketplace`` (see ``push_machine``)."""

    marketplace: str

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="ocop-sync-"))
        self.world = World(self.marketplace, self.folder)
        # reviews take hours, as on a real marketplace: requests wait until moderators decide
        self.world.sandbox.set_moderation(delay_s=HOURS)
        self.items: dict[str, Item] = {sku: Item(sku) for sku in SKUS[:3]}

    @initialize(lost=st.booleans())
    def first_push(self, lost: bool) -> None:
        """Start from a pushed catalogue, perhaps with one create's answer lost on the way."""
        if lost:
            self.world.connector.fail_next("create", "unknown")
        self.world.push(self.catalog())

    def catalog(self) -> Catalog:
        return self.world.catalog(list(self.items.values()))

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

    @rule(op=WRITE_OPS, fault=FAULTS)
    def schedule_fault(self, op: str, fault: str) -> None:
        self.world.connector.fail_next(op, fault)

    @rule(fault=st.sampled_from(["unknown", "crash_after"]))
    def create_answer_lost(self, fault: str) -> None:
        """The likeliest way to duplicate: a create that took effect but was not answered."""
        self.world.connector.fail_next("create", fault)

    @rule(share=st.sampled_from([0.0, 0.1, 0.3]), seed=st.integers(0, 1000))
    def weather(self, share: float, seed: int) -> None:
        """The sandbox's own faults: 5xx before any effect, commit-then-504, dropped answers."""
        self.world.sandboxes.seed(seed)
        self.world.sandbox.set_faults(
            fail_before_rate=share, commit_then_504_rate=share, drop_after_commit_rate=share
        )

    @rule()
    def moderators(self) -> None:
        """The moderators decide every request waiting so far."""
        self.world.sandbox.moderate()

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
            self.world.connector.clear()
            self.world.restart()

    @rule()
    def settle(self) -> None:
        """Faults stop; moderators decide after every push; repeated pushes must converge."""
        world = self.world
        world.connector.clear()
        world.sandbox.set_faults(
            fail_before_rate=0, commit_then_504_rate=0, drop_after_commit_rate=0
        )
        catalog = self.catalog()
        world.settle(catalog, pushes=5)
        if any(r.state == ListingState.UNKNOWN for r in world.store.listings(world.name)):
            world.settle(catalog, pushes=3, options=RunOptions(now=AFTER_THE_HORIZON))
        assert not world.plan(catalog).has_changes
        wanted = {sku: item.price for sku, item in self.items.items()}
        on_sale = [r for r in world.listings() if r.status is ListingStatus.ACTIVE]
        assert Counter(r.sku for r in on_sale) == Counter(wanted.keys())
        assert {r.sku: r.price for r in on_sale} == wanted
        records = world.store.listings(world.name)
        bound = {r.sku: r.remote_id for r in records if r.sku in wanted}
        assert bound == {r.sku: r.remote_id for r in on_sale}

    @invariant()
    def no_sku_ever_had_a_second_listing_made(self) -> None:
        made = Counter(r.sku for r in self.world.listings())  # on sale or not
        assert not [sku for sku, n in made.items() if n > 1], made

    @invariant()
    def state_binds_each_remote_id_once(self) -> None:
        ids = [r.remote_id for r in self.world.store.listings() if r.remote_id]
        assert len(ids) == len(set(ids))

    def teardown(self) -> None:
        self.world.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def push_machine(marketplace: str) -> type[PushMachine]:
    """The state machine bound to one installed marketplace; run ``.TestCase`` with pytest."""
    machine = cast(
        type[PushMachine],
        type(f"PushMachine_{marketplace}", (PushMachine,), {"marketplace": marketplace}),
    )
    machine.TestCase.settings = SETTINGS
    return machine
