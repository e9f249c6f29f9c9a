"""Whatever the state and the crawls say, the tables add up and agree with each other."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop.model import Catalog
from ocop.observation import PageStatus
from ocop.report import build_report

from .conftest import AS_OF, REFERENCE, listing, seen

SKUS = {
    "CHE-100": "che",
    "CHE-200": "che",
    "MIEN-1": "mien",
    "MO-1": "mat-ong",
    "RUOU-1": "ruou",
    "GIO-1": "gio",
    "HOA-1": "hoa",
}
STATES = ("active", "active", "inactive", "pending_review", "delisted")

one_listing = st.tuples(
    st.sampled_from(("voso", "postmart")),
    st.sampled_from(sorted(SKUS)),
    st.sampled_from(STATES),
    st.none() | st.tuples(st.sampled_from(list(PageStatus)), st.integers(0, 20)),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(one_listing, max_size=14, unique_by=lambda t: (t[0], t[1])))
def test_tables_add_up_and_agree(
    catalog: Catalog, drawn: list[tuple[str, str, str, tuple[PageStatus, int] | None]]
) -> None:
    records = [listing(m, sku, SKUS[sku], state) for m, sku, state, _obs in drawn]
    observations = {
        (m, sku): seen(m, sku, obs[0], REFERENCE - timedelta(days=obs[1]))
        for m, sku, _state, obs in drawn
        if obs is not None
    }
    report = build_report(catalog, records, observations, as_of=AS_OF, reference_time=REFERENCE)
    for table in report.tables:
        for column in table.columns:
            if not column.is_ratio:
                assert table.total.values[column.key] == sum(
                    int(r.values[column.key] or 0) for r in table.rows
                )
    active = [r for r in records if r.state == "active"]
    live = [e for e in report.evidence if e.verified]
    market = report.table("marketplace")
    assert market is not None
    assert market.total.values["skus_listed"] == len(active) == len(report.evidence)
    assert market.total.values["skus_live"] == len(live)
    # a listing is verified only by a fresh live / out-of-stock crawl
    for item in live:
        status, age = next(
            obs for m, s, _st, obs in drawn if (m, s) == (item.marketplace, item.sku) and obs
        )
        assert status in (PageStatus.LIVE, PageStatus.OUT_OF_STOCK) and age <= 7
    # every breakdown counts the same products
    totals = {t.key: t.total.values for t in report.tables if "products" in t.total.values}
    assert len({v["products"] for v in totals.values()}) == 1
    assert len({v["any.live"] for v in totals.values()}) == 1
    star = report.table("star")
    coverage = report.table("coverage")
    assert star is not None and coverage is not None
    # coverage counts the valid products only: the star table's rows 3–5
    listed_valid = sum(int(r.values["any.listed"] or 0) for r in star.rows if r.key != "none")
    assert coverage.total.values["any.listed"] == listed_valid
