"""The engine against the in-memory marketplaces: convergence, no duplicates, no churn."""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter
from dataclasses import replace

import pytest

from ocop.connector import ListingStatus
from ocop.engine import push
from ocop.errors import StateLocked, UnsafePlanError
from ocop.plan import ActionKind
from tests.sync.catalogs import Item, write_catalog
from tests.sync.conftest import AS_OF, World
from tests.sync.fake import FakeConnector, FakeMarketplace

ITEMS = [Item("CHE-1"), Item("CHE-2", price=99_000), Item("CHE-3", image="other.png")]


def live(market: FakeMarketplace) -> Counter[str]:
    """How many listings on sale each SKU has."""
    return Counter(r.sku for r in market.listings.values() if r.status is ListingStatus.ACTIVE)


def assert_converged(world: World, items: list[Item]) -> None:
    for market in world.markets:
        assert live(market) == Counter({i.sku: 1 for i in items}), market.name
        prices = {
            r.sku: r.price for r in market.listings.values() if r.status is ListingStatus.ACTIVE
        }
        assert prices == {i.sku: i.price for i in items}
    plans = world.plans(write_catalog(world.folder, items))
    assert not any(p.has_changes for p in plans.values()), plans


def test_first_push_creates_and_a_second_push_writes_nothing(world: World) -> None:
    catalog = write_catalog(world.folder, ITEMS)
    first = world.push(catalog)
    assert first["voso"].progress.done == {ActionKind.CREATE: 3}
    assert first["voso"].uploads == 2  # three SKUs, two distinct images
    world.push(catalog)  # Postmart: the reviews are answered and bound
    before = world.writes()
    again = world.push(catalog)
    assert world.writes() == before
    assert all(o.writes == 0 and o.ok for o in again.values())
    assert_converged(world, ITEMS)
    record = world.store.listing("postmart", "CHE-1")
    assert record is not None and record.url and record.state == "active"


def test_price_change_goes_through_the_offer_endpoint_in_batches(world: World) -> None:
    catalog = write_catalog(world.folder, ITEMS)
    world.push(catalog)
    world.push(catalog)
    items = [replace(i, price=i.price + 5_000) for i in ITEMS]
    plans = world.plans(write_catalog(world.folder, items))
    change = plans["voso"].actions[0]
    assert change.kind is ActionKind.UPDATE_OFFER
    assert str(change.changes[0]) == "price 120.000 ₫ → 125.000 ₫"
    world.push(write_catalog(world.folder, items))
    assert world.voso.writes["update_offers"] == 3  # one call per listing
    assert world.postmart.writes["update_offers"] == 1  # one batch of three
    assert world.postmart.writes["update_content"] == 0
    assert_converged(world, items)


def test_content_change_on_a_moderated_marketplace_waits_for_review(world: World) -> None:
    catalog = write_catalog(world.folder, ITEMS)
    world.push(catalog)
    world.push(catalog)
    world.postmart.auto_approve = False
    items = [replace(ITEMS[0], name="Chè móc câu Tân Cương"), *ITEMS[1:]]
    world.push(write_catalog(world.folder, items))
    record = world.store.listing("postmart", "CHE-1")
    assert record is not None and record.state == "pending_review" and record.request_id
    before = world.writes()
    world.push(write_catalog(world.folder, items))
    assert world.writes() == before  # nothing is sent again while the review is open
    world.postmart.auto_approve = True
    world.push(write_catalog(world.folder, items))
    assert_converged(world, items)


def test_create_answered_by_a_timeout_is_found_by_sku_not_sent_twice(world: World) -> None:
    world.voso.fail_next("create", "unknown", "unknown")
    world.push(write_catalog(world.folder, ITEMS))
    assert world.voso.writes["create"] == 3
    assert live(world.voso) == Counter({i.sku: 1 for i in ITEMS})
    world.push(write_catalog(world.folder, ITEMS))
    assert_converged(world, ITEMS)


