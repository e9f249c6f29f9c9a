"""Options and argument handling several commands share, written once.

Every command that reads the catalogue takes ``--catalog``; every command that reads the state
takes ``--state`` and resolves it the same way (the flag, else ``$OCOP_STATE``, else
``.ocop/state.db`` next to the catalogue); ``--as-of`` means the same day everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from ocop.state import default_state_path

F = TypeVar("F", bound=Callable[..., Any])

FILE = click.Path(dir_okay=False, path_type=Path)
STATE_HELP = "State database (default: $OCOP_STATE, else .ocop/state.db next to the catalogue)."


def catalog_option(
    dest: str = "catalog_path", help: str = "The catalogue file."
) -> Callable[[F], F]:
    """``--catalog FILE``, default ``catalog.yaml``."""
    return click.option(
        "--catalog", dest, type=FILE, default="catalog.yaml", show_default=True, help=help
    )


def state_option(func: F) -> F:
    """``--state FILE``; resolve it with ``state_path``."""
    return click.option("--state", "state_path", type=FILE, default=None, help=STATE_HELP)(func)


def as_of_option(
    help: str = "Judge certificate validity on this day (YYYY-MM-DD) instead of today.",
) -> Callable[[F], F]:
    """``--as-of YYYY-MM-DD``; read it with ``day``."""
    return click.option(
        "--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help=help
    )


def state_path(catalog_path: Path, given: Path | None) -> Path:
    """--state, else $OCOP_STATE, else the default next to the catalogue."""
    if given is not None:
        return given
    from_env = os.environ.get("OCOP_STATE")
    return Path(from_env) if from_env else default_state_path(catalog_path)


def day(value: datetime | None) -> date | None:
    """The date an ``--as-of`` value names (None when it was not given)."""
    return value.date() if value is not None else None
