"""Marketplace secrets: from the environment or a private credentials file, never elsewhere.

For marketplace ``NAME`` and field ``FIELD`` the environment variable ``OCOP_<NAME>_<FIELD>``
wins over ``[<name>] <field>`` in ``~/.config/ocop/credentials.toml`` (or the path in
``OCOP_CREDENTIALS_FILE``). The file is refused when group or others may read it.

Secret values are wrapped in ``Secret``, whose ``repr``/``str`` never show them: a secret can
only leave through ``reveal()``, which connectors call at the moment they sign or authenticate.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ocop.errors import ConfigError
from ocop.i18n import _

CREDENTIALS_FILE = Path("~/.config/ocop/credentials.toml")


class Secret:
    """A value that must never be printed, logged or written."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself; use it only to sign or authenticate."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> Any:  # pickling would write the value somewhere
        raise TypeError("a Secret cannot be pickled")


def credentials_path(environ: Mapping[str, str] | None = None) -> Path:
    """``OCOP_CREDENTIALS_FILE`` if set, else ``~/.config/ocop/credentials.toml``."""
    env = os.environ if environ is None else environ
    return Path(env.get("OCOP_CREDENTIALS_FILE") or CREDENTIALS_FILE).expanduser()


def read_credentials_file(path: Path) -> dict[str, Any]:
    """The credentials file's tables; refused when group or others can read it."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(_("{path}: {error}").format(path=path, error=exc.strerror)) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            _("{path} can be read by other users; it holds secrets. Run: chmod 600 {path}").format(
                path=path
            )
        )
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        # the parser's message may quote a line of the file: name the position only
        where = getattr(exc, "lineno", None)
        raise ConfigError(
            _("{path}: cannot read the credentials file (line {line})").format(
                path=path, line=where or "?"
            )
        ) from None


class Credentials:
    """The credential fields of one marketplace, looked up as the module docstring says."""

    def __init__(
        self, marketplace: str, environ: Mapping[str, str] | None = None, path: Path | None = None
    ) -> None:
        self.marketplace = marketplace
        self._env = os.environ if environ is None else environ
        self._path = path or credentials_path(self._env)
        self._file: dict[str, Any] | None = None

    def _variable(self, field: str) -> str:
        return f"OCOP_{self.marketplace.upper()}_{field.upper()}"

    def _lookup(self, field: str) -> str | None:
        value = self._env.get(self._variable(field))
        if value:
            return value
        if self._file is None:
            self._file = read_credentials_file(self._path)
        section = self._file.get(self.marketplace, {})
        found = section.get(field) if isinstance(section, Mapping) else None
        return None if found is None or found == "" else str(found)

    def get(self, field: str) -> str | None:
        """A non-secret field, or None when it is not set anywhere."""
        return self._lookup(field)

    def require(self, field: str) -> str:
        """A non-secret field (an id); ``ConfigError`` naming where to put it when missing."""
        value = self._lookup(field)
        if value is None:
            raise ConfigError(
                _(
                    "{marketplace}: {field} is not set; set {variable} or add it to [{marketplace}]"
                    " in {path}"
                ).format(
                    marketplace=self.marketplace,
                    field=field,
                    variable=self._variable(field),
                    path=self._path,
                )
            )
        return value

    def integer(self, field: str) -> int:
        """A field that must be a whole number (an account or shop number)."""
        value = self.require(field)
        try:
            return int(value)
        except ValueError:
            raise ConfigError(
                _("{marketplace}: {field} must be a number").format(
                    marketplace=self.marketplace, field=field
                )
            ) from None

    def secret(self, field: str) -> Secret:
        """A secret field, wrapped so it cannot be shown by accident."""
        return Secret(self.require(field))
