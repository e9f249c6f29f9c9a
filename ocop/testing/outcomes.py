"""The engine's honesty, checked against one marketplace's sandbox and real connector.

Every SKU ends a plan and a push in one named outcome; a create whose answer was lost is
never sent again while the marketplace could still be reviewing it; a state written with
ocop's previous content hashes is recognised; categories are names resolved against the
marketplace's own list. ``EngineContract`` includes these (subclass it with ``marketplace``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import pytest

from ocop.categories import CategoryTree
from ocop.connector import ListingStatus
from ocop.engine import RunOptions
from ocop.engine.wanted import ImageHashes, wanted_for
from ocop.plan import ActionKind, SkuVerdict, legacy_content_hash
from ocop.state import ListingState
from ocop.testing.harness import numbers_as_text, writes_answered_with
from ocop.testing.world import AS_OF, Item, World

ITEMS = [Item("CHE-1"), Item("CHE-2", price=99_000), Item("CHE-3", image="other.png")]


def assert_converged(world: World, items: list[Item]) -> None:
    """Exactly one listing on sale per SKU, at the catalogue's price, and nothing left to do."""
    on_sale = [r for r in world.listings() if r.status is ListingStatus.ACTIVE]
    assert Counter(r.sku for r in on_sale) == Counter({i.sku: 1 for i in items})
    assert {r.sku: r.price for r in on_sale} == {i.sku: i.price for i in items}
    plan = world.plan(world.catalog(items))
    assert not plan.has_changes, plan
    assert plan.in_sync, plan.outcomes


def lost_create(world: World) -> str:
    """The SKU whose create's answer was lost (the state says ``unknown``)."""
    [record] = [r for r in world.store.listings(world.name) if r.state == ListingState.UNKNOWN]
    return record.sku


