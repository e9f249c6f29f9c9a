"""Whatever the state and the crawls say, the tables add up, agree with each other, and a
blocked or error crawl never moves a verified count."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop.model import Catalog
from ocop.observation import ON_SALE, PageStatus, Seen
from ocop.report import Report, build_report
from ocop.report.model import Table

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
Drawn = tuple[str, str, str, list[tuple[PageStatus, int]]]

one_listing = st.tuples(
    st.sampled_from(("voso", "postmart")),
    st.sampled_from(sorted(SKUS)),
    st.sampled_from(STATES),
    # the crawls of it: what each saw, and how many days before the report it was made
    st.lists(st.tuples(st.sampled_from(list(PageStatus)), st.integers(0, 20)), max_size=3),
)
later_failures = st.lists(st.sampled_from((PageStatus.BLOCKED, PageStatus.ERROR)), max_size=14)


def _in_order(crawls: list[tuple[PageStatus, int]]) -> list[tuple[datetime, PageStatus]]:
    """The crawls oldest first, each at its own moment (one second apart within a day)."""
    made = [(REFERENCE - timedelta(days=age, seconds=n), s) for n, (s, age) in enumerate(crawls)]
    return sorted(made)


def _history(m: str, sku: str, crawls: list[tuple[PageStatus, int]]) -> Seen | None:
    """What the state store would hold after these crawls."""
    known: Seen | None = None
    for moment, status in _in_order(crawls):
        made = seen(m, sku, status, moment)
        known = Seen.of(made) if known is None else known.then(made)
    return known


def _report(catalog: Catalog, drawn: list[Drawn], fails: list[PageStatus]) -> Report:
    records = [listing(m, sku, SKUS[sku], state) for m, sku, state, _crawls in drawn]
    known = {(m, sku): _history(m, sku, crawls) for m, sku, _state, crawls in drawn}
    for (key, history), status in zip(sorted(known.items()), fails, strict=False):
        failed = seen(*key, status, REFERENCE - timedelta(seconds=1))
        known[key] = Seen.of(failed) if history is None else history.then(failed)
    observed = {key: history for key, history in known.items() if history is not None}
    return build_report(catalog, records, observed, as_of=AS_OF, reference_time=REFERENCE)


def _adds_up(table: Table) -> None:
    for column in table.columns:
        if not column.is_ratio:
            summed = sum(int(r.values[column.key] or 0) for r in table.rows)
            assert table.total.values[column.key] == summed, (table.key, column.key)


VERDICT_COUNTS = ("skus_on_sale", "skus_out_of_stock", "skus_taken_down", "skus_unverified")
VERDICT_COUNTS += ("products_on_sale", "products_expired_on_sale", "skus_claimed")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(one_listing, max_size=14, unique_by=lambda t: (t[0], t[1])), later_failures)
def test_tables_add_up_agree_and_ignore_blocked_crawls(
    catalog: Catalog, drawn: list[Drawn], fails: list[PageStatus]
) -> None:
    report = _report(catalog, drawn, [])
    for table in report.tables:
        _adds_up(table)
    market, verification = report.table("marketplace"), report.table("verification")
    assert market is not None and verification is not None
    totals = market.total.values
    assert totals["skus_claimed"] == sum(1 for _m, _s, state, _c in drawn if state == "active")
    counted = len(report.evidence)
    assert counted == sum(int(totals[k] or 0) for k in VERDICT_COUNTS[:1] + VERDICT_COUNTS[2:4])
    assert verification.total.values == {
        "voso": _on(report, "voso"),
        "postmart": _on(report, "postmart"),
    }
    # on sale only on a trustworthy crawl within 7 days showing it on sale, the newest one
    for item in report.listings("on_sale"):
        crawls = next(c for m, s, _st, c in drawn if (m, s) == (item.marketplace, item.sku))
        trusted = [(at, st) for at, st in _in_order(crawls) if st.value not in ("blocked", "error")]
        newest, status = trusted[-1]
        assert status in ON_SALE and newest >= REFERENCE - timedelta(days=7)
    # every breakdown counts the same OCOP products, and coverage the same ones on sale
    dims = [t.total.values for t in report.tables if "products" in t.total.values]
    assert len({v["products"] for v in dims}) == 1 and len({v["any.on_sale"] for v in dims}) == 1
    coverage = report.table("coverage")
    assert coverage is not None
    assert coverage.total.values["any.on_sale"] == dims[0]["any.on_sale"]
    # newer blocked and error answers move nothing but the "older observation" counts
    failed = _report(catalog, drawn, fails)
    after = failed.table("marketplace")
    assert after is not None
    for name in ("voso", "postmart", "total"):
        row = {r.key: r.values for r in after.all_rows}.get(name)
        before = {r.key: r.values for r in market.all_rows}.get(name)
        if row is not None and before is not None:
            assert [row[k] for k in VERDICT_COUNTS] == [before[k] for k in VERDICT_COUNTS]
    assert [(e.marketplace, e.sku, e.verdict) for e in failed.evidence] == [
        (e.marketplace, e.sku, e.verdict) for e in report.evidence
    ]


def _on(report: Report, marketplace: str) -> int:
    return sum(1 for e in report.evidence if e.marketplace == marketplace)
