"""The counts, checked against the fixture worked out by hand in conftest.py.

What each listing of the fixture is judged to be (``ocop.verdict``), 2026-01-15 12:00, 7 days:

    voso      CHE-100 on sale       CHE-200 on sale (99,000₫)   MIEN-1 not verified (blocked)
              MO-1 not verified (crawled 10 days ago)           RUOU-1 on sale, expired
              GIO-1 on sale, though ocop's state says inactive   GONE-1 not in the catalogue
    postmart  CHE-100 taken down (404)   MIEN-1 on sale, out of stock   GIO-1 never observed
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from ocop.model import Catalog
from ocop.observation import Observation, PageStatus, Seen
from ocop.report import BREAKDOWNS, Report, build_report
from ocop.report.model import Table

from .conftest import AS_OF, FRESH, LISTINGS, REFERENCE, STALE, listing, seen


@pytest.fixture
def report(catalog: Catalog, observations: dict[tuple[str, str], Observation]) -> Report:
    return build_report(catalog, LISTINGS, observations, as_of=AS_OF, reference_time=REFERENCE)


def _rows(table: Table | None) -> dict[str, dict[str, object]]:
    assert table is not None
    return {row.key: row.values for row in table.all_rows}


def _pick(values: dict[str, object], *keys: str) -> tuple[object, ...]:
    return tuple(values[k] for k in keys)


def test_every_total_is_the_sum_of_its_rows_and_rows_apart_stay_out(report: Report) -> None:
    assert [t.key for t in report.tables] == list(BREAKDOWNS)
    for table in report.tables:
        for column in table.columns:
            if column.is_ratio:
                continue
            summed = sum(int(r.values[column.key] or 0) for r in table.rows)
            assert table.total.values[column.key] == summed, (table.key, column.key)


MARKET = (
    "skus_claimed",
    "skus_on_sale",
    "skus_out_of_stock",
    "skus_taken_down",
    "skus_unverified",
    "skus_older",
    "products_on_sale",
    "products_expired_on_sale",
)


def test_listings_by_marketplace_count_what_the_pages_show(report: Report) -> None:
    rows = _rows(report.table("marketplace"))
    # voso: five claimed; on sale CHE-100, CHE-200, RUOU-1 (expired: its own column) and GIO-1
    # (ocop's state says inactive, the page says on sale: it is on sale); MIEN-1 blocked and
    # MO-1 too old are not verified; GONE-1 is not in the catalogue
    assert _pick(rows["voso"], *MARKET) == (5, 4, 0, 0, 2, 0, 2, 1)
    # postmart: MIEN-1 out of stock (on sale), CHE-100 taken down (404), GIO-1 never crawled
    assert _pick(rows["postmart"], *MARKET) == (3, 1, 1, 1, 1, 0, 1, 0)
    assert _pick(rows["total"], *MARKET) == (8, 5, 1, 1, 3, 0, 3, 1)


def test_verification_says_what_showed_each_listing(report: Report) -> None:
    rows = _rows(report.table("verification"))
    shown = {key: (v["voso"], v["postmart"]) for key, v in rows.items() if any(v.values())}
    assert shown == {
        "on_sale/live": (4, 0),
        "on_sale/out_of_stock": (0, 1),
        "taken_down/removed": (0, 1),
        "unverified/blocked": (1, 0),
        "unverified/too_old": (1, 0),
        "unverified/never_observed": (0, 1),
        "total": (6, 3),
    }


def test_by_star_counts_ocop_products_and_keeps_expired_ones_apart(report: Report) -> None:
    star = report.table("star")
    assert star is not None
    assert [r.key for r in star.rows] == ["3", "4", "5"]
    assert [r.key for r in star.apart] == ["none"]
    rows = _rows(star)
    keys = ("products", "skus", "voso.on_sale", "voso.skus_on_sale", "postmart.on_sale")
    keys += ("postmart.skus_on_sale", "any.on_sale")
    assert _pick(rows["3"], *keys) == (2, 2, 0, 0, 1, 1, 1)
    assert _pick(rows["4"], *keys) == (2, 3, 1, 2, 0, 0, 1)
    assert _pick(rows["5"], *keys) == (1, 1, 1, 1, 0, 0, 1)
    assert _pick(rows["total"], *keys) == (5, 6, 2, 3, 1, 1, 3)
    # the expired rượu, still on sale on voso: its own row, never in the OCOP total
    assert _pick(rows["none"], *keys) == (1, 1, 1, 1, 0, 0, 1)


def test_no_ocop_row_reads_more_on_sale_than_products(report: Report) -> None:
    for table in report.tables:
        if "products" not in table.total.values or table.key == "marketplace":
            continue
        for row in [*table.rows, table.total]:
            on_sale = [v for k, v in row.values.items() if k.endswith(".on_sale")]
            assert all(int(v or 0) <= int(row.values["products"] or 0) for v in on_sale), (
                table.key,
                row.key,
            )


def test_coverage_is_on_sale_over_ocop_products_beside_the_claim(report: Report) -> None:
    rows = _rows(report.table("coverage"))
    assert rows["3"]["voso.claimed_coverage"] == 1.0 and rows["3"]["voso.coverage"] == 0.0
    assert rows["3"]["postmart.coverage"] == 0.5
    assert rows["5"]["voso.claimed"] == 0 and rows["5"]["voso.coverage"] == 1.0
    total = rows["total"]
    assert total["valid"] == 5
    assert _pick(total, "voso.claimed", "voso.claimed_coverage", "voso.coverage") == (3, 0.6, 0.4)
    assert _pick(total, "any.claimed", "any.claimed_coverage", "any.coverage") == (4, 0.8, 0.6)


def test_communes_and_districts_in_vietnamese_order(report: Report) -> None:
    communes = report.table("commune")
    assert communes is not None
    names = [r.name for r in communes.rows]
    # Đ sorts with D, not after Z as its code point would put it
    assert names == [
        "Phường Bắc Kạn",
        "Xã Ba Bể",
        "Xã Bằng Thành",
        "Xã Đồng Phúc",
        "Xã Phong Quang",
    ]
    # Phường Bắc Kạn: chè is OCOP, rượu (expired) is counted apart
    assert [r.values["products"] for r in communes.rows] == [1, 1, 1, 1, 1]
    districts = _rows(report.table("district"))
    # Ba Bể is given in the catalogue; the others come from the commune, two are ambiguous
    assert list(districts) == [
        "Huyện Ba Bể",
        "Huyện Pác Nặm",
        "Thành phố Bắc Kạn",
        "several",
        "total",
        "none",
    ]
    assert districts["several"]["products"] == 2


def test_groups_in_programme_order_and_producer_kinds(report: Report) -> None:
    groups = _rows(report.table("group"))
    assert list(groups)[:3] == ["thuc_pham/so_che", "thuc_pham/che_bien", "thuc_pham/che"]
    assert list(groups)[3:] == [
        "thu_cong_my_nghe/may_tre_dan",
        "sinh_vat_canh/hoa",
        "total",
        "none",
    ]
    kinds = _rows(report.table("kind"))
    assert {k: v["products"] for k, v in kinds.items()} == {
        "hop_tac_xa": 1,
        "doanh_nghiep": 1,
        "ho_kinh_doanh": 2,
        "to_hop_tac": 1,
        "total": 5,
        "none": 1,
    }


def test_watchlist_with_listings_on_sale(report: Report) -> None:
    assert [(w.product_id, w.days_left, w.window) for w in report.watchlist] == [
        ("mien", 25, 30),
        ("mat-ong", 75, 90),
    ]
    assert [(e.marketplace, e.sku) for e in report.watchlist[0].live_listings] == [
        ("postmart", "MIEN-1")
    ]
    rows = _rows(report.table("expiring"))
    assert _pick(rows["30"], "certificates", "with_live_listing", "live_listings") == (1, 1, 1)
    assert _pick(rows["90"], "certificates", "with_live_listing", "live_listings") == (1, 0, 0)


def test_drift_kinds(report: Report) -> None:
    found = sorted((d.marketplace, d.kind.value, d.sku) for d in report.drift)
    assert found == [
        ("postmart", "stars", "MIEN-1"),
        ("postmart", "taken_down", "CHE-100"),
        ("postmart", "unverified", "GIO-1"),
        ("voso", "expired_live", "RUOU-1"),
        ("voso", "price", "CHE-200"),
        ("voso", "still_live", "GIO-1"),
        ("voso", "unknown_product", "GONE-1"),
        ("voso", "unverified", "MIEN-1"),
        ("voso", "unverified", "MO-1"),
    ]
    price = next(d for d in report.drift if d.kind == "price")
    assert (price.expected, price.observed) == (100000, 99000)
    rows = _rows(report.table("drift"))
    assert (rows["total"]["voso"], rows["total"]["postmart"]) == (6, 3)


def test_blocked_and_old_are_not_verified_never_taken_down(report: Report) -> None:
    reasons = {(e.marketplace, e.sku): e.reason for e in report.listings("unverified")}
    assert reasons == {
        ("voso", "MIEN-1"): "blocked",
        ("voso", "MO-1"): "too_old",
        ("postmart", "GIO-1"): "never_observed",
    }
    assert {(e.marketplace, e.sku) for e in report.listings("taken_down")} == {
        ("postmart", "CHE-100")
    }
    taken = [d for d in report.drift if d.kind == "taken_down"]
    assert [d.sku for d in taken] == ["CHE-100"]  # the blocked MIEN-1 is not taken down


def test_a_blocked_captcha_or_error_crawl_never_displaces_a_trustworthy_one(
    catalog: Catalog, observations: dict[tuple[str, str], Observation]
) -> None:
    before = build_report(catalog, LISTINGS, observations, as_of=AS_OF, reference_time=REFERENCE)
    later = FRESH + timedelta(hours=20)
    blocked = {
        key: Seen(
            observation.model_copy(
                update={"status": PageStatus.BLOCKED, "observed_at": later, "detail": "captcha"}
            ),
            observation if observation.trustworthy else None,
        )
        for key, observation in observations.items()
    }
    after = build_report(catalog, LISTINGS, blocked, as_of=AS_OF, reference_time=REFERENCE)
    counted = ("skus_on_sale", "skus_taken_down", "products_on_sale", "skus_unverified")
    for name in ("voso", "postmart"):
        assert _pick(_rows(after.table("marketplace"))[name], *counted) == _pick(
            _rows(before.table("marketplace"))[name], *counted
        )
    market = _rows(after.table("marketplace"))
    assert (market["voso"]["skus_older"], market["postmart"]["skus_older"]) == (4, 2)
    verification = _rows(after.table("verification"))
    assert verification["older/blocked"] == {"voso": 4, "postmart": 2}
    older = next(e for e in after.evidence if (e.marketplace, e.sku) == ("voso", "CHE-200"))
    assert (older.verdict, older.status, older.older_why) == ("on_sale", "live", "blocked: captcha")


def test_a_longer_freshness_window_verifies_the_older_crawl(
    catalog: Catalog, observations: dict[tuple[str, str], Observation]
) -> None:
    wide = build_report(
        catalog, LISTINGS, observations, as_of=AS_OF, reference_time=REFERENCE, fresh_days=30
    )
    assert ("voso", "MO-1") in {(e.marketplace, e.sku) for e in wide.listings("on_sale")}
    assert STALE < FRESH


def test_as_of_an_earlier_day_counts_what_was_certified_then(
    catalog: Catalog, observations: dict[tuple[str, str], Observation]
) -> None:
    early = build_report(
        catalog,
        LISTINGS,
        observations,
        as_of=date(2023, 3, 1),
        reference_time=REFERENCE,
        breakdowns=["star"],
    )
    rows = _rows(early.table("star"))
    # only miến (02/2023) and rượu (2022) had been certified, both 3★ and valid then
    assert rows["total"]["products"] == 2 and rows["3"]["products"] == 2
    assert rows["none"]["products"] == 4  # the other four: not yet certified


def test_one_marketplace_only(
    catalog: Catalog, observations: dict[tuple[str, str], Observation]
) -> None:
    only = build_report(
        catalog,
        LISTINGS,
        observations,
        as_of=AS_OF,
        reference_time=REFERENCE,
        marketplaces=["postmart"],
    )
    assert only.marketplaces == ["postmart"]
    assert {e.marketplace for e in only.evidence} == {"postmart"}
    star = only.table("star")
    assert star is not None
    assert not any(c.marketplace == "voso" for c in star.columns)


def test_where_claims_are_dropped_an_expired_product_may_stay_listed_without_stars(
    catalog: Catalog,
) -> None:
    settings = dataclasses.replace(
        catalog.marketplaces["postmart"], on_expired_certificate="drop_ocop_claims"
    )
    lenient = catalog.model_copy(
        update={"marketplaces": {**catalog.marketplaces, "postmart": settings}}
    )
    records = [listing("postmart", "RUOU-1", "ruou"), listing("voso", "RUOU-1", "ruou")]
    quiet = {
        ("postmart", "RUOU-1"): seen("postmart", "RUOU-1", PageStatus.LIVE, price=100000),
        ("voso", "RUOU-1"): seen("voso", "RUOU-1", PageStatus.LIVE, price=100000),
    }
    report = build_report(lenient, records, quiet, as_of=AS_OF, reference_time=REFERENCE)
    assert [(d.marketplace, d.kind) for d in report.drift] == [("voso", "expired_live")]
    claiming = {
        **quiet,
        ("postmart", "RUOU-1"): seen("postmart", "RUOU-1", PageStatus.LIVE, price=100000, stars=3),
    }
    report = build_report(lenient, records, claiming, as_of=AS_OF, reference_time=REFERENCE)
    assert sorted((d.marketplace, d.kind) for d in report.drift) == [
        ("postmart", "stars"),
        ("voso", "expired_live"),
    ]
    # on sale without a valid certificate: not an OCOP product on sale, in its own column
    market = _rows(report.table("marketplace"))["postmart"]
    assert (market["products_on_sale"], market["products_expired_on_sale"]) == (0, 1)


def test_a_seller_api_read_back_counts_like_a_page(catalog: Catalog) -> None:
    records = [listing("shopee", "CHE-100", "che"), listing("shopee", "CHE-200", "che")]
    answers = {
        ("shopee", "CHE-100"): seen(
            "shopee", "CHE-100", PageStatus.LIVE, price=100000, source="seller_api"
        ),
        ("shopee", "CHE-200"): seen(
            "shopee", "CHE-200", PageStatus.BANNED, source="seller_api", detail="BANNED"
        ),
    }
    report = build_report(catalog, records, answers, as_of=AS_OF, reference_time=REFERENCE)
    market = _rows(report.table("marketplace"))["shopee"]
    assert _pick(market, "skus_on_sale", "skus_taken_down", "products_on_sale") == (1, 1, 1)
    assert _rows(report.table("verification"))["taken_down/banned"]["shopee"] == 1
    assert {e.source for e in report.evidence} == {"seller_api"}
