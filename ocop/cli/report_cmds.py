"""``ocop report``: OCOP products on sale as the marketplaces show them, for the department."""

from __future__ import annotations

import shutil
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import click

from ocop import api
from ocop.cli.localise import command, option
from ocop.cli.options import FILE as OUTPUT_FILE
from ocop.cli.options import as_of_option, catalog_option, missing_state, state_exists, state_option
from ocop.cli.options import day as as_of_day
from ocop.cli.options import state_path as resolve_state
from ocop.i18n import N_, _, chosen_language
from ocop.report import BREAKDOWNS, FORMATS, NATIONAL_BREAKDOWNS, Report
from ocop.report.letterhead import configured_letterhead
from ocop.state import Scope, StateStore


def reference_time(as_of: date | None) -> datetime:
    """Now for today's report; the end of the day for a report as of an earlier day."""
    now = datetime.now(UTC)
    if as_of is None or as_of >= now.date():
        return now
    return datetime.combine(as_of, time.max, tzinfo=UTC)


def _state_location(catalog: Path, state: str | None) -> Path | str:
    location = resolve_state(catalog, state)
    if not state_exists(location):  # opening would create an empty database: zero listings
        raise missing_state(location)
    return location


def _province_report(location: Path | str, catalog_path: Path, options: dict[str, Any]) -> Report:
    # validated as of today: a past --as-of must not reject decisions signed since then
    catalog = api.load_catalog(catalog_path)
    with StateStore.open(location, Scope.of(catalog)) as store:
        if store.catalogue() is None and not store.listings():  # another province's state?
            raise missing_state(f"{store.location} ({store.scope.label()})")
        return api.make_report(catalog, store, **options)


def _national_report(location: Path | str, options: dict[str, Any]) -> Report:
    """Every scope of the state, each counted against the catalogue it last pushed."""

    def left_out(scopes: list[Scope]) -> None:
        click.secho(
            _(
                "warning: left out, no catalogue recorded (push once with this ocop): {scopes}"
            ).format(scopes="; ".join(s.label() for s in scopes)),
            fg="yellow",
            err=True,
        )

    with StateStore.open(location) as store:
        return api.make_national_report(store, on_left_out=left_out, **options)


@command(
    help=N_(
        "Count OCOP products and SKUs on the marketplaces: on sale, taken down and not "
        "verified, from what the marketplaces really show, beside what ocop claims it "
        "pushed.\n\n"
        "Breakdowns by marketplace, verification, star, coverage, OCOP group, commune, former "
        "district, producer kind, expiring certificates and drift; products without a valid "
        "certificate are counted apart. Every format says what each count means. JSON and "
        "XLSX also list, for every listing counted, the observation its verdict rests on."
    )
)
@catalog_option(help=N_("The catalogue to count."))
@state_option
@as_of_option(help=N_("Judge certificates on this day instead of today."))
@option(
    "--marketplace",
    "-m",
    "marketplaces",
    multiple=True,
    metavar=N_("NAME"),
    help=N_("Only this marketplace (repeatable; default: every one in the catalogue or state)."),
)
@option(
    "--all-provinces",
    "national",
    is_flag=True,
    help=N_(
        "Count every province (and cooperative) of the state, each against the catalogue it "
        "last pushed, and add them up; --catalog is not read."
    ),
)
@option(
    "--by",
    "breakdowns",
    multiple=True,
    type=click.Choice(NATIONAL_BREAKDOWNS),
    help=N_("Only these breakdowns, in this order (repeatable; default: all)."),
)
@option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help=N_(
        "table: terminal; csv, json, xlsx: for other programs; html: printable A4 page with charts."
    ),
)
@option(
    "--output",
    "-o",
    type=OUTPUT_FILE,
    default=None,
    help=N_("Write to this file instead of standard output."),
)
@option(
    "--fresh-days",
    type=click.IntRange(min=0),
    default=7,
    show_default=True,
    help=N_(
        "A listing is verified (on sale or taken down) by a trustworthy observation made "
        "within this many days; older ones leave it not verified."
    ),
)
def report(
    catalog_path: Path,
    state_path: str | None,
    as_of: date | None,
    marketplaces: tuple[str, ...],
    national: bool,
    breakdowns: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fresh_days: int,
) -> None:
    """``report`` (its help is the translated text above)."""
    day = as_of_day(as_of)
    # the printable formats carry the department's header block ([report] in ocop.toml): read
    # first, so a mistake there is told before the counting, not after
    letterhead = configured_letterhead() if fmt in ("html", "xlsx") else None
    options: dict[str, Any] = {
        "as_of": day or date.today(),
        "reference_time": reference_time(day),
        "fresh_days": fresh_days,
        "marketplaces": marketplaces,
        "breakdowns": breakdowns or (NATIONAL_BREAKDOWNS if national else BREAKDOWNS),
    }
    location = _state_location(catalog_path, state_path)
    if national:
        result = _national_report(location, options)
    else:
        result = _province_report(location, catalog_path, options)
    # a table as wide as the terminal (160 columns into a file or a pipe)
    width = shutil.get_terminal_size((160, 24)).columns if output is None else 160
    # the department's copy is Vietnamese unless a language was chosen (--lang, OCOP_LANG)
    language = chosen_language() or "vi"
    data = api.render_report(result, fmt, language, width=max(width, 80), letterhead=letterhead)
    if output is not None:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
