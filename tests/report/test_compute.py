"""The counts, checked against the fixture worked out by hand in conftest.py."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ocop.model import Catalog
from ocop.observation import Observation, PageStatus
from ocop.report import BREAKDOWNS, Report, build_report
from ocop.report.model import Table

from .conftest import AS_OF, LISTINGS, REFERENCE, listing, seen


@pytest.fixture
def report(catalog: Catalog, observations: dict[tuple[str, str], Observation]) -> Report:
    return build_report(catalog, LISTINGS, observations, as_of=AS_OF, reference_time=REFERENCE)


def _rows(table: Table | None) -> dict[str, dict[str, object]]:
    assert table is not None
    return {row.key: row.values for row in [*table.rows, table.total]}


def _pick(values: dict[str, object], *keys: str) -> tuple[object, ...]:
    return tuple(values[k] for k in keys)


def test_every_total_is_the_sum_of_its_rows(report: Report) -> None:
    assert [t.key for t in report.tables] == list(BREAKDOWNS)
    for table in report.tables:
        for column in table.columns:
            if column.is_ratio:
                continue
            summed = sum(int(r.values[column.key] or 0) for r in table.rows)
            assert table.total.values[column.key] == summed, (table.key, column.key)


def test_listings_by_marketplace(report: Report) -> None:
    rows = _rows(report.table("marketplace"))
    keys = ("products_listed", "products_live", "products_unverified", "skus_listed", "skus_live")
    # voso: CHE-100 and CHE-200 live, RUOU-1 live, MIEN-1 blocked, MO-1 stale; GONE-1 is not
    # in the catalogue and GIO-1 is inactive, so neither is counted as listed
    assert _pick(rows["voso"], *keys) == (4, 2, 2, 5, 3)
    # postmart: MIEN-1 out of stock (counts as live), CHE-100 removed, GIO-1 never crawled
    assert _pick(rows["postmart"], *keys) == (3, 1, 2, 3, 1)
    assert _pick(rows["total"], *keys) == (7, 3, 4, 8, 4)


def test_by_star(report: Report) -> None:
    rows = _rows(report.table("star"))
    assert list(rows) == ["3", "4", "5", "none", "total"]
    keys = ("products", "valid", "skus_valid", "voso.listed", "voso.live", "voso.skus_listed")
    keys += ("voso.skus_live", "postmart.listed", "postmart.live", "any.listed", "any.live")
    assert _pick(rows["3"], *keys) == (2, 2, 2, 2, 0, 2, 0, 1, 1, 2, 1)
    assert _pick(rows["4"], *keys) == (2, 2, 3, 1, 1, 2, 2, 1, 0, 1, 1)
    assert _pick(rows["5"], *keys) == (1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0)
    # the expired rượu is still listed and live: reported apart, under "no valid certificate"
    assert _pick(rows["none"], *keys) == (1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1)
    assert _pick(rows["total"], *keys) == (6, 5, 6, 4, 2, 5, 3, 3, 1, 5, 3)


def test_coverage_is_listed_over_valid_and_the_total_ratio_is_recomputed(report: Report) -> None:
    rows = _rows(report.table("coverage"))
    assert rows["3"]["voso.coverage"] == 1.0
    assert rows["3"]["postmart.live_coverage"] == 0.5
    assert rows["5"]["voso.coverage"] == 0.0
    total = rows["total"]
    assert total["valid"] == 5
    assert (total["voso.listed"], total["voso.coverage"], total["voso.live_coverage"]) == (
        3,
        0.6,
        0.2,
    )
    assert (total["any.listed"], total["any.coverage"], total["any.live_coverage"]) == (4, 0.8, 0.4)


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
    assert [r.values["products"] for r in communes.rows] == [2, 1, 1, 1, 1]
    districts = _rows(report.table("district"))
    # Ba Bể is given in the catalogue; the others come from the commune, two are ambiguous
    assert list(districts) == [
        "Huyện Ba Bể",
        "Huyện Pác Nặm",
        "Thành phố Bắc Kạn",
        "several",
        "total",
    ]
    assert districts["several"]["products"] == 2


def test_groups_in_programme_order_and_producer_kinds(report: Report) -> None:
    groups = _rows(report.table("group"))
    assert list(groups)[:3] == ["thuc_pham/so_che", "thuc_pham/che_bien", "thuc_pham/che"]
    assert list(groups)[3:] == [
        "do_uong/co_con",
        "thu_cong_my_nghe/may_tre_dan",
        "sinh_vat_canh/hoa",
        "total",
    ]
    kinds = _rows(report.table("kind"))
    assert {k: v["products"] for k, v in kinds.items()} == {
        "hop_tac_xa": 2,
        "doanh_nghiep": 1,
        "ho_kinh_doanh": 2,
        "to_hop_tac": 1,
        "total": 6,
    }


def test_watchlist_with_live_listings(report: Report) -> None:
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
    found = sorted((d.marketplace, d.kind, d.sku) for d in report.drift)
    assert found == [
        ("postmart", "gone", "CHE-100"),
        ("postmart", "stars", "MIEN-1"),
        ("postmart", "unverified", "GIO-1"),
        ("voso", "expired_live", "RUOU-1"),
        ("voso", "price", "CHE-200"),
        ("voso", "unclaimed_live", "GIO-1"),
        ("voso", "unknown_product", "GONE-1"),
        ("voso", "unverified", "MIEN-1"),
        ("voso", "unverified", "MO-1"),
    ]
    rows = _rows(report.table("drift"))
    assert (rows["total"]["voso"], rows["total"]["postmart"]) == (6, 3)


def test_blocked_and_stale_are_unverified_never_removed(report: Report) -> None:
    reasons = {(e.marketplace, e.sku): e.reason for e in report.unverified}
    assert reasons == {
        ("voso", "MIEN-1"): "blocked",
        ("voso", "MO-1"): "stale",
        ("postmart", "CHE-100"): "removed",
        ("postmart", "GIO-1"): "never observed",
    }
    assert {e.sku for e in report.verified} == {"CHE-100", "CHE-200", "RUOU-1", "MIEN-1"}
    gone = [d for d in report.drift if d.kind == "gone"]
    assert [d.sku for d in gone] == ["CHE-100"]  # the blocked MIEN-1 is not "gone"


def test_a_longer_freshness_window_verifies_the_older_crawl(
    catalog: Catalog, observations: dict[tuple[str, str], Observation]
) -> None:
    wide = build_report(
        catalog, LISTINGS, observations, as_of=AS_OF, reference_time=REFERENCE, fresh_days=30
    )
    assert ("voso", "MO-1") in {(e.marketplace, e.sku) for e in wide.verified}


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
    assert _pick(rows["total"], "products", "valid") == (2, 2)
    assert _pick(rows["3"], "products", "valid") == (2, 2)
    assert rows["none"]["products"] == 0  # the other four: not yet certified


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
        ("postmart", "RUOU-1"): seen("postmart", "RUOU-1", PageStatus.LIVE),
        ("voso", "RUOU-1"): seen("voso", "RUOU-1", PageStatus.LIVE),
    }
    report = build_report(lenient, records, quiet, as_of=AS_OF, reference_time=REFERENCE)
    assert [(d.marketplace, d.kind) for d in report.drift] == [("voso", "expired_live")]
    claiming = {
        **quiet,
        ("postmart", "RUOU-1"): seen("postmart", "RUOU-1", PageStatus.LIVE, stars=3),
    }
    report = build_report(lenient, records, claiming, as_of=AS_OF, reference_time=REFERENCE)
    assert sorted((d.marketplace, d.kind) for d in report.drift) == [
        ("postmart", "stars"),
        ("voso", "expired_live"),
    ]
