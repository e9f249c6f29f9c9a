"""click in ocop's language: help, usage, errors, prompts and typed days, translated at use.

Command modules build their commands with this module's ``command``, ``group``, ``option`` and
``argument`` (click's, with the classes below), give every help text as ``help=N_("…")``, and
ask yes/no with ``confirm``::

    @command("export", help=N_("Write the catalogue to an .xlsx …"))
    @option("-o", "--output", type=FILE, help=N_("Where to write the .xlsx …"))
    def export(output: Path | None) -> None: ...

* **Help at use.** A command module may be imported before ``--lang`` is read (by a test, by
  shell completion, by another command), so a help text is stored in English and translated
  each time it is shown: ``help``, ``short_help``, ``epilog`` of commands and ``help`` of
  options are descriptors that translate on read, as are the ``[OPTIONS]`` and
  ``COMMAND [ARGS]...`` of the usage line and the metavars (``FILE``, ``TEXT``, ``INTEGER``…).
* **click's own words.** click writes "Usage:", "Options", "Show this message and exit.", its
  error messages… through the standard library's global ``gettext`` (domain ``messages``, the
  language read from the environment). ``route_click_messages`` points the ``_``/``ngettext``
  click's modules hold at ``ocop.i18n`` instead, once, so they follow ``--lang`` and come from
  ocop's ``click`` catalogue (``scripts/i18n.py`` extracts it from the installed click).
* **Yes or no.** ``confirm`` takes c/có/k/không as well as y/yes/n/no, whatever the language.
* **Days.** ``DAY`` reads 03/12/2026 (day first, as Vietnamese write) or 2026-12-03.
* **Typos.** An unknown command is answered with the closest ones ("Did you mean …?").
* **--lang anywhere.** ``hoist_options`` moves ``--lang X`` (and ``--log-file F``) from
  wherever it was typed to the front, where the root group reads it before anything is shown.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import click

from ocop import i18n
from ocop.display import read_day
from ocop.i18n import N_, _
from ocop.words import yes_or_no

F = TypeVar("F", bound=Callable[..., Any])

CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.shell_completion",
    "click.termui",
    "click.types",
    "click.utils",
    "click._termui_impl",
)
# click's metavars are its types' names in capitals; ocop's own are given as text
METAVARS = (
    N_("TEXT"),
    N_("INTEGER"),
    N_("FLOAT"),
    N_("BOOLEAN"),
    N_("PATH"),
    N_("FILE"),
    N_("FILENAME"),
    N_("DIRECTORY"),
    N_("FOLDER"),
    N_("INTEGER RANGE"),
    N_("FLOAT RANGE"),
    N_("UUID"),
    N_("CHOICE"),
)
# click shows "[required]" by a word it does not mark for translation
CLICK_WORDS = (N_("required"),)
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
HELP_OPTION_TEXT = "Show this message and exit."  # click's own message (the click catalogue)


def route_click_messages() -> None:
    """Make click's modules translate through ``ocop.i18n`` (idempotent)."""
    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a module a later click may not have
            continue
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def translated(text: str | None) -> str | None:
    """``text`` (a help text or metavar given in English) in the current language."""
    if not text:
        return text
    return _(inspect.cleandoc(text))


class Translated:
    """An attribute that keeps the English text it is given and reads back its translation."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_english_{name}"

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return translated(vars(obj).get(self.slot))

    def __set__(self, obj: object, value: str | None) -> None:
        vars(obj)[self.slot] = value


class Option(click.Option):
    """An option whose help and metavar are shown in the current language."""

    help = Translated()

    def make_metavar(self, ctx: click.Context) -> str:
        return _metavar(super().make_metavar(ctx))


class Argument(click.Argument):
    """An argument whose metavar (FILE, PATH, FOLDER) is shown in the current language."""

    help = Translated()

    def make_metavar(self, ctx: click.Context) -> str:
        return _metavar(super().make_metavar(ctx))


def _metavar(shown: str) -> str:
    """``[FILE]...`` with the word inside translated; a choice list ``[a|b]`` stays."""
    if "|" in shown and shown.startswith("["):
        return shown
    core = shown.removesuffix("...")
    optional = core.startswith("[") and core.endswith("]")
    word = core[1:-1] if optional else core
    word = _(word)
    core = f"[{word}]" if optional else word
    return core + ("..." if shown.endswith("...") else "")


class Command(click.Command):
    """A command whose help, usage line and help option speak the current language."""

    help = Translated()
    short_help = Translated()
    epilog = Translated()
    options_metavar = Translated()

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        found = super().get_help_option(ctx)
        if found is not None:  # click builds it once, in the language of its first use
            found.help = _(HELP_OPTION_TEXT)
        return found


class Group(Command, click.Group):
    """A group of commands, itself translated, whose subcommands are built translated too."""

    subcommand_metavar = Translated()
    command_class = Command
    group_class = type  # subgroups are of this class as well


def command(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Command]:
    """``click.command`` making a translated ``Command`` (or ``cls``, a subclass of it); give
    ``help=N_("…")``."""
    return click.command(name, **{"cls": Command, **attrs})


def group(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Group]:
    """``click.group`` making a translated ``Group`` (or ``cls``, a subclass of it); give
    ``help=N_("…")``."""
    return click.group(name, **{"cls": Group, **attrs})


def option(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """``click.option`` making a translated ``Option``; give ``help=N_("…")``."""
    return click.option(*decls, cls=Option, **attrs)


def argument(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """``click.argument`` whose metavar is translated."""
    return click.argument(*decls, cls=Argument, **attrs)


class Day(click.ParamType[date]):
    """A day typed as 03/12/2026 (day first) or 2026-12-03; the value is a ``date``."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return _(DAY_METAVAR)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        found = read_day(str(value))
        if found is None:
            self.fail(
                _("{value!r} is not a day: write it as 03/12/2026 (day/month/year)").format(
                    value=value
                ),
                param,
                ctx,
            )
        return found


DAY_METAVAR = N_("DD/MM/YYYY")
DAY = Day()


def confirm(question: str, *, default: bool = False, err: bool = False) -> bool:
    """Ask ``question``; c/có or y/yes is yes, k/không or n/no is no, Enter is ``default``.

    The question shows the current language's letters (``[c/K]`` in Vietnamese); end of input
    or Ctrl-C answers no, like click's own prompt.
    """
    hint = _("Y/n") if default else _("y/N")
    while True:
        try:
            typed = click.prompt(
                f"{question} [{hint}]", default="", show_default=False, err=err, prompt_suffix=" "
            )
        except click.Abort:
            click.echo(err=err)
            return False
        if not str(typed).strip():
            return default
        said = yes_or_no(str(typed))
        if said is not None:
            return said
        click.echo(_("Please answer y (yes) or n (no)."), err=err)


GLOBAL_OPTIONS = ("--lang", "--log-file")  # the root group's options that take a value


def hoist_options(args: list[str], names: tuple[str, ...] = GLOBAL_OPTIONS) -> list[str]:
    """``args`` with every ``--lang X`` / ``--log-file=F`` (the root group's options) moved to
    the front, where the root group reads them, wherever they were typed; the last of each
    wins. ``--`` ends the search: what follows is not ocop's to read.
    """
    front: dict[str, list[str]] = {}
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        name = arg.split("=", 1)[0]
        if arg == "--":
            rest += args[index:]
            break
        if arg in names and index + 1 < len(args):
            front[arg] = [arg, args[index + 1]]
            index += 2
            continue
        if name in names and "=" in arg:
            front[name] = [arg]
        else:
            rest.append(arg)
        index += 1
    return [part for given in front.values() for part in given] + rest