def test_a_kill_right_after_a_create_is_reconciled(world: World) -> None:
    catalog = write_catalog(world.folder, ITEMS)
    world.voso.fail_next("create", "crash_after")
    world.postmart.fail_next("create", "crash_after")
    assert world.push_crashing(catalog)
    for market in world.markets:
        market.queued.clear()  # the process is dead: a fault not reached never happens
    outcomes = world.push(catalog)
    assert outcomes["voso"].interrupted + outcomes["postmart"].interrupted >= 1
    world.push(catalog)
    assert world.voso.writes["create"] == 3  # the killed create was adopted, not repeated
    assert_converged(world, ITEMS)
    audit = [e for e in world.store.journal(500) if e.outcome == "interrupted"]
    assert audit and all(e.operation in ("create", "upload_image") for e in audit)


def test_postmart_duplicate_from_a_lost_request_is_taken_off_sale(world: World) -> None:
    catalog = write_catalog(world.folder, ITEMS)
    world.postmart.auto_approve = False
    world.postmart.fail_next("create", "unknown")  # the request exists, its id is lost
    world.push(catalog)
    world.push(catalog)  # nothing found by SKU: sent again (the contract allows no better)
    FakeConnector(world.postmart).decide_all()  # moderators approve both requests
    world.postmart.auto_approve = True
    for _ in range(3):
        world.push(catalog)
    assert_converged(world, ITEMS)
    assert any(e.operation == "drop_duplicate" for e in world.store.journal(500))


def test_one_failure_does_not_stop_the_others(world: World) -> None:
    world.voso.fail_next("create", "fail_before")
    outcomes = world.push(write_catalog(world.folder, ITEMS))
    assert not outcomes["voso"].ok and outcomes["postmart"].ok
    assert outcomes["voso"].progress.done == {ActionKind.CREATE: 2}
    [failure] = outcomes["voso"].progress.failures
    record = world.store.listing("voso", failure.sku)
    assert record is not None and record.last_error and "503" in record.last_error
    world.push(write_catalog(world.folder, ITEMS))
    world.push(write_catalog(world.folder, ITEMS))
    assert_converged(world, ITEMS)


def test_removed_and_switched_off_products_are_delisted(world: World) -> None:
    items = [*ITEMS, Item("CHE-4"), Item("CHE-5")]
    world.push(write_catalog(world.folder, items))
    world.push(write_catalog(world.folder, items))
    catalog = write_catalog(world.folder, items[:4], voso="    exclude: [CHE-4]")
    outcomes = world.push(catalog)
    assert outcomes["voso"].progress.done == {ActionKind.DELIST: 2}
    assert outcomes["postmart"].progress.done == {ActionKind.DELIST: 1}
    assert live(world.voso) == Counter({i.sku: 1 for i in ITEMS})
    record = world.store.listing("voso", "CHE-5")
    assert record is not None and record.state == "delisted"
    # back in the catalogue: relisted, not created again
    outcomes = world.push(write_catalog(world.folder, items))
    assert outcomes["voso"].progress.done == {ActionKind.RELIST: 2}
    assert_converged(world, items)


def test_mass_delist_is_refused_without_the_flag(world: World) -> None:
    world.push(write_catalog(world.folder, ITEMS))
    world.push(write_catalog(world.folder, ITEMS))
    before = world.writes()
    with pytest.raises(UnsafePlanError, match="--allow-mass-delist"):
        world.push(write_catalog(world.folder, ITEMS[:1]))
    assert world.writes() == before
    world.push(write_catalog(world.folder, ITEMS[:1]), allow_mass_delist=True)
    assert live(world.voso) == Counter({"CHE-1": 1})


def test_expired_certificate_delists_or_drops_the_claim(world: World) -> None:
    items = [*ITEMS, Item("CHE-OLD", cert_date="2022-01-10")]
    outcomes = world.push(write_catalog(world.folder, items))
    assert outcomes["voso"].progress.done == {ActionKind.CREATE: 3}  # never listed
    catalog = write_catalog(
        world.folder, items, voso="    on_expired_certificate: drop_ocop_claims"
    )
    world.push(catalog)
    [old] = [r for r in world.voso.listings.values() if r.sku == "CHE-OLD"]
    assert old.ocop_stars is None
    world.push(write_catalog(world.folder, items), allow_mass_delist=True)
    assert "CHE-OLD" not in live(world.voso)


