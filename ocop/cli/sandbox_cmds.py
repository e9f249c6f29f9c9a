"""``ocop sandbox``: run both marketplace sandboxes in the foreground until Ctrl-C or SIGTERM.

The command prints the sandbox's demo credentials on purpose: they belong to the sandbox,
open nothing real, and the ``export`` lines are how a user points ocop at it.
"""

from __future__ import annotations

import shlex
import signal
import sqlite3
import threading
from pathlib import Path
from types import FrameType

import click

from ocop.errors import ConfigError
from ocop.i18n import _

RATE = click.FloatRange(0.0, 1.0)


def _apply_knobs(
    sandbox: object, knobs: dict[str, float | int | None], no_rate_limit: bool
) -> None:
    from ocop.sandbox import Sandbox

    assert isinstance(sandbox, Sandbox)
    given = {name: value for name, value in knobs.items() if value is not None}
    if no_rate_limit:
        given["rate_limit"] = 0
    for marketplace in ("voso", "postmart"):
        sandbox.set_faults(marketplace, **given)


def _announce(env: dict[str, str], ready_file: Path | None) -> None:
    click.echo(_("Voso sandbox:     API {api}  storefront {store}").format(
        api=env["OCOP_VOSO_API_URL"], store=env["OCOP_VOSO_STOREFRONT_URL"]))  # fmt: skip
    click.echo(_("Postmart sandbox: API {api}  storefront {store}").format(
        api=env["OCOP_POSTMART_API_URL"], store=env["OCOP_POSTMART_STOREFRONT_URL"]))  # fmt: skip
    click.echo(_("Demo credentials (the sandbox's own, not secrets). To use them, run:"))
    exports = "".join(f"export {name}={shlex.quote(value)}\n" for name, value in env.items())
    click.echo(exports, nl=False)
    if ready_file is not None:
        ready_file.parent.mkdir(parents=True, exist_ok=True)
        partial = ready_file.with_name(ready_file.name + ".tmp")
        partial.write_text(exports, encoding="utf-8")
        partial.replace(ready_file)  # atomic: a waiting script never reads half a file
    click.echo("ready", nl=True)  # scripts wait for this line (or for --ready-file)


@click.command()
@click.option(
    "--voso-port",
    type=click.IntRange(0, 65535),
    default=8701,
    show_default=True,
    help="Loopback port of the Voso sandbox (0 = any free port).",
)
@click.option(
    "--postmart-port",
    type=click.IntRange(0, 65535),
    default=8702,
    show_default=True,
    help="Loopback port of the Postmart sandbox (0 = any free port).",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".ocop/sandbox.db"),
    show_default=True,
    help="SQLite file keeping listings, images and requests across restarts.",
)
@click.option(
    "--latency-ms",
    type=click.IntRange(0),
    default=None,
    help="Delay added to every request, in milliseconds.",
)
@click.option(
    "--fail-rate",
    type=RATE,
    default=None,
    help="Share of API requests failing with 5xx before any effect (0–1).",
)
@click.option(
    "--commit-then-504-rate",
    type=RATE,
    default=None,
    help="Share of successful writes committed and then answered with 504 (0–1).",
)
@click.option(
    "--drop-rate",
    type=RATE,
    default=None,
    help="Share of successful writes committed and then dropped without reply (0–1).",
)
@click.option(
    "--no-rate-limit",
    is_flag=True,
    help="Switch off the contract's rate limits (Voso 10/s, Postmart 5/s).",
)
@click.option(
    "--moderation-delay",
    type=click.FloatRange(0),
    default=0.0,
    show_default=True,
    help="Seconds before Postmart decides a listing request (0 = at the next call).",
)
@click.option(
    "--reject-word",
    "reject_words",
    multiple=True,
    help="Postmart rejects listings whose title contains this word (repeatable).",
)
@click.option("--seed", type=int, default=None, help="Seed of the fault RNG (repeatable runs).")
@click.option(
    "--ready-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the export lines to this file once both servers are listening.",
)
def sandbox(
    voso_port: int, postmart_port: int, db_path: Path, latency_ms: int | None,
    fail_rate: float | None, commit_then_504_rate: float | None, drop_rate: float | None,
    no_rate_limit: bool, moderation_delay: float, reject_words: tuple[str, ...],
    seed: int | None, ready_file: Path | None,
) -> None:  # fmt: skip
    """Run local stand-ins for the Voso and Postmart seller APIs and storefronts.

    Both contracts are modelled (neither marketplace publishes a seller API). Stop with
    Ctrl-C; listings persist in --db.
    """
    from ocop.sandbox import Sandbox

    try:
        running = Sandbox.start(db_path, voso_port, postmart_port, seed=seed)
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
        _announce(running.env(), ready_file)
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
