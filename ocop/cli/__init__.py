"""The ``ocop`` command line: thin commands over the library.

Each command lives in a module of this package and is imported only when it runs, so
``ocop validate`` never pays for Scrapy or httpx. Exit codes: 0 ok, 1 problems or failures,
2 usage errors (click's own). Commands are built with ``ocop.cli.localise`` so their help,
click's words and the prompts follow ``--lang``, which may stand anywhere on the line.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import click

from ocop.cli import logfile
from ocop.cli.localise import Group, hoist_options, option, route_click_messages
from ocop.errors import OcopError
from ocop.i18n import N_, _, language_from_locale, set_language

# command name → "module:function" (the module is under ocop.cli)
COMMANDS: dict[str, str] = {
    "validate": "catalog_cmds:validate",
    "schema": "catalog_cmds:schema",
    "summary": "catalog_cmds:summary",
    "plan": "sync_cmds:plan",
    "push": "sync_cmds:push_command",
    "status": "sync_cmds:status",
    "link": "sync_cmds:link",
    "categories": "categories_cmds:categories",
    "sheet": "sheet_cmds:sheet",
    "init": "sheet_cmds:init",
    "sandbox": "sandbox_cmds:sandbox",
    "verify": "verify_cmds:verify",
    "report": "report_cmds:report",
    "state": "state_cmds:state",
    "auth": "auth_cmds:auth",
}


class LazyGroup(Group):
    """Loads each command's module on first use; turns ocop errors into one clean line."""

    arguments: list[str] | None = None  # the command line being run (for the log file)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"ocop.cli.{module_name}")
        command: click.Command = getattr(module, attr)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            # click suggests among the commands it holds; this group holds none until used
            raise click.exceptions.NoSuchCommand(
                name, possibilities=self.list_commands(ctx), ctx=ctx
            )
        return super().resolve_command(ctx, args)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        if parent is None:  # the whole command line: --lang may stand anywhere on it
            args = hoist_options(list(args))
            self.arguments = list(args)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OcopError as exc:
            logfile.failed(exc)
            click.secho(_("error: {message}").format(message=exc), fg="red", err=True)
            sys.exit(1)

    def main(self, args: Sequence[str] | None = None, *posargs: Any, **kwargs: Any) -> Any:
        try:
            return super().main(args, *posargs, **kwargs)
        except SystemExit as done:
            logfile.finished(done.code)
            raise


def _language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    chosen = value or os.environ.get("OCOP_LANG")
    lang = chosen or language_from_locale(
        os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")
    )
    set_language(lang, explicit=bool(chosen))
    return lang


def _log_file(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None and not ctx.resilient_parsing:
        logfile.start(value, getattr(ctx.command, "arguments", None) or sys.argv[1:])


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    try:
        number = version("ocop")
    except PackageNotFoundError:
        number = "?"
    click.echo(_("ocop, version {version}").format(version=number))
    ctx.exit()


route_click_messages()


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "ocop keeps a province's OCOP products on the e-marketplaces.\n\n"
        "Edit catalog.yaml, check it with `ocop validate`, see what would change with "
        "`ocop plan`, apply it with `ocop push`, check the storefronts with `ocop verify`, "
        "and count what is listed with `ocop report`."
    ),
)
@option(
    "--lang",
    type=click.Choice(["en", "vi"]),
    callback=_language,
    is_eager=True,
    expose_value=False,
    help=N_("Language of messages and reports, anywhere on the line (default: the locale)."),
)
@option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_log_file,
    expose_value=False,
    metavar=N_("FILE"),
    help=N_(
        "Also write what the command says, and the exit status, to FILE (appended; "
        "secrets are never written)."
    ),
)
@option(
    "--version",
    is_flag=True,
    callback=_version,
    is_eager=True,
    expose_value=False,
    help=N_("Show the version and exit."),
)
def cli() -> None:
    """The ``ocop`` group (its help is the translated text above)."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="ocop")