def test_rejection_is_reported_and_not_resent_until_edited(world: World) -> None:
    title = "Chè Tân Cương CHE-2 Hộp 100 g"
    world.postmart.reject_titles.add(title)
    catalog = write_catalog(world.folder, ITEMS)
    world.push(catalog)
    world.push(catalog)
    record = world.store.listing("postmart", "CHE-2")
    assert record is not None and record.state == "rejected"
    assert record.review_reason == "ảnh không rõ"
    plans = world.plans(catalog)
    assert not plans["postmart"].has_changes
    assert any("ảnh không rõ" in n.text for n in plans["postmart"].notes)
    items = [ITEMS[0], replace(ITEMS[1], name="Chè Tân Cương loại một"), ITEMS[2]]
    world.push(write_catalog(world.folder, items))
    world.push(write_catalog(world.folder, items))
    assert_converged(world, items)


def test_hand_made_listings_are_adopted_not_duplicated(world: World) -> None:
    catalog = write_catalog(world.folder, ITEMS)
    hand = FakeConnector(world.voso)
    draft_like = world.plans(catalog)["voso"].actions[0].wanted
    assert draft_like is not None
    hand.create(replace(draft_like.draft, title="Chè nhà làm", price=1000), [])
    plans = world.plans(catalog)
    kinds = {a.sku: a.kind for a in plans["voso"].actions}
    assert kinds == {
        "CHE-1": ActionKind.ADOPT,
        "CHE-2": ActionKind.CREATE,
        "CHE-3": ActionKind.CREATE,
    }
    world.push(catalog)
    world.push(catalog)
    assert_converged(world, ITEMS)


def test_a_second_push_while_one_runs_is_refused(world: World) -> None:
    catalog = write_catalog(world.folder, ITEMS)
    from ocop.state import StateStore

    path = world.folder / ".ocop" / "state.db"
    with StateStore.open(path) as other, other.lock(["postmart"]):
        with pytest.raises(StateLocked, match="on postmart"):
            world.push(catalog)  # every marketplace or none: voso was not written either
        assert sum(world.voso.writes.values()) == 0
        # a push of the marketplace nobody holds goes ahead
        outcomes = push(catalog, world.store, [FakeConnector(world.voso)], AS_OF)
        assert [o.ok for o in outcomes] == [True]


def test_a_price_jump_the_offer_endpoint_refuses_goes_through_review(world: World) -> None:
    catalog = write_catalog(world.folder, ITEMS)
    world.push(catalog)
    world.push(catalog)
    items = [replace(ITEMS[0], price=300_000), *ITEMS[1:]]
    outcomes = world.push(write_catalog(world.folder, items))
    assert outcomes["postmart"].ok, outcomes["postmart"].progress.failures
    assert outcomes["postmart"].progress.done == {ActionKind.UPDATE_CONTENT: 1}
    assert world.postmart.writes["update_content"] == 1
    world.push(write_catalog(world.folder, items))
    assert_converged(world, items)


def test_ctrl_c_stops_starting_new_calls_and_the_next_push_finishes(world: World) -> None:
    items = [Item(f"CHE-{n:02d}") for n in range(60)]
    catalog = write_catalog(world.folder, items)
    world.voso.write_delay = world.postmart.write_delay = 0.2  # 32 workers: two rounds or more
    timer = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        world.push(catalog)
    timer.join()
    assert world.voso.writes["create"] < len(items)  # it stopped early…
    world.restart()
    world.voso.write_delay = world.postmart.write_delay = 0.0
    world.push(catalog)
    world.push(catalog)
    assert_converged(world, items)  # …and lost nothing


def test_a_review_that_cannot_be_checked_is_reported(world: World) -> None:
    world.postmart.auto_approve = False
    world.push(write_catalog(world.folder, ITEMS[:1]))
    world.postmart.requests.clear()  # the marketplace lost the request
    plans = world.plans(write_catalog(world.folder, ITEMS[:1]))
    assert [n.sku for n in plans["postmart"].notes if "could not be checked" in n.text] == ["CHE-1"]
