"""Commands about the catalogue itself: validate, schema, summary."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from ocop import api
from ocop.cli.localise import argument, command, option
from ocop.cli.options import FILE, as_of_option, day
from ocop.i18n import N_, _
from ocop.problem import format_text, to_json
from ocop.schema import catalog_schema
from ocop.summary import summarise


@command(
    help=N_(
        "Check FILE (default catalog.yaml) and list every problem with its line.\n\n"
        "Exit status: 0 valid (warnings allowed), 1 problems found, 2 wrong usage."
    )
)
@argument("path", type=FILE, default="catalog.yaml", metavar=N_("FILE"))
@as_of_option()
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help=N_("text: one line per problem; json: for other programs."),
)
def validate(path: Path, as_of: date | None, fmt: str) -> None:
    """``validate`` (its help is the translated text above)."""
    result = api.validate_catalog(path, as_of=day(as_of))
    if fmt == "json":
        click.echo(to_json(str(path), result.problems))
    else:
        if result.problems:
            click.echo(format_text(str(path), result.problems))
        errors = len(result.errors)
        warnings = len(result.problems) - errors
        if errors:
            click.secho(
                _("{path}: {errors} error(s), {warnings} warning(s) or notice(s)").format(
                    path=path, errors=errors, warnings=warnings
                ),
                fg="red",
                err=True,
            )
        else:
            click.secho(
                _("{path}: valid ({warnings} warning(s) or notice(s))").format(
                    path=path, warnings=warnings
                ),
                fg="green",
                err=True,
            )
    sys.exit(1 if result.errors else 0)


@command(
    help=N_("Print the JSON Schema of catalog.yaml (editors use it to complete and check fields).")
)
def schema() -> None:
    """``schema`` (its help is the translated text above)."""
    click.echo(json.dumps(catalog_schema(), ensure_ascii=False, indent=2))


@command(help=N_("Validate FILE and print what it holds: products, stars, groups, communes."))
@argument("path", type=FILE, default="catalog.yaml", metavar=N_("FILE"))
@as_of_option()
def summary(path: Path, as_of: date | None) -> None:
    """``summary`` (its help is the translated text above)."""
    from ocop.cli.render import print_summary

    result = api.validate_catalog(path, as_of=day(as_of), marketplace_limits=False)
    if result.catalog is None:
        click.echo(format_text(str(path), result.problems))
        sys.exit(1)
    print_summary(summarise(result.catalog, day(as_of) or date.today()))
