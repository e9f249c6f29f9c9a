"""Commands that talk to the marketplaces: plan, push, status, link (thin over ``ocop.api``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ocop import api
from ocop.cli.localise import command, option
from ocop.cli.options import (
    as_of_option,
    catalog_option,
    catalogue_scope,
    day,
    state_exists,
    state_option,
)
from ocop.cli.options import state_path as resolve_state
from ocop.engine import Outcome
from ocop.engine.describe import (
    answer_line,
    journal_data,
    journal_line,
    link_lines,
    outcome_lines,
    plan_data,
    plan_lines,
    record_data,
    state_words,
)
from ocop.i18n import N_, _
from ocop.plan import MarketplacePlan, SkuVerdict
from ocop.state import ListingRecord, Scope, StateStore, redact
from ocop.sync import PushResult

StateOpener = Callable[[], StateStore]


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--catalog, --state, --marketplace, --as-of: shared by every sync command."""
    options = [
        catalog_option(),
        state_option,
        option(
            "--marketplace",
            "-m",
            "marketplaces",
            multiple=True,
            metavar=N_("NAME"),
            help=N_("Only this marketplace (repeatable; default: every one the catalogue names)."),
        ),
        as_of_option(),
    ]
    for add in reversed(options):
        func = add(func)
    return func


def _day(value: datetime | None) -> date:
    return day(value) or date.today()


RECREATE = option(
    "--recreate",
    "recreate",
    multiple=True,
    metavar=N_("SKU"),
    help=N_(
        "Create this SKU again now although its last create lost its answer and may still "
        "be under the marketplace's review (repeatable; by default ocop waits the review "
        "horizon, so no duplicate is ever made)."
    ),
)


@command(
    help=N_(
        "Show what `ocop push` would create, update, delist, relist or adopt, and where every "
        "SKU stands (in sync, pending review, rejected, held back and why). Changes nothing."
    )
)
@common_options
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help=N_("text: for people; json: for other programs."),
)
@option(
    "--detailed-exitcode",
    is_flag=True,
    help=N_(
        "Exit 0 only when every SKU is in sync, 2 when a push (or the marketplace's "
        "review) will bring it there, 1 when something needs a person: a marketplace could "
        "not be read, a SKU is held back or rejected."
    ),
)
@RECREATE
def plan(
    catalog_path: Path,
    state_path: str | None,
    marketplaces: tuple[str, ...],
    as_of: Any,
    fmt: str,
    detailed_exitcode: bool,
    recreate: tuple[str, ...],
) -> None:
    """``plan`` (its help is the translated text above)."""
    catalog = api.load_catalog(catalog_path, as_of=_day(as_of))
    location = resolve_state(catalog_path, state_path)
    # a plan changes nothing: without a state yet, plan against an empty one in memory
    opened = location if state_exists(location) else ":memory:"
    with StateStore.open(opened, Scope.of(catalog)) as store:
        result = api.plan_changes(
            catalog, store, marketplaces=marketplaces, as_of=_day(as_of), recreate=recreate
        )
    if fmt == "json":
        data = {
            "in_sync": result.in_sync,
            "marketplaces": [plan_data(p) for p in result.plans],
            "errors": [{"marketplace": e.marketplace, "error": e.error} for e in result.failures],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for p in result.plans:
            click.echo("\n".join(plan_lines(p)))
        for e in result.failures:
            click.secho(f"{e.marketplace}: {e.error}", fg="red", err=True)
    if result.failures or (detailed_exitcode and result.needs_a_person):
        sys.exit(1)
    if detailed_exitcode and not result.in_sync:
        sys.exit(2)


@command(
    name="push",
    help=N_(
        "Apply the catalogue to the marketplaces. Exit 0 when everything asked for is done "
        "or waiting for the marketplace's review; 1 when anything is held back, rejected or "
        "failed (the summary says what and why); 130 when stopped with Ctrl-C.\n\n"
        "Safe to run again at any time: an interrupted push is reconciled by SKU, never "
        "duplicated."
    ),
)
@common_options
@option(
    "--allow-mass-delist",
    is_flag=True,
    help=N_("Go ahead even when most of a marketplace's listings would be delisted."),
)
@option(
    "--wait",
    "wait_seconds",
    type=click.IntRange(min=0),
    default=None,
    help=N_(
        "Keep polling pending reviews for up to this many seconds, reporting each approval "
        "and rejection and applying it."
    ),
)
@RECREATE
@option("--quiet", "-q", is_flag=True, help=N_("No progress bar, only the summary."))
def push_command(
    catalog_path: Path,
    state_path: str | None,
    marketplaces: tuple[str, ...],
    as_of: Any,
    allow_mass_delist: bool,
    wait_seconds: int | None,
    recreate: tuple[str, ...],
    quiet: bool,
) -> None:
    """``push`` (its help is the translated text above)."""
    catalog = api.load_catalog(catalog_path, as_of=_day(as_of))
    display = _PushDisplay(Console(stderr=True, quiet=quiet))
    with StateStore.open(resolve_state(catalog_path, state_path), Scope.of(catalog)) as store:
        try:
            result = api.push_changes(
                catalog,
                store,
                marketplaces=marketplaces,
                as_of=_day(as_of),
                allow_mass_delist=allow_mass_delist,
                wait=wait_seconds,  # counted from the end of the first round
                recreate=recreate,
                on_planned=display.planned,
                on_progress=display.tick,
                on_round=display.round,
                on_wait=display.waiting,
            )
        except KeyboardInterrupt:
            display.stop()
            click.secho(_("stopped before anything was sent; run ocop push again"), err=True)
            sys.exit(130)
        finally:
            display.stop()
    _print_summary(result)
    if result.stopped:
        sys.exit(130)
    if not result.ok:
        sys.exit(1)


class _PushDisplay:
    """A progress bar per round of a push (on stderr), then each review answered (stdout)."""

    COLUMNS = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar: Progress | None = None
        self.tasks: dict[str, Any] = {}

    def planned(self, plans: list[MarketplacePlan]) -> None:
        busy = [p for p in plans if p.actions]  # a round with nothing to send shows no bar
        if not busy:
            return
        self.bar = Progress(*self.COLUMNS, console=self.console, transient=False)
        self.bar.start()
        self.tasks = {
            p.marketplace: self.bar.add_task(p.marketplace, total=len(p.actions)) for p in busy
        }

    def tick(self, marketplace: str, n: int) -> None:
        if self.bar is not None and marketplace in self.tasks:
            self.bar.advance(self.tasks[marketplace], n)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def round(self, outcomes: list[Outcome], pending: list[ListingRecord]) -> None:
        self.stop()
        for outcome in outcomes:
            for answer in outcome.answers:
                line, bad = answer_line(outcome.marketplace, answer)
                click.secho(line, fg="red" if bad else "green")

    def waiting(self, pending: list[ListingRecord]) -> None:
        self.console.print(_("{n} listing(s) waiting for review…").format(n=len(pending)))


def _print_summary(result: PushResult) -> None:
    verdicts = result.verdicts()
    for outcome in result.outcomes:
        found = verdicts.get(outcome.marketplace, [])
        for line, bad in outcome_lines(outcome, found, result.totals(outcome.marketplace)):
            click.secho(line, fg="red" if bad else None)
    if result.pending:
        click.echo(
            _("{n} listing(s) are waiting for the marketplace's review").format(
                n=len(result.pending)
            )
        )
    if result.stopped:
        unsent = sum(
            1 for skus in verdicts.values() for o in skus if o.verdict is SkuVerdict.FAILED
        )
        click.secho(
            _("stopped (Ctrl-C): {n} change(s) not sent; run ocop push again to finish").format(
                n=unsent
            ),
            fg="yellow",
        )
    elif not result.ok:
        needs = [o for skus in verdicts.values() for o in skus if o.verdict.needs_a_person]
        click.secho(
            _("not done: {n} SKU(s) held back, rejected or failed (above)").format(n=len(needs)),
            fg="red",
        )


@command(
    help=N_(
        "Per SKU and marketplace: state, remote id and URL, last push, pending review, "
        "last error.\n\n"
        "Reads only the state database; run `ocop plan` to compare with the marketplaces."
    )
)
@catalog_option(help=N_("The catalogue file (locates the default state)."))
@state_option
@option(
    "--marketplace",
    "-m",
    "marketplaces",
    multiple=True,
    metavar=N_("NAME"),
    help=N_("Only this marketplace (repeatable)."),
)
@option("--sku", "skus", multiple=True, metavar="SKU", help=N_("Only this SKU (repeatable)."))
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help=N_("text: a table; json: for other programs."),
)
@option(
    "--journal",
    "journal_size",
    type=click.IntRange(min=1),
    default=None,
    help=N_("Show the last N remote operations (the audit trail) instead of the listings."),
)
def status(
    catalog_path: Path,
    state_path: str | None,
    marketplaces: tuple[str, ...],
    skus: tuple[str, ...],
    fmt: str,
    journal_size: int | None,
) -> None:
    """``status`` (its help is the translated text above)."""
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


