"""Commands for staff who work in spreadsheets: ``ocop sheet export|import`` and ``ocop init``.

Help texts go through ``_()`` too: this module is imported after ``--lang`` is applied (the
CLI loads command modules lazily), so they come out in the chosen language.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ocop.cli.localise import argument, command, confirm, group, option
from ocop.cli.options import catalog_option
from ocop.display import moment
from ocop.errors import CatalogError, CatalogInvalid
from ocop.i18n import N_, _, current_language
from ocop.loading import load_catalog
from ocop.problem import format_text

if TYPE_CHECKING:
    from ocop.sheet.importing import ImportPlan

CATALOG_OPTION = catalog_option(help=N_("The catalogue file."))


@group(help=N_("Edit the catalogue in Excel or LibreOffice: export a sheet, import it back."))
def sheet() -> None:
    """``ocop sheet``: the group of spreadsheet commands."""


@sheet.command(
    "export",
    help=N_("Write producers, products and SKUs to an .xlsx with drop-down lists and notes."),
)
@CATALOG_OPTION
@option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("Where to write the .xlsx (default: next to the catalogue, same name)."),
)
def export(catalog_path: Path, output: Path | None) -> None:
    """``ocop sheet export`` (its help is the translated text above)."""
    from ocop.sheet.export import export_sheet

    try:
        catalog = load_catalog(catalog_path)
    except CatalogInvalid as exc:
        _print_invalid(exc)
        sys.exit(1)
    target = output or catalog_path.with_suffix(".xlsx")
    export_sheet(catalog, catalog_path.read_bytes(), catalog_path.name, target)
    click.echo(
        _("wrote {path}: {producers} producers, {products} products, {skus} SKUs").format(
            path=target,
            producers=len(catalog.producers),
            products=len(catalog.products),
            skus=len(catalog.skus()),
        )
    )


@sheet.command(
    "import",
    help=N_(
        "Merge the edited sheet FILE into the catalogue, after showing the change.\n\n"
        "Rows with a new id are added; rows deleted from the sheet are listed, not deleted "
        "from the catalogue. Nothing is written while the result has errors."
    ),
)
@argument("file", type=click.Path(dir_okay=False, path_type=Path))
@CATALOG_OPTION
@option("--yes", "-y", is_flag=True, help=N_("Write without asking (for scripts)."))
@option(
    "--force",
    is_flag=True,
    help=N_(
        "Apply every cell that differs from catalog.yaml, also when the file changed after "
        "the export (by default only the cells edited in the sheet are applied then)."
    ),
)
def import_(file: Path, catalog_path: Path, yes: bool, force: bool) -> None:
    """``ocop sheet import``: plan, show, confirm, write."""
    from ocop.sheet.importing import plan_import, write_catalog

    try:
        plan = plan_import(file, catalog_path, overwrite=force)
    except CatalogInvalid as exc:
        _print_invalid(exc)
        sys.exit(1)
    if plan.three_way:
        click.secho(
            _(
                "{catalog} changed after {sheet} was exported ({when}): only the cells edited "
                "in the sheet are applied"
            ).format(catalog=catalog_path.name, sheet=file.name, when=moment(plan.exported_at)),
            fg="yellow",
        )
    if plan.refused_as_stale and not force:
        raise CatalogError(
            _(
                "{sheet} was exported on {when} from an older {catalog}, which has changed "
                "since. Export again and redo the edits, or use --force to apply the sheet "
                "over the current file (the diff shows every change)."
            ).format(sheet=file, when=moment(plan.exported_at), catalog=catalog_path.name)
        )
    _print_problems(plan)
    if plan.has_errors:
        click.secho(_("nothing was written: fix the sheet and import it again"), fg="red", err=True)
        sys.exit(1)
    _print_change(plan)
    if not plan.changed:
        return
    if not yes and not confirm(_("Write these changes to {path}?").format(path=catalog_path)):
        click.echo(_("nothing was written"))
        return
    backup = write_catalog(plan)
    click.secho(
        _("wrote {path} (the previous version is in {backup})").format(
            path=catalog_path, backup=backup.name
        ),
        fg="green",
    )


@command(help=N_("Start a new catalogue in FOLDER: catalog.yaml, its schema and an images folder."))
@argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".", required=False)
@option(
    "--province",
    default="Thái Nguyên",
    show_default=True,
    help=N_("The province the catalogue is for."),
)
@option("--title", default=None, help=N_("Whose catalogue it is, e.g. a cooperative's name."))
def init(folder: Path, province: str, title: str | None) -> None:
    """``ocop init``: scaffold a catalogue (see ``ocop.scaffold``)."""
    from ocop.registry import display_name, marketplace_names
    from ocop.scaffold import scaffold

    made = scaffold(folder, province, title)
    click.echo(_("wrote {catalog} and {schema}").format(catalog=made.catalog, schema=made.schema))
    names = [f"{n} ({display_name(n, current_language())})" for n in marketplace_names()]
    click.echo(
        _("installed marketplaces: {names}").format(names=", ".join(names))
        if names
        else _("no marketplace is installed yet: install a connector package (ocop-<name>)")
    )
    click.echo(
        _("next: add producers and products, then run `ocop validate {catalog}`").format(
            catalog=made.catalog
        )
    )


def _print_invalid(exc: CatalogInvalid) -> None:
    click.echo(format_text(str(exc.path), exc.problems), err=True)
    click.secho(
        _("error: {message}").format(message=exc)
        + " "
        + _("(fix catalog.yaml before using a sheet)"),
        fg="red",
        err=True,
    )


SHOWN_PROBLEMS = 200  # a sheet pasted full of junk must not scroll the first message away


def _print_problems(plan: ImportPlan) -> None:
    for notice in plan.notices:
        click.secho(_("notice") + ": " + str(notice), fg="cyan", err=True)
    for problem in plan.sheet_problems[:SHOWN_PROBLEMS]:
        label = "" if problem.is_error else _("warning") + ": "
        click.secho(label + str(problem), fg="red" if problem.is_error else "yellow", err=True)
    if len(plan.sheet_problems) > SHOWN_PROBLEMS:
        more = len(plan.sheet_problems) - SHOWN_PROBLEMS
        click.secho(_("… and {count} more problems in the sheet").format(count=more), err=True)
    if plan.catalog_problems:
        click.echo(format_text(plan.catalog_path.name, plan.catalog_problems), err=True)


def _print_change(plan: ImportPlan) -> None:
    for label in plan.merge.missing:
        click.secho(
            _("not in the sheet, kept in the catalogue: {record}").format(record=label),
            fg="yellow",
        )
    if not plan.changed:
        path = plan.catalog_path
        click.echo(_("no changes: {path} already matches the sheet").format(path=path))
        return
    _print_diff(plan.diff())
    for edit in plan.merge.edits:
        click.echo(str(edit))
    for label in plan.merge.added:
        click.echo(_("new: {record}").format(record=label))
    click.echo(
        _("{added} added, {updated} changed").format(
            added=len(plan.merge.added), updated=len(plan.merge.updated)
        )
    )


def _print_diff(diff: str) -> None:
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            click.secho(line, bold=True)
        elif line.startswith("+"):
            click.secho(line, fg="green")
        elif line.startswith("-"):
            click.secho(line, fg="red")
        elif line.startswith("@@"):
            click.secho(line, fg="cyan")
        else:
            click.echo(line)
