"""Decisions made once, in the plan: which listing wins, how long a lost create waits, what a
refused update leaves; and the content hash on named fields."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from ocop.connector import ListingStatus
from ocop.plan import ActionKind, Policy, SkuVerdict, content_hash, legacy_content_hash, pick
from ocop.plan.hashing import content_document
from tests.sync.test_plan import DRAFT, WANTED, kinds, plan, record, remote

NOW = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
POSTMART_LIKE = Policy(
    moderated_create=True,
    moderated_update=True,
    unique_sku=False,
    review_horizon=timedelta(hours=24),
    now=NOW,
)
LOST = record(remote_id=None, state="unknown", pushed_at=NOW - timedelta(hours=1))


def test_which_listing_wins_compares_ids_as_numbers() -> None:
    nine, ten = remote(remote_id="PM-000009"), remote(remote_id="PM-000010")
    assert pick([ten, nine], None) is nine
    assert pick([remote(remote_id="10"), remote(remote_id="9")], None).remote_id == "9"
    off = remote(remote_id="PM-000001", status=ListingStatus.INACTIVE)
    assert pick([ten, off, nine], None) is nine  # on sale beats a smaller id off sale
    assert pick([nine, ten], record(remote_id="PM-000010")) is ten  # the bound one stays


def test_a_lost_create_waits_its_horizon_on_a_reviewed_marketplace() -> None:
    p = plan(records=(LOST,), listings=(), policy=POSTMART_LIKE)
    [waiting] = p.outcomes
    assert not p.actions and waiting.verdict is SkuVerdict.PENDING_REVIEW
    assert "looked up on every run" in (waiting.reason or "")
    later = replace(POSTMART_LIKE, now=NOW + timedelta(hours=24))
    assert kinds(plan(records=(LOST,), listings=(), policy=later)) == [("A-1", ActionKind.CREATE)]
    asked = replace(POSTMART_LIKE, recreate=frozenset({"A-1"}))
    assert kinds(plan(records=(LOST,), listings=(), policy=asked)) == [("A-1", ActionKind.CREATE)]
    found = plan(records=(LOST,), listings=(remote(),), policy=POSTMART_LIKE)
    assert kinds(found) == [("A-1", ActionKind.ADOPT)]  # it turned up: bound, not re-created


def test_where_a_second_listing_is_refused_a_lost_create_is_sent_again() -> None:
    voso_like = Policy(unique_sku=True, now=NOW, review_horizon=timedelta(hours=24))
    assert kinds(plan(records=(LOST,), listings=(), policy=voso_like)) == [
        ("A-1", ActionKind.CREATE)
    ]


def test_a_refused_create_is_sent_again_at_once() -> None:
    refused = record(remote_id=None, state="failed", pushed_at=NOW, last_error="refused: name")
    p = plan(records=(refused,), listings=(), policy=POSTMART_LIKE)
    assert kinds(p) == [("A-1", ActionKind.CREATE)]


def test_a_product_removed_while_its_lost_create_may_be_approved_keeps_its_record() -> None:
    p = plan(wanted=(), records=(LOST,), listings=(), policy=POSTMART_LIKE)
    assert not p.actions and "taken off sale if it appears" in p.notes[0].text
    later = replace(POSTMART_LIKE, now=NOW + timedelta(days=2))
    assert kinds(plan(wanted=(), records=(LOST,), listings=(), policy=later)) == [
        ("A-1", ActionKind.FORGET)
    ]
    approved = plan(wanted=(), records=(LOST,), listings=(remote(),), policy=POSTMART_LIKE)
    assert kinds(approved) == [("A-1", ActionKind.DELIST)]


def test_a_rejected_update_is_reported_while_price_and_stock_still_go() -> None:
    refused = record(state="rejected", review_reason="ảnh mờ")
    p = plan(records=(refused,), listings=(remote(price=99_000),), policy=POSTMART_LIKE)
    assert kinds(p) == [("A-1", ActionKind.UPDATE_OFFER)]
    [outcome] = p.outcomes
    assert outcome.verdict is SkuVerdict.REJECTED and "ảnh mờ" in (outcome.reason or "")
    edited = replace(WANTED, content_hash="c2:edited")
    p = plan(wanted=(edited,), records=(refused,), policy=POSTMART_LIKE)
    assert kinds(p) == [("A-1", ActionKind.UPDATE_CONTENT)]  # edited: sent for review again


def test_content_hash_is_canonical_json_of_named_fields() -> None:
    digest = content_hash(DRAFT, ["h1"])
    assert digest.startswith("c2:") and len(digest) == 35
    document = content_document(DRAFT, ["h1"])
    assert "list_price" not in document  # no value, no key: a new field changes no hash
    assert document["ocop"] == {"stars": 4, "certificate_no": "1/QĐ", "valid_until": "2028-01-01"}
    assert content_hash(replace(DRAFT, price=1, stock=0), ["h1"]) == digest  # offer apart
    assert content_hash(replace(DRAFT, unit="Gói"), ["h1"]) != digest


def test_the_old_hash_is_recognised_and_rewritten() -> None:
    # pinned from ocop 0.2's ocop/plan/actions.py content_hash (repr of a tuple by position)
    assert legacy_content_hash(DRAFT, ["h1"]) == "ef2384aaacf2c420ebaae48c6f079c8e"
    honey = replace(DRAFT, title="Mật ong", description="x", category="CHE-TRA", list_price=150_000,
                    unit="Lọ", net_weight_g=None, shipping_weight_g=500, ocop=None, origin="TN")  # fmt: skip
    assert legacy_content_hash(honey, ["a", "b"]) == "5746e69bdb770741fdd9f3c1de4bd851"
    old = record(content_hash=legacy_content_hash(DRAFT, ["h1"]))
    wanted = replace(WANTED, legacy_hashes=(legacy_content_hash(DRAFT, ["h1"]),))
    p = plan(wanted=(wanted,), records=(old,))
    assert not p.actions and p.in_sync and p.rehash == (("A-1", WANTED.content_hash),)
    changed = replace(wanted, legacy_hashes=("0" * 32,))  # the old hash of other content
    assert kinds(plan(wanted=(changed,), records=(old,))) == [("A-1", ActionKind.UPDATE_CONTENT)]