@command(
    help=N_(
        "Bind listings already on the marketplaces to catalogue SKUs (by exact seller "
        "SKU).\n\n"
        "Nothing is sent; the next `ocop push` brings each adopted listing to the "
        "catalogue's content. Reports what matched nothing on either side."
    )
)
@common_options
@option("--dry-run", is_flag=True, help=N_("Show the matches without recording them."))
def link(
    catalog_path: Path,
    state_path: str | None,
    marketplaces: tuple[str, ...],
    as_of: Any,
    dry_run: bool,
) -> None:
    """``link`` (its help is the translated text above)."""
    catalog = api.load_catalog(catalog_path, as_of=_day(as_of))
    with StateStore.open(resolve_state(catalog_path, state_path), Scope.of(catalog)) as store:
        reports = api.link_listings(
            catalog, store, marketplaces=marketplaces, as_of=_day(as_of), dry_run=dry_run
        )
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
    # identifiers never wrap; words wrap, and the URL and the error keep room to be read
    for header, wrap, least in (
        (N_("Marketplace"), False, None),
        (N_("SKU"), False, None),
        (N_("Product"), True, 10),
        (N_("State"), True, 10),
        (N_("Remote id"), False, None),
        (N_("Last push (UTC)"), False, None),
        (N_("URL"), True, 20),
        (N_("Review / last error"), True, 20),
    ):
        table.add_column(_(header), no_wrap=not wrap, overflow="fold", min_width=least)
    for r in records:
        waiting = _("review {id}").format(id=r.request_id) if r.request_id else ""
        reason = r.review_reason or ""
        if reason and reason in (r.last_error or ""):
            reason = ""  # the error already quotes it
        problem = "; ".join(p for p in (waiting, reason, r.last_error or "") if p)
        pushed = r.pushed_at.strftime("%Y-%m-%d %H:%M") if r.pushed_at else ""
        table.add_row(
            r.marketplace,
            r.sku,
            r.title or "",
            state_words(r.state),
            r.remote_id or "",
            pushed,
            r.url or "",
            problem,
        )
    return table
