"""Options and argument handling several commands share, written once.

Every command that reads the catalogue takes ``--catalog``; every command that reads the state
takes ``--state`` and resolves it the same way (the flag, else ``$OCOP_STATE``, else
``.ocop/state.db`` next to the catalogue): a file path (SQLite) or a ``postgresql://`` URL,
opened through the catalogue's scope (``Scope.of(catalog)``); ``--as-of`` means the same day
everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from ocop.cli.localise import DAY, option
from ocop.errors import OcopError, StateError
from ocop.i18n import N_, _
from ocop.state import Scope, default_state_path, is_url, redact

F = TypeVar("F", bound=Callable[..., Any])

FILE = click.Path(dir_okay=False, path_type=Path)
STATE_HELP = N_(
    "The state: a SQLite file or a postgresql:// URL (default: $OCOP_STATE, else "
    ".ocop/state.db next to the catalogue)."
)


def catalog_option(
    dest: str = "catalog_path", help: str = N_("The catalogue file.")
) -> Callable[[F], F]:
    """``--catalog FILE``, default ``catalog.yaml``."""
    return option(
        "--catalog", dest, type=FILE, default="catalog.yaml", show_default=True, help=help
    )


def state_option(func: F) -> F:
    """``--state PATH|URL``; resolve it with ``state_path``."""
    return option("--state", "state_path", metavar=N_("PATH|URL"), default=None, help=STATE_HELP)(
        func
    )


def as_of_option(
    help: str = N_("Judge certificate validity on this day instead of today."),
) -> Callable[[F], F]:
    """``--as-of DAY`` (03/12/2026 or 2026-12-03); the value is a ``date``."""
    return option("--as-of", type=DAY, default=None, help=help)


def state_path(catalog_path: Path, given: str | Path | None) -> Path | str:
    """--state, else $OCOP_STATE, else the default next to the catalogue (a URL stays text)."""
    chosen = given or os.environ.get("OCOP_STATE")
    if not chosen:
        return default_state_path(catalog_path)
    return str(chosen) if is_url(chosen) else Path(chosen)


def state_exists(location: Path | str) -> bool:
    """Whether there is a state there yet (a database server is asked when it is opened)."""
    return is_url(location) or Path(location).exists()


def catalogue_scope(catalog_path: Path) -> Scope | None:
    """The catalogue's scope for a command that only reads the state (``status``, ``state``);
    None, the state's only scope, when the catalogue cannot be read."""
    from ocop.loading import read_catalog

    try:
        loaded = read_catalog(catalog_path).catalog
    except OcopError:
        return None
    return Scope.of(loaded) if loaded is not None else None


def missing_state(location: Path | str) -> StateError:
    """The error for a state that must exist and does not (never an empty report)."""
    return StateError(
        _("cannot use the state database {path}: {error}").format(
            path=redact(location), error=_("nothing has been pushed to it yet")
        )
    )


def day(value: date | None) -> date | None:
    """The date an ``--as-of`` value names (None when it was not given)."""
    if isinstance(value, datetime):
        return value.date()
    return value
