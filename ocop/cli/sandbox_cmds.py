"""``ocop sandbox``: run every installed marketplace's sandbox until Ctrl-C or SIGTERM.

The command prints the sandboxes' demo credentials on purpose: they belong to the sandboxes,
open nothing real, and the ``export`` lines are how a user points ocop at them.
"""

from __future__ import annotations

import shlex
import signal
import sqlite3
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from ocop.cli.localise import command, option
from ocop.errors import ConfigError
from ocop.i18n import N_, _, current_language
from ocop.registry import broken_marketplaces

if TYPE_CHECKING:
    from ocop.connector import Category
    from ocop.sandbox import Sandbox

RATE = click.FloatRange(0.0, 1.0)


def _ports(values: tuple[str, ...]) -> dict[str, int]:
    """``--port NAME=PORT`` values (a bare ``0``: every marketplace on a free port)."""
    from ocop.registry import marketplaces

    ports = {name: m.sandbox_port for name, m in marketplaces().items()}
    for value in values:
        name, sep, number = value.rpartition("=")
        unknown = sep and name not in ports
        if unknown or not number.isdigit() or int(number) > 65535 or (not sep and number != "0"):
            raise click.BadParameter(
                _("expected MARKETPLACE=PORT or 0, got {value!r}").format(value=value),
                param_hint="--port",
            )
        if sep:
            ports[name] = int(number)
        else:
            ports = dict.fromkeys(ports, 0)
    return ports


def _category_lists(values: tuple[str, ...]) -> dict[str, list[Category]]:
    """``--categories NAME=FILE`` values, each file read (``ConfigError`` when unusable)."""
    from ocop.categories import read_categories
    from ocop.registry import marketplaces

    lists = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or name not in marketplaces() or not path:
            raise click.BadParameter(
                _("expected MARKETPLACE=FILE, got {value!r}").format(value=value),
                param_hint="--categories",
            )
        lists[name] = read_categories(path)
    return lists


def _apply_knobs(
    sandbox: Sandbox, knobs: dict[str, float | int | None], no_rate_limit: bool
) -> None:
    given = {name: value for name, value in knobs.items() if value is not None}
    if no_rate_limit:
        given["rate_limit"] = 0
    for marketplace in sandbox.names:
        sandbox.set_faults(marketplace, **given)


def _announce(sandbox: Sandbox, ready_file: Path | None) -> None:
    from ocop.registry import display_name

    names = {name: display_name(name, current_language()) for name in sandbox.names}
    width = max((len(label) for label in names.values()), default=0)
    for name, label in names.items():
        market = sandbox[name]
        click.echo(
            _("{marketplace} sandbox: API {api}  storefront {store}").format(
                marketplace=label.ljust(width), api=market.api_url, store=market.storefront_url
            )
        )
    env = sandbox.env()
    click.echo(_("Demo credentials (the sandboxes' own, not secrets). To use them, run:"))
    exports = "".join(f"export {name}={shlex.quote(value)}\n" for name, value in env.items())
    click.echo(exports, nl=False)
    if ready_file is not None:
        ready_file.parent.mkdir(parents=True, exist_ok=True)
        partial = ready_file.with_name(ready_file.name + ".tmp")
        partial.write_text(exports, encoding="utf-8")
        partial.replace(ready_file)  # atomic: a waiting script never reads half a file
    click.echo("ready", nl=True)  # scripts wait for this line (or for --ready-file)


