"""The sync engine's promises, checked against one marketplace's sandbox and real connector.

Subclass with ``marketplace = "name"``. What each test expects follows the marketplace's
capabilities (one offer call per listing or batches, moderation, unique SKUs, price-change
limit); a test about a capability the marketplace lacks is skipped.
"""

from __future__ import annotations

import math
import os
import signal
import threading
from collections import Counter
from dataclasses import replace
from types import FrameType
from typing import ClassVar

import pytest

from ocop.connector import ListingStatus
from ocop.display import money
from ocop.errors import StateLocked, UnsafePlanError
from ocop.loading import load_catalog
from ocop.plan import ActionKind, SkuVerdict
from ocop.testing.outcomes import ITEMS, OutcomeContract, assert_converged
from ocop.testing.world import Item, World


class EngineContract(OutcomeContract):
    """The engine against one marketplace (set ``marketplace``); with ``OutcomeContract``'s
    promises about outcomes, lost creates and hashes."""

    marketplace: ClassVar[str]

    def test_first_push_creates_and_a_second_push_writes_nothing(self, world: World) -> None:
        catalog = world.catalog(ITEMS)
        first = world.push(catalog)
        assert first.progress.done == {ActionKind.CREATE: 3}
        assert first.uploads == 2  # three SKUs, two distinct images
        world.settle(catalog)  # reviews answered and bound
        before = world.writes()
        again = world.push(catalog)
        assert world.writes() == before and again.writes == 0 and again.ok
        assert_converged(world, ITEMS)
        record = world.store.listing(world.name, "CHE-1")
        assert record is not None and record.url and record.state == "active"

    def test_price_change_goes_through_the_offer_endpoint(self, world: World) -> None:
        world.settle(world.catalog(ITEMS))
        items = [replace(i, price=i.price + 5_000) for i in ITEMS]
        change = world.plan(world.catalog(items)).actions[0]
        assert change.kind is ActionKind.UPDATE_OFFER
        assert str(change.changes[0]) == f"price {money(120_000)} → {money(125_000)}"
        calls = Counter(world.connector.calls)
        world.push(world.catalog(items))
        batch = world.capabilities.batch_offers
        sent = world.connector.calls - calls
        assert sent["update_offers"] == (math.ceil(3 / batch) if batch else 3)
        assert sent["update_content"] == 0
        assert_converged(world, items)

    def test_content_change_under_review_is_not_sent_again(self, world: World) -> None:
        if not world.capabilities.moderated_update:
            pytest.skip("content changes are not reviewed here")
        world.settle(world.catalog(ITEMS))
        world.sandbox.set_moderation(delay_s=3600)
        items = [replace(ITEMS[0], name="Chè móc câu Tân Cương"), *ITEMS[1:]]
        world.push(world.catalog(items))
        record = world.store.listing(world.name, "CHE-1")
        assert record is not None and record.state == "pending_review" and record.request_id
        before = world.writes()
        world.push(world.catalog(items))
        assert world.writes() == before  # nothing is sent again while the review is open
        world.sandbox.set_moderation(delay_s=0)
        world.settle(world.catalog(items))
        assert_converged(world, items)

    def test_a_create_answered_by_a_timeout_is_never_sent_twice(self, world: World) -> None:
        world.connector.fail_next("create", "unknown", "unknown")
        world.push(world.catalog(ITEMS))
        if not world.capabilities.moderated_create:
            assert world.connector.calls["create"] == 3  # found by SKU, bound, not resent
            assert world.on_sale() == Counter({i.sku: 1 for i in ITEMS})
        world.settle(world.catalog(ITEMS), pushes=4)
        assert_converged(world, ITEMS)

    def test_a_kill_right_after_a_create_is_reconciled(self, world: World) -> None:
        catalog = world.catalog(ITEMS)
        world.connector.fail_next("create", "crash_after")
        assert world.push_crashing(catalog)
        outcome = world.push(catalog)
        assert outcome.interrupted >= 1
        world.settle(catalog, pushes=4)
        if not world.capabilities.moderated_create:
            assert world.connector.calls["create"] == 3  # the killed create was adopted
        assert_converged(world, ITEMS)
        audit = [e for e in world.store.journal(500) if e.outcome == "interrupted"]
        assert audit and all(e.operation in ("create", "upload_image") for e in audit)

    def test_one_failure_does_not_stop_the_others(self, world: World) -> None:
        world.connector.fail_next("create", "fail_before")
        outcome = world.push(world.catalog(ITEMS))
        assert not outcome.ok and outcome.progress.done == {ActionKind.CREATE: 2}
        [failure] = outcome.progress.failures
        record = world.store.listing(world.name, failure.sku)
        assert record is not None and record.last_error and "503" in record.last_error
        world.settle(world.catalog(ITEMS))
        assert_converged(world, ITEMS)

    def test_removed_and_switched_off_products_are_delisted(self, world: World) -> None:
        items = [*ITEMS, Item("CHE-4"), Item("CHE-5")]
        world.settle(world.catalog(items))
        outcome = world.push(world.catalog(items[:4], extra="    exclude: [CHE-4]"))
        assert outcome.progress.done == {ActionKind.DELIST: 2}
        assert world.on_sale() == Counter({i.sku: 1 for i in ITEMS})
        record = world.store.listing(world.name, "CHE-5")
        assert record is not None and record.state == "delisted"
        outcome = world.push(world.catalog(items))  # back: relisted, not created again
        assert outcome.progress.done == {ActionKind.RELIST: 2}
        assert_converged(world, items)

    def test_mass_delist_is_refused_without_the_flag(self, world: World) -> None:
        world.settle(world.catalog(ITEMS))
        before = world.writes()
        with pytest.raises(UnsafePlanError, match="--allow-mass-delist"):
            world.push(world.catalog(ITEMS[:1]))
        assert world.writes() == before
        world.push(world.catalog(ITEMS[:1]), allow_mass_delist=True)
        assert world.on_sale() == Counter({"CHE-1": 1})

    def test_expired_certificate_delists_or_drops_the_claim(self, world: World) -> None:
        items = [*ITEMS, Item("CHE-OLD", cert_date="2022-01-10")]
        outcome = world.push(world.catalog(items))
        assert outcome.progress.done == {ActionKind.CREATE: 3}  # never listed
        world.settle(world.catalog(items, extra="    on_expired_certificate: drop_ocop_claims"))
        [old] = [r for r in world.listings() if r.sku == "CHE-OLD"]
        assert old.ocop_stars is None and old.status is ListingStatus.ACTIVE
        world.push(world.catalog(items), allow_mass_delist=True)
        assert "CHE-OLD" not in world.on_sale()

    def test_a_rejection_is_reported_and_not_resent_until_edited(self, world: World) -> None:
        if not world.capabilities.moderated_create:
            pytest.skip("nothing is reviewed here")
        world.sandbox.set_moderation(reject_title_words=["CHE-2"])
        catalog = world.catalog(ITEMS)
        world.settle(catalog, pushes=2)
        record = world.store.listing(world.name, "CHE-2")
        assert record is not None and record.state == "rejected" and record.review_reason
        plan = world.plan(catalog)
        assert not plan.has_changes and plan.needs_a_person
        [rejected] = [o for o in plan.outcomes if o.verdict is SkuVerdict.REJECTED]
        assert rejected.sku == "CHE-2" and record.review_reason in (rejected.reason or "")
        items = [ITEMS[0], replace(ITEMS[1], name="Chè Tân Cương loại một"), ITEMS[2]]
        world.settle(world.catalog(items))
        assert_converged(world, items)

    def test_hand_made_listings_are_adopted_not_duplicated(self, world: World) -> None:
        world.sandbox.hand_made("CHE-1", price=1_000)
        catalog = world.catalog(ITEMS)
        kinds = {a.sku: a.kind for a in world.plan(catalog).actions}
        assert kinds == {
            "CHE-1": ActionKind.ADOPT,
            "CHE-2": ActionKind.CREATE,
            "CHE-3": ActionKind.CREATE,
        }
        world.settle(catalog)
        assert_converged(world, ITEMS)

    def test_a_second_push_while_one_runs_is_refused(self, world: World) -> None:
        catalog = world.catalog(ITEMS)
        before = world.writes()
        with world.open_state() as other, other.lock([world.name]):
            with pytest.raises(StateLocked, match=f"on {world.name}"):
                world.push(catalog)
            assert world.writes() == before
        # the lock is the scope's on one marketplace: a push elsewhere does not hold this one
        with world.open_state() as other, other.lock([f"{world.name}_elsewhere"]):
            outcome = world.push(catalog)
        assert outcome.ok and outcome.writes > 0

    def test_a_picture_the_marketplace_refuses_is_left_out(self, world: World) -> None:
        limit = world.capabilities.image_bytes_max
        if limit is None:
            pytest.skip("the marketplace states no largest picture")
        world.catalog(ITEMS)  # catalog.yaml and its pictures
        heavy = world.folder / "images" / "other.png"
        heavy.write_bytes(heavy.read_bytes() + bytes(limit))  # still a picture, too heavy here
        catalog = load_catalog(world.folder / "catalog.yaml")
        outcome = world.push(catalog)
        assert not outcome.progress.failures and not outcome.ok  # one SKU is held back
        assert outcome.uploads == 1  # the heavy picture is never sent
        plan = world.plan(catalog)
        assert "CHE-3" not in {a.sku for a in plan.actions}  # its only picture: held, not sent
        held = [o for o in plan.outcomes if o.verdict is SkuVerdict.HELD_BACK]
        assert [o.sku for o in held if "refuses every picture" in (o.reason or "")] == ["CHE-3"]

    def test_a_price_jump_is_planned_as_a_reviewed_update(self, world: World) -> None:
        if world.capabilities.max_price_change is None:
            pytest.skip("any price change goes through the offer endpoint here")
        world.settle(world.catalog(ITEMS))
        items = [replace(ITEMS[0], price=ITEMS[0].price * 3), *ITEMS[1:]]
        plan = world.plan(world.catalog(items))
        assert [a.kind for a in plan.actions] == [ActionKind.UPDATE_CONTENT]
        calls = Counter(world.connector.calls)
        outcome = world.push(world.catalog(items))
        assert outcome.ok, outcome.progress.failures
        sent = world.connector.calls - calls
        assert sent["update_content"] == 1 and sent["update_offers"] == 0
        world.settle(world.catalog(items))
        assert_converged(world, items)

    def test_a_price_jump_the_marketplace_refuses_goes_through_review(self, world: World) -> None:
        caps = world.capabilities
        if caps.max_price_change is None:
            pytest.skip("any price change goes through the offer endpoint here")
        world.settle(world.catalog(ITEMS))
        # a plan that does not know the limit sends the offer; the refusal is a typed error
        world.connector.capabilities = replace(caps, max_price_change=None)
        items = [replace(ITEMS[0], price=ITEMS[0].price * 3), *ITEMS[1:]]
        outcome = world.push(world.catalog(items))
        assert outcome.ok, outcome.progress.failures
        assert outcome.progress.done == {ActionKind.UPDATE_CONTENT: 1}
        world.connector.capabilities = caps
        world.settle(world.catalog(items))
        assert_converged(world, items)

    def test_ctrl_c_stops_starting_new_calls_and_the_next_push_finishes(self, world: World) -> None:
        items = [Item(f"CHE-{n:02d}") for n in range(60)]
        catalog = world.catalog(items)
        world.sandbox.set_faults(latency_ms=200)  # every worker busy: two rounds or more
        delivered = threading.Event()  # ocop has the Ctrl-C (its KeyboardInterrupt is raised)
        previous = signal.getsignal(signal.SIGINT) or signal.default_int_handler

        def ctrl_c(signum: int, frame: FrameType | None) -> None:
            delivered.set()
            (previous if callable(previous) else signal.default_int_handler)(signum, frame)

        def at_the_third_create(n: int) -> None:
            # the operator presses Ctrl-C as the third create is sent; it and every create
            # started after it wait until ocop has the interrupt: whatever the machine's load,
            # most creates are not started when it comes (no sleep guesses when that is)
            if n == 3:
                os.kill(os.getpid(), signal.SIGINT)
            if n >= 3:
                delivered.wait(timeout=120)

        signal.signal(signal.SIGINT, ctrl_c)
        world.connector.watch("create", at_the_third_create)
        try:
            outcome = world.push(catalog)  # Ctrl-C: the calls in flight finish, then it returns
        finally:
            world.connector.watch("create", None)
            signal.signal(signal.SIGINT, previous)
        assert delivered.is_set()
        assert outcome.stopped and not outcome.ok
        assert world.connector.calls["create"] < len(items)  # it stopped early…
        verdicts = Counter(o.verdict for o in outcome.outcomes())
        assert verdicts[SkuVerdict.FAILED] == len(items) - world.connector.calls["create"]
        sent = (
            SkuVerdict.PENDING_REVIEW if world.capabilities.moderated_create else SkuVerdict.CREATE
        )
        assert verdicts[sent] == world.connector.calls["create"]  # every call sent is recorded
        unsent = [o for o in outcome.outcomes() if o.verdict is SkuVerdict.FAILED]
        assert all("stopped" in (o.reason or "") for o in unsent)
        world.restart()
        world.sandbox.set_faults(latency_ms=0)
        world.settle(catalog)
        assert_converged(world, items)  # …and lost nothing

    def test_a_review_that_cannot_be_checked_is_reported(self, world: World) -> None:
        if not world.capabilities.moderated_create:
            pytest.skip("nothing is reviewed here")
        world.sandbox.set_moderation(delay_s=3600)
        world.push(world.catalog(ITEMS[:1]))
        world.connector.fail_next("review", "gone")  # the marketplace lost the request
        plan = world.plan(world.catalog(ITEMS[:1]))
        assert [n.sku for n in plan.notes if "could not be checked" in n.text] == ["CHE-1"]
