"""The operations of ocop, one function each; the ``ocop`` command is a thin shell over them.

    validate_catalog(path)                     every problem of catalog.yaml, at its line
    load_catalog(path)                         the catalogue, or ``CatalogInvalid``
    plan_changes(catalog, store)               what a push would do on each marketplace
    push_changes(catalog, store, wait=…)       apply it; optionally wait for the reviews
    link_listings(catalog, store)              adopt listings made by hand, by their SKU
    category_lists(catalog)                    each marketplace's categories, with suggestions
    verify_listings(catalog, store)            read the storefront pages; what differs
    verify_on_scrapyd(catalog, store, nodes)   the same, the pages read by Scrapyd nodes
    discover_listings(store, marketplace)      listings a shop shows that ocop does not know
    make_report(catalog, store)                the department's counts; ``render_report``
    make_national_report(store)                every scope of a shared state, added up

``store`` is an open ``StateStore`` seen through the catalogue's scope
(``StateStore.open(location, Scope.of(catalog))``). Marketplaces are found through their packages
(``ocop.registry``); by default every marketplace the catalogue or the state names is used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from ocop.discovery import NoShopPage, ShopListing, default_shop_url, discover
from ocop.errors import StateError
from ocop.i18n import _
from ocop.loading import LoadResult, load_catalog, read_catalog
from ocop.model import Catalog
from ocop.observation import Observation
from ocop.registry import capabilities_of
from ocop.registry import marketplace as find_marketplace
from ocop.report import (
    BREAKDOWNS,
    NATIONAL_BREAKDOWNS,
    Letterhead,
    Report,
    build_national_report,
    parts_from_store,
    render,
    report_from_store,
)
from ocop.scrapyd import CrawlOptions, JobHook, ScrapydVerification
from ocop.scrapyd import verify_on_scrapyd as verify_on_nodes
from ocop.state import Scope, StateStore
from ocop.sync import (
    CategoryList,
    MarketplaceFailure,
    PlanResult,
    PushResult,
    category_lists,
    link_listings,
    plan_changes,
    push_changes,
)
from ocop.verify import (
    FRESH_DAYS,
    ObservationHook,
    VerifyResult,
    marketplaces_to_verify,
    verify_many,
)

__all__ = [
    "CategoryList",
    "MarketplaceFailure",
    "PlanResult",
    "PushResult",
    "category_lists",
    "discover_listings",
    "link_listings",
    "load_catalog",
    "make_national_report",
    "make_report",
    "plan_changes",
    "push_changes",
    "render_report",
    "validate_catalog",
    "verify_listings",
    "verify_on_scrapyd",
]


def validate_catalog(
    path: Path | str, *, as_of: date | None = None, marketplace_limits: bool = True
) -> LoadResult:
    """Read ``path`` and check every rule; the catalogue (if usable) and every problem.

    ``marketplace_limits``: also what each marketplace the catalogue lists on would refuse
    or cut (its package's ``Capabilities``), with every picture decoded whole; without it
    (quicker: ``ocop summary``), the catalogue's own rules, pictures read by their headers."""
    if not marketplace_limits:
        return read_catalog(path, as_of=as_of)
    return read_catalog(path, as_of=as_of, limits=capabilities_of, decode_pictures=True)


def verify_listings(
    catalog: Catalog,
    store: StateStore,
    *,
    marketplaces: Sequence[str] = (),
    as_of: date | None = None,
    polite: bool = True,
    observations: Sequence[Observation] | None = None,
    on_observation: ObservationHook | None = None,
    fresh_days: int = FRESH_DAYS,
) -> list[VerifyResult]:
    """Read every known listing's storefront page (each marketplace's spider, side by side),
    record what was seen, judge each listing on its last trustworthy observation within
    ``fresh_days`` and compare that with what the catalogue wants.

    ``observations``: what crawls elsewhere saw (``ocop.verify.read_items``); then nothing is
    crawled. By default every marketplace the state has listings on (or the observations
    name) is verified."""
    names = list(marketplaces)
    if not names:
        names = (
            sorted({o.marketplace for o in observations})
            if observations is not None
            else marketplaces_to_verify(store)
        )
    return verify_many(
        catalog,
        store,
        names,
        as_of=as_of or date.today(),
        polite=polite,
        on_observation=on_observation,
        crawled=observations,
        fresh_days=fresh_days,
    )


def verify_on_scrapyd(
    catalog: Catalog,
    store: StateStore,
    nodes: Sequence[str],
    *,
    marketplaces: Sequence[str] = (),
    as_of: date | None = None,
    polite: bool = True,
    on_job: JobHook | None = None,
    fresh_days: int = FRESH_DAYS,
) -> ScrapydVerification:
    """``verify_listings`` with the pages read on Scrapyd ``nodes`` (URLs): ocop's spiders
    deployed where missing, each marketplace's listings crawled in jobs across the nodes, the
    jobs' items recorded, judged and compared here as ``verify_listings`` does with
    ``observations=``. A failing node's listings go to the others; what
    no node could report on is in ``ScrapydVerification.crawl.unverified``, with the reason."""
    return verify_on_nodes(
        catalog,
        store,
        nodes,
        marketplaces,
        as_of=as_of or date.today(),
        options=CrawlOptions(polite=polite),
        on_job=on_job,
        fresh_days=fresh_days,
    )


def discover_listings(
    store: StateStore, marketplace: str, shop_url: str | None = None, *, polite: bool = True
) -> list[ShopListing]:
    """Listings the shop page shows that the state does not know (made by hand, duplicates).

    ``shop_url`` defaults to the marketplace package's rule; ``NoShopPage`` when it has none,
    or when its package describes no shop pages at all."""
    if find_marketplace(marketplace).storefront.shop is None:
        raise NoShopPage(marketplace, readable=False)
    url = shop_url or default_shop_url(marketplace)
    if url is None:
        raise NoShopPage(marketplace)
    return discover(marketplace, url, store.listings(marketplace), polite=polite)


def make_report(
    catalog: Catalog,
    store: StateStore,
    *,
    as_of: date | None = None,
    reference_time: datetime | None = None,
    fresh_days: int = FRESH_DAYS,
    marketplaces: Sequence[str] = (),
    breakdowns: Sequence[str] = BREAKDOWNS,
) -> Report:
    """The department's counts: OCOP products on sale, taken down and not verified on each
    marketplace (beside what ocop claims), with the observation each count rests on.

    ``reference_time`` (default: now) judges which observations are fresh."""
    return report_from_store(
        catalog,
        store,
        as_of=as_of or date.today(),
        reference_time=reference_time or datetime.now(UTC),
        fresh_days=fresh_days,
        marketplaces=list(marketplaces) or None,
        breakdowns=list(breakdowns),
    )


def make_national_report(
    store: StateStore,
    *,
    as_of: date | None = None,
    reference_time: datetime | None = None,
    fresh_days: int = FRESH_DAYS,
    marketplaces: Sequence[str] = (),
    breakdowns: Sequence[str] = NATIONAL_BREAKDOWNS,
    on_left_out: Callable[[list[Scope]], None] | None = None,
) -> Report:
    """Every scope (province, cooperative) of a shared state, each counted against the
    catalogue it last pushed with the same definitions as its own report, then added up.

    ``on_left_out`` hears of the scopes with listings but no recorded catalogue (pushed by an
    older ocop), which cannot be counted; ``StateError`` when no scope can be."""
    reference_time = reference_time or datetime.now(UTC)
    parts, missing = parts_from_store(store, list(marketplaces) or None, reference_time)
    if missing and on_left_out is not None:
        on_left_out(missing)
    if not parts:
        raise StateError(
            _("the state {location} has no catalogue pushed yet: nothing to count").format(
                location=store.location
            )
        )
    return build_national_report(
        parts,
        as_of=as_of or date.today(),
        reference_time=reference_time,
        fresh_days=fresh_days,
        marketplaces=list(marketplaces) or None,
        breakdowns=list(breakdowns),
    )


def render_report(
    report: Report,
    fmt: str = "table",
    language: str = "vi",
    *,
    width: int = 160,
    letterhead: Letterhead | None = None,
) -> bytes:
    """``report`` as bytes in ``fmt`` (table, csv, json, xlsx, html) and ``language``;
    ``width`` is the table's, in columns; the printable formats (html, xlsx) are headed with
    ``letterhead`` (``[report]`` in ``ocop.toml``, ``configured_letterhead()``)."""
    if fmt == "table":
        from ocop.report import text

        return text.render(report, language, width=width)
    return render(report, fmt, language, letterhead)