@command(
    help=N_(
        "Run local stand-ins for every installed marketplace's seller API and "
        "storefront.\n\n"
        "Each marketplace package ships its sandbox; where a marketplace publishes no "
        "seller API, its contract is modelled. Stop with Ctrl-C; listings persist in "
        "--db."
    )
)
@option(
    "--port",
    "ports",
    multiple=True,
    metavar=N_("MARKETPLACE=PORT"),
    help=N_(
        "Loopback port of one marketplace's sandbox (repeatable; default: the port its "
        "package gives; 0 = any free port). A bare 0 puts every marketplace on a free port."
    ),
)
@option(
    "--marketplace",
    "-m",
    "marketplaces",
    multiple=True,
    metavar=N_("NAME"),
    help=N_("Only this marketplace's sandbox (repeatable; default: every installed one)."),
)
@option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".ocop/sandbox.db"),
    show_default=True,
    help=N_("SQLite file keeping listings, images and requests across restarts."),
)
@option(
    "--latency-ms",
    type=click.IntRange(0),
    default=None,
    help=N_("Delay added to every request, in milliseconds."),
)
@option(
    "--fail-rate",
    type=RATE,
    default=None,
    help=N_("Share of API requests failing with 5xx before any effect (0–1)."),
)
@option(
    "--commit-then-504-rate",
    type=RATE,
    default=None,
    help=N_("Share of successful writes committed and then answered with 504 (0–1)."),
)
@option(
    "--drop-rate",
    type=RATE,
    default=None,
    help=N_("Share of successful writes committed and then dropped without reply (0–1)."),
)
@option(
    "--no-rate-limit",
    is_flag=True,
    help=N_("Switch off the marketplaces' rate limits (each contract's own requests per second)."),
)
@option(
    "--moderation-delay",
    type=click.FloatRange(0),
    default=0.0,
    show_default=True,
    help=N_(
        "Seconds before a moderated marketplace decides a listing request (0 = at the next call)."
    ),
)
@option(
    "--reject-word",
    "reject_words",
    multiple=True,
    help=N_("Moderated marketplaces reject listings whose title contains this word (repeatable)."),
)
@option(
    "--categories",
    "category_files",
    multiple=True,
    metavar=N_("MARKETPLACE=FILE"),
    help=N_(
        "Serve this category list (YAML or JSON, see docs/sandbox.md) instead of the "
        "sandbox's own: a marketplace the catalogue was not written for (repeatable)."
    ),
)
@option("--seed", type=int, default=None, help=N_("Seed of the fault RNG (repeatable runs)."))
@option(
    "--ready-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("Write the export lines to this file once every server is listening."),
)
def sandbox(
    ports: tuple[str, ...], marketplaces: tuple[str, ...], db_path: Path, latency_ms: int | None,
    fail_rate: float | None, commit_then_504_rate: float | None, drop_rate: float | None,
    no_rate_limit: bool, moderation_delay: float, reject_words: tuple[str, ...],
    category_files: tuple[str, ...], seed: int | None, ready_file: Path | None,
) -> None:  # fmt: skip
    """``sandbox`` (its help is the translated text above)."""
    from ocop.sandbox import Sandbox

    chosen = _ports(ports)
    lists = _category_lists(category_files)
    for problem in broken_marketplaces().values():
        click.secho(_("warning: {problem}").format(problem=problem), fg="yellow", err=True)
    try:
        running = Sandbox.start(
            db_path, chosen, seed=seed, marketplaces=marketplaces or None, categories=lists
        )
    except ValueError as exc:  # a list the marketplace's contract cannot hold
        raise ConfigError(_("cannot start the sandbox: {reason}").format(reason=exc)) from exc
    except (OSError, sqlite3.Error) as exc:
        raise ConfigError(_("cannot start the sandbox: {reason}").format(reason=exc)) from exc
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, _on_signal)
    try:
        knobs = {"latency_ms": latency_ms, "fail_before_rate": fail_rate,
                 "commit_then_504_rate": commit_then_504_rate, "drop_after_commit_rate": drop_rate}  # fmt: skip
        _apply_knobs(running, knobs, no_rate_limit)
        running.set_moderation(delay_s=moderation_delay, reject_title_words=list(reject_words))
        _announce(running, ready_file)
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        running.stop()
        if ready_file is not None:
            ready_file.unlink(missing_ok=True)
        click.echo(_("sandbox stopped"))
