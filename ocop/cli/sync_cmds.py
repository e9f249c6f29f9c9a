"""Commands that talk to the marketplaces: plan, push, status, link (thin over ocop.engine)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ocop.cli.options import (
    as_of_option,
    catalog_option,
    catalogue_scope,
    day,
    state_exists,
    state_option,
)
from ocop.cli.options import state_path as resolve_state
from ocop.connector import Connector
from ocop.engine import Outcome, Prepared, plan_all, push
from ocop.engine.describe import (
    journal_data,
    journal_line,
    link_lines,
    outcome_lines,
    plan_data,
    plan_lines,
    record_data,
)
from ocop.engine.link import link as link_listings
from ocop.i18n import N_, _
from ocop.loading import load_catalog
from ocop.model import Catalog
from ocop.plan import MarketplacePlan
from ocop.state import ListingRecord, ListingState, Scope, StateStore, redact

StateOpener = Callable[[], StateStore]


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--catalog, --state, --marketplace, --as-of: shared by every sync command."""
    options = [
        catalog_option(),
        state_option,
        click.option(
            "--marketplace",
            "-m",
            "marketplaces",
            multiple=True,
            help="Only this marketplace (repeatable; default: every one the catalogue names).",
        ),
        as_of_option(),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _day(value: datetime | None) -> date:
    return day(value) or date.today()


def _names(catalog: Catalog, store: StateStore, chosen: Sequence[str]) -> list[str]:
    if chosen:
        return list(dict.fromkeys(chosen))
    from_state = {r.marketplace for r in store.listings()}
    return sorted(set(catalog.marketplaces) | from_state)


@contextmanager
def _connectors(names: Sequence[str]) -> Iterator[list[Connector]]:
    from ocop.registry import open_connector

    with ExitStack() as stack:
        opened = []
        for name in names:
            connector = open_connector(name)
            stack.callback(connector.close)
            opened.append(connector)
        yield opened


@click.command()
@common_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text: for people; json: for other programs.",
)
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when there is nothing to do, 2 when there are changes (1 on errors).",
)
def plan(
    catalog_path: Path,
    state_path: str | None,
    marketplaces: tuple[str, ...],
    as_of: Any,
    fmt: str,
    detailed_exitcode: bool,
) -> None:
    """Show what `ocop push` would create, update, delist, relist or adopt. Changes nothing."""
    catalog = load_catalog(catalog_path, as_of=_day(as_of))
    location = resolve_state(catalog_path, state_path)
    # a plan changes nothing: without a state yet, plan against an empty one in memory
    with (
        StateStore.open(
            location if state_exists(location) else ":memory:", Scope.of(catalog)
        ) as store,
        _connectors(_names(catalog, store, marketplaces)) as connectors,
    ):
        results = plan_all(catalog, store, connectors, _day(as_of))
    plans = [r.plan for r in results if isinstance(r, Prepared)]
    errors = [r for r in results if isinstance(r, Outcome)]
    if fmt == "json":
        data = {
            "marketplaces": [plan_data(p) for p in plans],
            "errors": [{"marketplace": e.marketplace, "error": e.error} for e in errors],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for p in plans:
            click.echo("\n".join(plan_lines(p)))
        for e in errors:
            click.secho(f"{e.marketplace}: {e.error}", fg="red", err=True)
    if errors:
        sys.exit(1)
    if detailed_exitcode and any(p.has_changes for p in plans):
        sys.exit(2)


@click.command(name="push")
@common_options
@click.option(
    "--allow-mass-delist",
    is_flag=True,
    help="Go ahead even when most of a marketplace's listings would be delisted.",
)
@click.option(
    "--wait",
    "wait_seconds",
    type=click.IntRange(min=0),
    default=None,
    help="Keep polling pending reviews for up to this many seconds, applying each answer.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only the summary.")
def push_command(
    catalog_path: Path,
    state_path: str | None,
    marketplaces: tuple[str, ...],
    as_of: Any,
    allow_mass_delist: bool,
    wait_seconds: int | None,
    quiet: bool,
) -> None:
    """Apply the catalogue to the marketplaces; exit 1 when anything failed.

    Safe to run again at any time: an interrupted push is reconciled by SKU, never duplicated.
    """
    catalog = load_catalog(catalog_path, as_of=_day(as_of))
    console = Console(stderr=True, quiet=quiet)
    failed = False
    with (
        StateStore.open(resolve_state(catalog_path, state_path), Scope.of(catalog)) as store,
        _connectors(_names(catalog, store, marketplaces)) as connectors,
    ):
        deadline: float | None = None
        while True:
            outcomes = _push_once(
                catalog, store, connectors, _day(as_of), allow_mass_delist, console
            )
            failed = failed or any(not o.ok for o in outcomes)
            pending = [r for r in store.listings() if r.state == ListingState.PENDING_REVIEW]
            _print_summary(outcomes, pending)
            if deadline is None:  # --wait counts from the end of the first push
                deadline = time.monotonic() + (wait_seconds or 0)
            if wait_seconds is None or not pending or time.monotonic() >= deadline:
                break
            console.print(_("{n} listing(s) waiting for review…").format(n=len(pending)))
            time.sleep(min(5.0, max(0.5, deadline - time.monotonic())))
    if failed:
        sys.exit(1)


def _push_once(
    catalog: Catalog,
    store: StateStore,
    connectors: Sequence[Connector],
    as_of: date,
    allow_mass_delist: bool,
    console: Console,
) -> list[Outcome]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, Any] = {}

        def planned(plans: list[MarketplacePlan]) -> None:
            for p in plans:
                tasks[p.marketplace] = bar.add_task(p.marketplace, total=len(p.actions))

        def tick(marketplace: str, n: int) -> None:
            bar.advance(tasks[marketplace], n)

        return push(
            catalog,
            store,
            connectors,
            as_of,
            allow_mass_delist=allow_mass_delist,
            tick=tick,
            on_planned=planned,
        )


