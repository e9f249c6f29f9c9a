"""``ocop state``: where the state is, what it holds, and moving it to PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ocop.cli.localise import group, option
from ocop.cli.options import (
    catalog_option,
    catalogue_scope,
    missing_state,
    state_exists,
    state_option,
)
from ocop.cli.options import state_path as resolve_state
from ocop.i18n import N_, _
from ocop.state import StateStore, is_url, redact
from ocop.state.transfer import copy_state


@group(
    help=N_(
        "The state database: what it holds (`ocop state info`), and copying it elsewhere "
        "(`ocop state migrate --to postgresql://…`, see docs/scale.md)."
    )
)
def state() -> None:
    """``state`` (its help is the translated text above)."""


def _summary(store: StateStore) -> list[dict[str, Any]]:
    rows = []
    for scope in store.scopes():
        scoped = store.within(scope)
        listings = scoped.listings()
        rows.append(
            {
                "scope": scope.label(),
                "province": scope.province,
                "cooperative": scope.cooperative or None,
                "listings": len(listings),
                "active": sum(1 for r in listings if r.state == "active"),
                "marketplaces": sorted({r.marketplace for r in listings}),
                "observed": len(scoped.latest_observations()),
                "catalogue": scoped.catalogue() is not None,
            }
        )
    return rows


@state.command(
    help=N_(
        "Where the state is (any password masked), its backend and schema, and per "
        "province (and cooperative) how many listings, active listings and crawled "
        "listings it holds."
    )
)
@catalog_option(help=N_("The catalogue file (locates the default state)."))
@state_option
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help=N_("text: for people; json: for other programs."),
)
def info(catalog_path: Path, state_path: str | None, fmt: str) -> None:
    """``info`` (its help is the translated text above)."""
    location = resolve_state(catalog_path, state_path)
    if not state_exists(location):
        raise missing_state(location)
    with StateStore.open(location, catalogue_scope(catalog_path)) as store:
        scopes = _summary(store)
        data = {
            "location": store.location,
            "backend": store.backend,
            "schema": store.schema_version(),
            "scopes": scopes,
        }
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(
        _("{location} ({backend}, schema {schema})").format(
            location=data["location"], backend=data["backend"], schema=data["schema"]
        )
    )
    table = Table(show_edge=False)
    for header in (N_("Scope"), N_("Listings"), N_("Active"), N_("Crawled"), N_("Marketplaces")):
        table.add_column(_(header))
    for row in scopes:
        table.add_row(
            row["scope"],
            str(row["listings"]),
            str(row["active"]),
            str(row["observed"]),
            ", ".join(row["marketplaces"]),
        )
    Console().print(table)


@state.command(
    help=N_(
        "Copy every province's rows (listings, images, journal, crawls, the catalogue "
        "pushed) from the state into another one, e.g. from the SQLite file to "
        "PostgreSQL.\n\n"
        "The source is left as it was; point OCOP_STATE at the target afterwards. No push "
        "may run meanwhile: the copy holds each province's locks on both sides."
    )
)
@catalog_option(help=N_("The catalogue whose state is copied (rows from before scoping go to it)."))
@state_option
@option(
    "--to",
    "target",
    required=True,
    metavar=N_("URL|PATH"),
    help=N_("Where to copy the state: a postgresql:// URL (or another SQLite file)."),
)
@option(
    "--replace",
    is_flag=True,
    help=N_("Overwrite the provinces the target already holds (to redo a copy that stopped)."),
)
def migrate(catalog_path: Path, state_path: str | None, target: str, replace: bool) -> None:
    """``migrate`` (its help is the translated text above)."""
    location = resolve_state(catalog_path, state_path)
    if not state_exists(location):
        raise missing_state(location)
    destination: Path | str = target if is_url(target) else Path(target)
    with (
        StateStore.open(location, catalogue_scope(catalog_path)) as source,
        StateStore.open(destination) as copy,
    ):
        copied = copy_state(source, copy, replace=replace)
    for each in copied:
        click.echo(
            _(
                "{scope}: {listings} listing(s), {images} image(s), {journal} journal "
                "entr(y/ies), {observations} observation(s){catalogue}"
            ).format(
                scope=each.scope.label(),
                listings=each.listings,
                images=each.images,
                journal=each.journal,
                observations=each.observations,
                catalogue=_(", the catalogue pushed") if each.catalogue else "",
            )
        )
    click.echo(
        _(
            "copied {n} scope(s) to {target}; point OCOP_STATE (or --state) at it from now on"
        ).format(n=len(copied), target=redact(destination))
    )
