"""``ocop report``: what is certified, listed and verified live, for the department."""

from __future__ import annotations

import errno
import os
import shutil
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path

import click

from ocop import api
from ocop.cli.options import FILE as OUTPUT_FILE
from ocop.cli.options import as_of_option, catalog_option, state_option
from ocop.cli.options import day as as_of_day
from ocop.cli.options import state_path as resolve_state
from ocop.errors import StateError
from ocop.i18n import _
from ocop.report import BREAKDOWNS, FORMATS
from ocop.state import StateStore


def reference_time(as_of: date | None) -> datetime:
    """Now for today's report; the end of the day for a report as of an earlier day."""
    now = datetime.now(UTC)
    if as_of is None or as_of >= now.date():
        return now
    return datetime.combine(as_of, time.max, tzinfo=UTC)


def _state_path(catalog: Path, state: Path | None) -> Path:
    path = resolve_state(catalog, state)
    if not path.exists():  # opening would create an empty database and report zero listings
        raise StateError(
            _("cannot use the state database {path}: {error}").format(
                path=path, error=os.strerror(errno.ENOENT)
            )
        )
    return path


@click.command()
@catalog_option(help="The catalogue to count.")
@state_option
@as_of_option(help="Judge certificates on this day (YYYY-MM-DD) instead of today.")
@click.option(
    "--marketplace",
    "-m",
    "marketplaces",
    multiple=True,
    help="Only this marketplace (repeatable; default: every one in the catalogue or state).",
)
@click.option(
    "--by",
    "breakdowns",
    multiple=True,
    type=click.Choice(BREAKDOWNS),
    help="Only these breakdowns, in this order (repeatable; default: all).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: terminal; csv, json, xlsx: for other programs; html: printable A4 page with charts.",
)
@click.option(
    "--output",
    "-o",
    type=OUTPUT_FILE,
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option(
    "--fresh-days",
    type=click.IntRange(min=0),
    default=7,
    show_default=True,
    help="A listing counts as verified live when a crawl saw it live within this many days.",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of the report's labels (the department's copy is Vietnamese).",
)
def report(
    catalog_path: Path,
    state_path: Path | None,
    as_of: datetime | None,
    marketplaces: tuple[str, ...],
    breakdowns: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fresh_days: int,
    language: str,
) -> None:
    """Count OCOP products and SKUs: certified, valid, listed and verified live.

    Breakdowns by marketplace, star, coverage, OCOP group, commune, former district, producer
    kind, expiring certificates and drift. JSON and XLSX also list, for every listing counted,
    the storefront observation it was counted from.
    """
    day = as_of_day(as_of)
    # validated as of today: a past --as-of must not reject decisions signed since then
    catalog = api.load_catalog(catalog_path)
    with StateStore.open(_state_path(catalog_path, state_path)) as store:
        result = api.make_report(
            catalog,
            store,
            as_of=day or date.today(),
            reference_time=reference_time(day),
            fresh_days=fresh_days,
            marketplaces=marketplaces,
            breakdowns=breakdowns or BREAKDOWNS,
        )
    # a table as wide as the terminal (160 columns into a file or a pipe)
    width = shutil.get_terminal_size((160, 24)).columns if output is None else 160
    data = api.render_report(result, fmt, language, width=max(width, 80))
    if output is not None:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