def _print_summary(outcomes: Sequence[Outcome], pending: Sequence[Any]) -> None:
    for outcome in outcomes:
        for line, failed in outcome_lines(outcome):
            click.secho(line, fg="red" if failed else None)
    if pending:
        click.echo(
            _("{n} listing(s) are waiting for the marketplace's review").format(n=len(pending))
        )


@click.command()
@catalog_option(help="The catalogue file (locates the default state).")
@state_option
@click.option(
    "--marketplace", "-m", "marketplaces", multiple=True, help="Only this marketplace (repeatable)."
)
@click.option("--sku", "skus", multiple=True, help="Only this SKU (repeatable).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text: a table; json: for other programs.",
)
@click.option(
    "--journal",
    "journal_size",
    type=click.IntRange(min=1),
    default=None,
    help="Show the last N remote operations (the audit trail) instead of the listings.",
)
def status(
    catalog_path: Path,
    state_path: str | None,
    marketplaces: tuple[str, ...],
    skus: tuple[str, ...],
    fmt: str,
    journal_size: int | None,
) -> None:
    """Per SKU and marketplace: state, remote id and URL, last push, pending review, last error.

    Reads only the state database; run `ocop plan` to compare with the marketplaces.
    """
    location = resolve_state(catalog_path, state_path)
    if not state_exists(location):
        click.echo(
            _("no state yet at {path}: nothing has been pushed").format(path=redact(location))
        )
        return
    scope = catalogue_scope(catalog_path)
    if journal_size is not None:
        _print_journal(location, scope, journal_size, fmt)
        return
    with StateStore.open(location, scope) as store:
        records = [
            r
            for r in store.listings()
            if (not marketplaces or r.marketplace in marketplaces) and (not skus or r.sku in skus)
        ]
    if fmt == "json":
        click.echo(json.dumps([record_data(r) for r in records], ensure_ascii=False, indent=2))
        return
    Console().print(_status_table(records))


@click.command()
@common_options
@click.option("--dry-run", is_flag=True, help="Show the matches without recording them.")
def link(
    catalog_path: Path,
    state_path: str | None,
    marketplaces: tuple[str, ...],
    as_of: Any,
    dry_run: bool,
) -> None:
    """Bind listings already on the marketplaces to catalogue SKUs (by exact seller SKU).

    Nothing is sent; the next `ocop push` brings each adopted listing to the catalogue's
    content. Reports what matched nothing on either side.
    """
    catalog = load_catalog(catalog_path, as_of=_day(as_of))
    with (
        StateStore.open(resolve_state(catalog_path, state_path), Scope.of(catalog)) as store,
        _connectors(_names(catalog, store, marketplaces)) as connectors,
        store.lock([c.name for c in connectors]),
    ):
        reports = [
            link_listings(catalog, store, c, _day(as_of), dry_run=dry_run) for c in connectors
        ]
    for report in reports:
        click.echo("\n".join(link_lines(report)))


def _print_journal(location: Path | str, scope: Scope | None, size: int, fmt: str) -> None:
    with StateStore.open(location, scope) as store:
        entries = store.journal(size)
    if fmt == "json":
        data = [journal_data(e) for e in entries]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for entry in reversed(entries):
        click.echo(journal_line(entry))


def _status_table(records: Sequence[ListingRecord]) -> Table:
    table = Table()
    for header, wrap in (
        (N_("Marketplace"), False),
        (N_("SKU"), False),
        (N_("State"), False),
        (N_("Remote id"), False),
        (N_("Last push (UTC)"), False),
        (N_("URL"), True),
        (N_("Review / last error"), True),
    ):
        table.add_column(
            _(header), no_wrap=not wrap, overflow="fold", min_width=20 if wrap else None
        )
    for r in records:
        waiting = _("review {id}").format(id=r.request_id) if r.request_id else ""
        reason = r.review_reason or ""
        if reason and reason in (r.last_error or ""):
            reason = ""  # the error already quotes it
        problem = "; ".join(p for p in (waiting, reason, r.last_error or "") if p)
        pushed = r.pushed_at.strftime("%Y-%m-%d %H:%M") if r.pushed_at else ""
        table.add_row(
            r.marketplace, r.sku, r.state, r.remote_id or "", pushed, r.url or "", problem
        )
    return table
