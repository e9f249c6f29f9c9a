"""The pure plan: each rule on hand-made inputs, and the words it is shown in."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from typing import Any

from ocop.connector import ListingDraft, ListingStatus, OcopClaim, RemoteListing
from ocop.engine.categories import refusals
from ocop.engine.describe import plan_data, plan_lines
from ocop.engine.wanted import WantedSet
from ocop.plan import (
    ActionKind,
    MarketplacePlan,
    Policy,
    SkuOutcome,
    SkuVerdict,
    Wanted,
    content_hash,
    money,
    plan_marketplace,
)
from ocop.state import ListingRecord

DRAFT = ListingDraft(
    sku="A-1",
    title="Chè Tân Cương Hộp 100 g",
    description="Chè búp hái thủ công ở Tân Cương.",
    category=101,
    price=120_000,
    list_price=None,
    stock=10,
    unit="Hộp 100 g",
    net_weight_g=100,
    shipping_weight_g=180,
    images=("images/a.png",),
    ocop=OcopClaim(4, "1/QĐ", date(2028, 1, 1)),
    origin="Thái Nguyên",
)
WANTED = Wanted("A-1", "p-a", DRAFT, content_hash(DRAFT, ["h1"]), 4)


def remote(**changes: object) -> RemoteListing:
    base = RemoteListing("7", "A-1", DRAFT.title, 120_000, 10, ListingStatus.ACTIVE, "http://v/7")
    return replace(base, **changes)  # type: ignore[arg-type]


def record(**changes: object) -> ListingRecord:
    base = ListingRecord(
        "voso", "A-1", "p-a", "7", "http://v/7", "active", 120_000, 4, DRAFT.title, None, None,
        None, 10, WANTED.content_hash, WANTED.offer_hash,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


RECORD = record()
REMOTE = remote()


def plan(
    wanted: tuple[Wanted, ...] = (WANTED,),
    unwanted: dict[str, str] | None = None,
    records: tuple[ListingRecord, ...] = (RECORD,),
    listings: tuple[RemoteListing, ...] = (REMOTE,),
    **options: Any,
) -> MarketplacePlan:
    return plan_marketplace("voso", wanted, unwanted or {}, records, listings, **options)


def kinds(p: MarketplacePlan) -> list[tuple[str, ActionKind]]:
    return [(a.sku, a.kind) for a in p.actions]


def test_in_step_listing_is_left_alone() -> None:
    p = plan()
    assert not p.has_changes and p.unchanged == 1 and p.live == 1
    assert p.in_sync and [(o.sku, o.verdict) for o in p.outcomes] == [("A-1", SkuVerdict.IN_SYNC)]


def test_image_bytes_not_paths_make_the_content_hash() -> None:
    assert content_hash(DRAFT, ["h1"]) != content_hash(DRAFT, ["h2"])
    moved = replace(DRAFT, images=("elsewhere/a.png",))
    assert content_hash(moved, ["h1"]) == content_hash(DRAFT, ["h1"])


def test_price_drift_on_the_marketplace_is_put_back_as_an_offer_update() -> None:
    p = plan(listings=(remote(price=99_000, stock=3),))
    [action] = p.actions
    assert action.kind is ActionKind.UPDATE_OFFER and action.remote_id == "7"
    assert [str(c) for c in action.changes] == ["price ₫99,000 → ₫120,000", "stock 3 → 10"]


def test_content_change_carries_the_offer_unless_updates_are_moderated() -> None:
    edited = replace(
        WANTED, content_hash="c2:new", draft=replace(DRAFT, title="Chè đặc biệt 100 g")
    )
    p = plan(wanted=(edited,), listings=(remote(price=99_000),))
    assert kinds(p) == [("A-1", ActionKind.UPDATE_CONTENT)]
    assert "title “Chè Tân Cương Hộp 100 g” → “Chè đặc biệt 100 g”" in plan_lines(p)[1]
    p = plan(
        wanted=(edited,), listings=(remote(price=99_000),), policy=Policy(moderated_update=True)
    )
    assert p.actions[0].then == (ActionKind.UPDATE_OFFER,)


def test_a_change_under_review_is_not_sent_again() -> None:
    p = plan(listings=(remote(price=99_000, pending_changes=True),))
    assert not p.has_changes


def test_missing_listing_is_created_and_unknown_create_is_adopted_by_sku() -> None:
    assert kinds(plan(records=(), listings=())) == [("A-1", ActionKind.CREATE)]
    lost = record(remote_id=None, state="unknown")
    p = plan(records=(lost,), listings=(remote(),))
    [adopt] = p.actions
    assert adopt.kind is ActionKind.ADOPT and adopt.then == ()  # the create did land as sent


def test_hand_made_listing_is_adopted_then_brought_up_to_date() -> None:
    p = plan(records=(), listings=(remote(title="Chè nhà làm", status=ListingStatus.INACTIVE),))
    [adopt] = p.actions
    assert adopt.kind is ActionKind.ADOPT
    assert adopt.then == (ActionKind.RELIST, ActionKind.UPDATE_CONTENT)


def test_duplicates_keep_the_bound_listing() -> None:
    p = plan(listings=(remote(remote_id="3"), remote()))
    assert kinds(p) == [("A-1", ActionKind.DROP_DUPLICATE)] and p.actions[0].remote_id == "3"
    assert [o.verdict for o in p.outcomes] == [SkuVerdict.UPDATE]


def test_pending_and_rejected_creates_wait() -> None:
    pending = record(remote_id=None, state="pending_review", request_id="req_1")
    p = plan(records=(pending,), listings=())
    [waiting] = p.outcomes
    assert not p.has_changes and waiting.verdict is SkuVerdict.PENDING_REVIEW
    assert "review" in (waiting.reason or "")
    rejected = record(remote_id=None, state="rejected", review_reason="ảnh mờ")
    p = plan(records=(rejected,), listings=())
    [refused] = p.outcomes
    assert not p.has_changes and refused.verdict is SkuVerdict.REJECTED
    assert "ảnh mờ" in (refused.reason or "") and p.needs_a_person
    edited = replace(WANTED, content_hash="c2:new")
    assert kinds(plan(wanted=(edited,), records=(rejected,), listings=())) == [
        ("A-1", ActionKind.CREATE)
    ]


def test_unwanted_listing_is_delisted_and_unknown_ones_left_alone() -> None:
    p = plan(wanted=(), unwanted={"A-1": "certificate expired"})
    assert kinds(p) == [("A-1", ActionKind.DELIST)] and p.actions[0].reason == "certificate expired"
    assert p.actions[0].label == DRAFT.title  # named by what was pushed
    p = plan(wanted=(), records=())
    assert not p.has_changes and [r.sku for r in p.unmatched_remote] == ["A-1"]
    gone = plan(
        wanted=(),
        records=(record(state="delisted"),),
        listings=(remote(status=ListingStatus.INACTIVE),),
    )
    assert not gone.has_changes


def test_held_sku_leaves_its_listing_as_it_is() -> None:
    p = plan(wanted=(), held={"A-1": "no category is mapped"}, titles={"A-1": "Chè"})
    assert not p.has_changes
    assert p.outcomes == (SkuOutcome("A-1", SkuVerdict.HELD_BACK, "no category is mapped", "Chè"),)
    assert p.needs_a_person and not p.in_sync


def test_blocked_listing_is_reported_not_written() -> None:
    p = plan(listings=(remote(status=ListingStatus.BLOCKED, price=1_000),))
    assert not p.has_changes
    [blocked] = p.outcomes
    assert blocked.verdict is SkuVerdict.HELD_BACK and "blocked" in (blocked.reason or "")


def test_money_and_json() -> None:
    assert money(125_000) == "₫125,000" and money(None) == "-"  # Babel, as English writes it
    data = plan_data(plan(listings=(remote(price=99_000),)))
    assert data["counts"] == {"update_offer": 1}
    assert data["verdicts"] == {"update": 1} and data["outcomes"][0]["title"] == DRAFT.title
    assert data["actions"][0]["changes"][0] == {
        "field": "price",
        "words": "price",
        "old": "₫99,000",
        "new": "₫120,000",
    }


class Checker:
    """A connector that says why it would refuse some drafts (``ChecksDrafts``)."""

    def __init__(self, refused: dict[str, list[str]]) -> None:
        self.refused = refused

    def problems(self, draft: ListingDraft) -> list[str]:
        return self.refused.get(draft.sku, [])


def test_a_sku_the_connector_would_refuse_is_held_with_its_reasons() -> None:
    other = replace(WANTED, sku="B-1", draft=replace(DRAFT, sku="B-1"))
    wanted = WantedSet([WANTED, other])
    reasons = ["the category needs the attribute 'Hạn sử dụng'", "no brand"]
    with ThreadPoolExecutor(2) as pool:
        refused = refusals(Checker({"B-1": reasons}), [DRAFT, other.draft], pool)  # type: ignore[arg-type]
    for sku, why in refused.items():
        wanted.hold(sku, why)
    assert [w.sku for w in wanted.wanted] == ["A-1"]
    assert wanted.held == {
        "B-1": "the marketplace would refuse it: the category needs the attribute "
        "'Hạn sử dụng'; no brand"
    }
    [held] = plan(tuple(wanted.wanted), held=wanted.held, records=(), listings=()).outcomes[1:]
    assert held.verdict is SkuVerdict.HELD_BACK and "Hạn sử dụng" in (held.reason or "")


def test_a_connector_that_checks_nothing_holds_nothing() -> None:
    with ThreadPoolExecutor(1) as pool:
        assert refusals(object(), [DRAFT], pool) == {}  # type: ignore[arg-type]
