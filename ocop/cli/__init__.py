"""The ``ocop`` command line: thin commands over the library.

Each command lives in a module of this package and is imported only when it runs, so
``ocop validate`` never pays for Scrapy or httpx. Exit codes: 0 ok, 1 problems or failures,
2 usage errors (click's own).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from ocop.errors import OcopError
from ocop.i18n import _, language_from_locale, set_language

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


class LazyGroup(click.Group):
    """Loads each command's module on first use; turns ocop errors into one clean line."""

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

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OcopError as exc:
            click.secho(_("error: {message}").format(message=exc), fg="red", err=True)
            sys.exit(1)


def _language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    lang = (
        value
        or os.environ.get("OCOP_LANG")
        or language_from_locale(
            os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")
        )
    )
    set_language(lang)
    return lang


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(["en", "vi"]),
    callback=_language,
    is_eager=True,
    expose_value=False,
    help="Language of messages (default: from the locale).",
)
@click.version_option(package_name="ocop")
def cli() -> None:
    """ocop keeps a province's OCOP products on the e-marketplaces.

    Edit catalog.yaml, check it with `ocop validate`, see what would change with
    `ocop plan`, apply it with `ocop push`, check the storefronts with `ocop verify`,
    and count what is listed with `ocop report`.
    """


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="ocop")