class OutcomeContract:
    """Outcomes, lost creates, old hashes and category names, on one marketplace."""

    marketplace: ClassVar[str]

    @pytest.fixture
    def world(self, tmp_path: Path) -> Iterator[World]:
        w = World(self.marketplace, tmp_path)
        yield w
        w.close()

    def waits_for_lost_creates(self, world: World) -> None:
        if not world.capabilities.moderated_create:
            pytest.skip("a create shows at once here: a lost one is found by its SKU at once")

    def test_every_sku_ends_a_plan_and_a_push_in_one_outcome(self, world: World) -> None:
        catalog = world.catalog(ITEMS)
        plan = world.plan(catalog)
        assert [(o.sku, o.verdict) for o in plan.outcomes] == [
            (i.sku, SkuVerdict.CREATE) for i in ITEMS
        ]
        assert all(o.title.startswith("Chè Tân Cương") for o in plan.outcomes)
        outcome = world.push(catalog)
        done = (
            SkuVerdict.PENDING_REVIEW if world.capabilities.moderated_create else SkuVerdict.CREATE
        )
        assert {o.sku: o.verdict for o in outcome.outcomes()} == {i.sku: done for i in ITEMS}
        assert outcome.ok  # waiting for a review is not a failure
        world.sandbox.moderate()
        again = world.push(catalog)
        if world.capabilities.moderated_create:  # each approval is reported
            assert sorted(a.sku for a in again.answers if a.approved) == [i.sku for i in ITEMS]
            assert all(a.url for a in again.answers)
        assert_converged(world, ITEMS)

    def test_a_lost_create_is_not_sent_again_while_it_may_be_under_review(
        self, world: World
    ) -> None:
        self.waits_for_lost_creates(world)
        catalog = world.catalog(ITEMS)
        world.sandbox.set_moderation(delay_s=3600)  # reviews take an hour
        world.connector.fail_next("create", "unknown")  # made, but its answer is lost
        first = world.push(catalog)
        sku = lost_create(world)
        [mine] = [o for o in first.outcomes() if o.sku == sku]
        assert mine.verdict is SkuVerdict.PENDING_REVIEW and "sent again after" in (
            mine.reason or ""
        )
        for _ in range(3):
            world.push(catalog)
        assert world.connector.calls["create"] == len(ITEMS)  # never sent twice
        [waiting] = [o for o in world.plan(catalog).outcomes if o.sku == sku]
        assert waiting.verdict is SkuVerdict.PENDING_REVIEW and "--recreate" in (
            waiting.reason or ""
        )
        world.sandbox.moderate()  # approved at last: found by its SKU and bound
        world.sandbox.set_moderation(delay_s=0)
        world.settle(catalog)
        assert_converged(world, ITEMS)
        assert world.connector.calls["create"] == len(ITEMS)
        assert not [e for e in world.store.journal(500) if e.operation == "drop_duplicate"]

    def test_after_its_horizon_or_on_request_a_lost_create_is_sent_again(
        self, world: World
    ) -> None:
        self.waits_for_lost_creates(world)
        catalog = world.catalog(ITEMS)
        world.sandbox.set_moderation(delay_s=3600)
        world.connector.fail_next("create", "unknown")
        world.push(catalog)
        sku = lost_create(world)
        asked = RunOptions(recreate=frozenset({sku}))  # ocop push --recreate SKU
        planned = world.plan(catalog, options=asked).actions
        assert [a.kind for a in planned if a.sku == sku] == [ActionKind.CREATE]
        horizon = timedelta(hours=world.capabilities.review_horizon_hours)
        later = RunOptions(now=datetime.now(UTC) + horizon + timedelta(minutes=1))
        world.push(catalog, options=later)  # the horizon passed: it never turned up
        assert world.connector.calls["create"] == len(ITEMS) + 1
        world.sandbox.moderate()  # …but both requests were there after all: one is dropped
        world.sandbox.set_moderation(delay_s=0)
        world.settle(catalog)
        assert_converged(world, ITEMS)

    def test_a_lost_create_of_a_product_then_removed_is_taken_off_sale(self, world: World) -> None:
        catalog = world.catalog(ITEMS)
        world.sandbox.set_moderation(delay_s=3600)
        world.connector.fail_next("create", "unknown")
        world.push(catalog)
        gone = next(
            (r.sku for r in world.store.listings(world.name) if r.state == ListingState.UNKNOWN),
            ITEMS[0].sku,  # a marketplace without review found and bound it at once
        )
        kept = [i for i in ITEMS if i.sku != gone]
        world.push(world.catalog(kept), allow_mass_delist=True)  # the product leaves
        world.sandbox.moderate()  # its create is approved later all the same
        world.sandbox.set_moderation(delay_s=0)
        world.settle(world.catalog(kept))
        assert gone not in world.on_sale()
        assert_converged(world, kept)

    def test_a_rejected_content_update_is_reported_until_edited(self, world: World) -> None:
        if not world.capabilities.moderated_update:
            pytest.skip("content changes are not reviewed here")
        world.settle(world.catalog(ITEMS))
        world.sandbox.set_moderation(reject_title_words=["giả"])
        items = [replace(ITEMS[0], name="Chè giả Tân Cương"), *ITEMS[1:]]
        world.settle(world.catalog(items), pushes=2)
        plan = world.plan(world.catalog(items))
        assert not plan.has_changes and plan.needs_a_person and not plan.in_sync
        [rejected] = [o for o in plan.outcomes if o.verdict is SkuVerdict.REJECTED]
        assert rejected.sku == "CHE-1" and "edit the catalogue" in (rejected.reason or "")
        assert not world.push(world.catalog(items)).ok  # the push says so too
        world.settle(world.catalog(ITEMS))  # edited back: sent again, approved
        assert_converged(world, ITEMS)

    def test_a_category_the_marketplace_does_not_have_holds_its_skus_back(
        self, world: World
    ) -> None:
        catalog = world.catalog(ITEMS)
        text = (world.folder / "catalog.yaml").read_text(encoding="utf-8")
        wrong = text.replace(world.category, "Chè búp khô đặc biệt")
        (world.folder / "catalog.yaml").write_text(wrong, encoding="utf-8")
        catalog = world.catalog_file()
        plan = world.plan(catalog)
        assert not plan.actions and plan.needs_a_person
        assert {o.verdict for o in plan.outcomes} == {SkuVerdict.HELD_BACK}
        assert all("“Chè búp khô đặc biệt”" in (o.reason or "") for o in plan.outcomes)
        outcome = world.push(catalog)
        assert not outcome.ok and world.writes() == 0

    def test_a_state_with_old_hashes_plans_no_write(self, world: World) -> None:
        catalog = world.catalog(ITEMS)
        world.settle(catalog)
        tree = CategoryTree(world.name, world.connector.categories())
        hashes = ImageHashes(world.folder)
        wanted = wanted_for(catalog, world.name, world.capabilities, AS_OF, hashes, tree)
        for n, item in enumerate(wanted.wanted):  # as ocop ≤ 0.2 hashed and stored them:
            # with the category's id, or (a catalogue that named it then) with its name
            draft = item.draft if n % 2 else replace(item.draft, category=world.category)
            old = legacy_content_hash(draft, [hashes.of(i) for i in item.draft.images])
            world.store.update_listing(world.name, item.sku, content_hash=old)
        plan = world.plan(catalog)
        assert not plan.actions and plan.in_sync and len(plan.rehash) == len(ITEMS)
        before = world.writes()
        assert world.push(catalog).writes == 0 and world.writes() == before
        stored = [r.content_hash for r in world.store.listings(world.name)]
        assert all(h and h.startswith("c2:") for h in stored)  # the push re-wrote them
        assert_converged(world, ITEMS)

    def test_a_listing_the_marketplace_describes_wrongly_fails_alone(self, world: World) -> None:
        catalog = world.catalog(ITEMS)
        world.settle(catalog)
        items = [replace(i, price=i.price + 1_000) for i in ITEMS]
        world.answers.tampers.append(numbers_as_text(ITEMS[1].price))  # "99.000": not a number
        outcome = world.push(world.catalog(items))
        verdicts = {o.sku: o for o in outcome.outcomes()}
        assert verdicts["CHE-2"].verdict is SkuVerdict.FAILED and not outcome.ok, (
            verdicts,
            outcome.error,
        )
        assert "could not be read" in (verdicts["CHE-2"].reason or "")
        assert {verdicts[s].verdict for s in ("CHE-1", "CHE-3")} == {SkuVerdict.UPDATE}
        world.answers.tampers.clear()
        world.settle(world.catalog(items))
        assert_converged(world, items)

    def test_a_create_answered_with_nonsense_is_reconciled_not_resent(self, world: World) -> None:
        world.push(world.catalog(ITEMS[1:2]))  # its picture is the next one's: uploaded now
        catalog = world.catalog(ITEMS[:2])
        world.answers.tampers.append(writes_answered_with({"what": "?"}))
        outcome = world.push(catalog)  # the create takes effect; its answer means nothing
        world.answers.tampers.clear()
        assert outcome.writes == 1 and not outcome.progress.failures, outcome.progress.failures
        [lost] = [o for o in outcome.outcomes() if o.sku == "CHE-1"]
        assert lost.verdict in (SkuVerdict.CREATE, SkuVerdict.PENDING_REVIEW)  # found, or waiting
        world.sandbox.moderate()
        world.settle(catalog)
        assert_converged(world, ITEMS[:2])
        creates = [e for e in world.store.journal(100) if e.operation == "create"]
        assert len(creates) == 2  # found by its SKU, never sent twice
