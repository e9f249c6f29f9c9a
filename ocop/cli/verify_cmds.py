"""``ocop verify``: check every known listing on the storefronts and print the drift."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from ocop import api
from ocop import verify as verifying
from ocop.cli.localise import command, option
from ocop.cli.options import catalog_option, state_exists, state_option
from ocop.cli.options import state_path as resolve_state
from ocop.cli.scrapyd_run import incomplete, node_urls, print_crawl, verify_on_nodes
from ocop.discovery import NoShopPage
from ocop.display import money
from ocop.drift import Drift, DriftKind
from ocop.i18n import N_, _
from ocop.model import Catalog
from ocop.observation import Observation, ObservationSource, PageStatus
from ocop.state import Scope, StateStore
from ocop.verdict import Verdict


@command(
    help=N_(
        "Look at every listing on the public storefronts and print what differs from the "
        "catalogue.\n\n"
        "Each listing is judged on its last trustworthy observation within --fresh-days (a "
        "page that showed it is that listing, or that it is gone): on sale, taken down or not "
        "verified. A blocked or error answer never replaces an earlier trustworthy "
        "observation.\n\n"
        "Differences: taken down, not verified, still on sale, out of stock, price, OCOP "
        "stars, title, certificate expired, not in the catalogue (the report's drift is the "
        "same list). Exit status: 0 done (with --detailed-exitcode: nothing differs), 1 "
        "error (with --scrapyd, also: listings left unverified by failed jobs or nodes), 2 "
        "differences."
    )
)
@catalog_option("path", help=N_("The catalogue the listings are compared with."))
@state_option
@option(
    "--marketplace",
    "-m",
    "marketplaces",
    multiple=True,
    metavar=N_("NAME"),
    help=N_("Only this marketplace (repeatable; default: every one with listings)."),
)
@option(
    "--detailed-exitcode",
    is_flag=True,
    help=N_("Exit 0 when nothing differs, 2 when something does (for schedules)."),
)
@option(
    "--polite/--no-polite",
    default=True,
    show_default=True,
    help=N_("Obey robots.txt, delay and throttle. --no-polite only for your own sandbox."),
)
@option(
    "--discover",
    is_flag=True,
    help=N_("Also crawl the shop pages for listings the state store does not know."),
)
@option(
    "--shop",
    "shops",
    multiple=True,
    metavar=N_("MARKETPLACE=URL"),
    help=N_(
        "Shop page for --discover (default: the marketplace's own rule, e.g. from the shop id "
        "in its credentials)."
    ),
)
@option(
    "--fresh-days",
    type=click.IntRange(min=0),
    default=verifying.FRESH_DAYS,
    show_default=True,
    help=N_(
        "An observation older than this many days does not verify a listing (as in the report)."
    ),
)
@option(
    "--items",
    "item_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_(
        "Do not crawl: take the observations from these item feeds (JSON lines written by "
        "the spiders elsewhere, e.g. Scrapyd jobs). Repeatable."
    ),
)
@option(
    "--scrapyd",
    "scrapyd",
    multiple=True,
    metavar="URL[,URL…]",
    envvar="OCOP_SCRAPYD",
    help=N_(
        "Crawl on these Scrapyd nodes instead of this machine: the spiders are deployed where "
        "missing, the listings split between the nodes, the items recorded here "
        "(docs/verify.md). Credentials: OCOP_SCRAPYD_USERNAME, OCOP_SCRAPYD_PASSWORD."
    ),
)
def verify(
    path: Path,
    state_path: str | None,
    marketplaces: tuple[str, ...],
    detailed_exitcode: bool,
    polite: bool,
    discover: bool,
    shops: tuple[str, ...],
    fresh_days: int,
    item_files: tuple[Path, ...],
    scrapyd: tuple[str, ...],
) -> None:
    """``verify`` (its help is the translated text above)."""
    shop_pages = _shop_pages(shops)
    nodes = node_urls(scrapyd)
    if nodes and item_files:
        raise click.UsageError(_("--scrapyd crawls, --items does not: give one of them"))
    catalog = api.load_catalog(path)
    state = resolve_state(path, state_path)
    if not state_exists(state):  # nothing pushed yet; do not leave an empty database behind
        Console().print(_("no listings known yet: run `ocop push` first"))
        return
    console = Console(stderr=True)
    differs = False
    with StateStore.open(state, Scope.of(catalog)) as store:
        crawled = verifying.read_items(item_files) if item_files else None
        how, on_nodes = (polite, fresh_days), None
        if nodes:
            on_nodes = verify_on_nodes(catalog, store, list(marketplaces), nodes, how, console)
            results = on_nodes.results
        else:
            results = _run(catalog, store, list(marketplaces), how, crawled, console)
        if not results:
            Console().print(_("no listings known yet: run `ocop push` first"))
        for result in results:
            _print_result(result)
            differs |= bool(result.drift)
            if discover:
                differs |= _discover(store, result.marketplace, shop_pages, polite)
    if on_nodes is not None:
        print_crawl(on_nodes.crawl)
        if not on_nodes.complete:
            raise incomplete(on_nodes.crawl)
    if detailed_exitcode and differs:
        sys.exit(2)


def _shop_pages(values: tuple[str, ...]) -> dict[str, str]:
    pages = {}
    for value in values:
        name, _sep, url = value.partition("=")
        if not name or not url.startswith(("http://", "https://")):
            raise click.BadParameter(
                _("expected MARKETPLACE=URL, got {value!r}").format(value=value),
                param_hint="--shop",
            )
        pages[name] = url
    return pages


def _run(
    catalog: Catalog,
    store: StateStore,
    names: list[str],
    how: tuple[bool, int],
    crawled: list[Observation] | None,
    console: Console,
) -> list[verifying.VerifyResult]:
    """Verify ``names`` (default: every one with listings) side by side, one progress bar each;
    ``how``: polite, and the freshness window in days."""
    today, (polite, fresh_days) = date.today(), how
    if crawled is not None:
        return api.verify_listings(
            catalog,
            store,
            marketplaces=names,
            as_of=today,
            observations=crawled,
            fresh_days=fresh_days,
        )
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        tasks = {
            name: progress.add_task(
                _("verifying {marketplace}").format(marketplace=name),
                total=sum(1 for r in store.listings(name) if r.url),
            )
            for name in names or verifying.marketplaces_to_verify(store)
        }

        def advance(observation: Observation) -> None:
            progress.advance(tasks[observation.marketplace])

        return api.verify_listings(
            catalog,
            store,
            marketplaces=names,
            as_of=today,
            polite=polite,
            on_observation=advance,
            fresh_days=fresh_days,
        )


def _print_result(result: verifying.VerifyResult) -> None:
    console = Console()
    counts = ", ".join(
        f"{status.value} {result.count(status)}" for status in PageStatus if result.count(status)
    )
    console.print(
        _("{marketplace}: {n} listing(s) checked ({counts})").format(
            marketplace=result.marketplace, n=len(result.observations), counts=counts or "-"
        )
    )
    read_back = result.count_from(ObservationSource.SELLER_API)
    if read_back:
        console.print(
            _("  {n} of them seen through the seller API: their page could not be read").format(
                n=read_back
            )
        )
    verdicts = result.verdicts()
    console.print(
        _("  on sale {on_sale}, taken down {taken_down}, not verified {unverified}").format(
            on_sale=verdicts[Verdict.ON_SALE],
            taken_down=verdicts[Verdict.TAKEN_DOWN],
            unverified=verdicts[Verdict.UNVERIFIED],
        )
    )
    _warnings(console, result)
    if not result.drift:
        console.print(_("  everything matches the catalogue"))
        return
    table = Table(show_edge=False)
    for header in (_("SKU"), _("difference"), _("catalogue"), _("storefront"), _("page")):
        table.add_column(header)
    for d in result.drift:
        expected, observed = describe(d)
        table.add_row(d.sku, _(DRIFT_NAMES[d.kind]), expected, observed, d.url or "")
    console.print(table)


def _warnings(console: Console, result: verifying.VerifyResult) -> None:
    if result.older:
        console.print(
            _(
                "  {n} listing(s) could not be seen this time (blocked or error): counted on "
                "their previous trustworthy observation"
            ).format(n=result.older),
            style="yellow",
        )
    blank = result.pages_without_product
    if blank and blank * 2 >= len(result.observations):
        console.print(
            _(
                "  warning: {n} page(s) showed no product: the storefront's layout may have "
                "changed and the spiders need new selectors (docs/verify.md)"
            ).format(n=blank),
            style="yellow",
        )
    if result.without_url:
        console.print(_("  {n} listing(s) have no storefront URL yet").format(n=result.without_url))


DRIFT_NAMES = {
    DriftKind.TAKEN_DOWN: N_("taken down"),
    DriftKind.UNVERIFIED: N_("not verified"),
    DriftKind.STILL_LIVE: N_("still on sale"),
    DriftKind.OUT_OF_STOCK: N_("out of stock"),
    DriftKind.PRICE: N_("price"),
    DriftKind.STARS: N_("OCOP stars"),
    DriftKind.TITLE: N_("title"),
    DriftKind.EXPIRED_LIVE: N_("certificate expired"),
    DriftKind.UNKNOWN_PRODUCT: N_("not in the catalogue"),
}
REASONS = {
    "never_observed": N_("never observed"),
    "blocked": N_("only blocked answers"),
    "error": N_("only errors"),
    "too_old": N_("last trustworthy observation too old"),
}


def describe(item: Drift) -> tuple[str, str]:
    """What the catalogue wants and what the marketplace shows, in the reader's words."""
    if item.kind is DriftKind.PRICE:
        return _money(item.expected), _money(item.observed)
    if item.kind is DriftKind.STARS:
        return _stars(item.expected), _stars(item.observed)
    if item.kind is DriftKind.UNVERIFIED:
        return _("on sale"), _(REASONS.get(str(item.observed), str(item.observed)))
    if item.kind is DriftKind.TAKEN_DOWN:
        return _("on sale"), str(item.observed)
    if item.kind is DriftKind.STILL_LIVE:
        return _("not listed") + f" ({item.expected})", str(item.observed or "")
    if item.kind is DriftKind.EXPIRED_LIVE:
        return _("delisted (no valid certificate)"), str(item.observed or "")
    return ("" if item.expected is None else str(item.expected)), str(item.observed or "")


def _money(value: object) -> str:
    return money(value) if isinstance(value, int) else _("no price shown")


def _stars(value: object) -> str:
    return f"{value}★" if isinstance(value, int) else _("none")


def _discover(store: StateStore, name: str, shops: dict[str, str], polite: bool) -> bool:
    console = Console()
    try:
        unknown = api.discover_listings(store, name, shops.get(name), polite=polite)
    except NoShopPage as exc:
        console.print(str(exc))
        return False
    if not unknown:
        console.print(
            _("{marketplace}: the shop shows no unknown listing").format(marketplace=name)
        )
        return False
    console.print(
        _("{marketplace}: {n} listing(s) on the shop that ocop does not know").format(
            marketplace=name, n=len(unknown)
        )
    )
    for item in unknown:
        twin = (
            _(" (same title as {sku})").format(sku=item.duplicate_of) if item.duplicate_of else ""
        )
        console.print(f"  {item.remote_id}  {item.title or ''}{twin}  {item.url}")
    return True
