"""Where each marketplace lives: API and storefront URLs from the environment or ``ocop.toml``.

Lookup order for ``api_url`` / ``storefront_url`` of marketplace ``NAME`` (the first wins):
    1. ``OCOP_<NAME>_API_URL`` / ``OCOP_<NAME>_STOREFRONT_URL``
    2. ``[marketplaces.<name>]`` in ``ocop.toml`` (working directory, or the path in
       ``OCOP_CONFIG``)
    3. the connector's defaults (the real marketplace)

``ocop.toml`` holds URLs only: a secret written there is refused (see ``ocop.credentials``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocop.errors import ConfigError
from ocop.i18n import _

CONFIG_FILE = "ocop.toml"
URL_KEYS = ("api_url", "storefront_url")


@dataclass(frozen=True)
class MarketplaceConfig:
    """The URLs one connector talks to."""

    name: str
    api_url: str
    storefront_url: str


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """``OCOP_CONFIG`` if set, else ``ocop.toml`` in the working directory."""
    env = os.environ if environ is None else environ
    return Path(env.get("OCOP_CONFIG") or CONFIG_FILE)


def read_config_file(path: Path) -> dict[str, Any]:
    """The parsed ``ocop.toml``; an empty dict when the file does not exist."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            _("{path}: cannot read the configuration: {error}").format(path=path, error=exc)
        ) from None


def _section(data: Mapping[str, Any], name: str, path: Path) -> Mapping[str, Any]:
    section = data.get("marketplaces", {}).get(name, {})
    if not isinstance(section, Mapping):
        raise ConfigError(
            _("{path}: [marketplaces.{name}] must be a table").format(path=path, name=name)
        )
    unknown = sorted(set(section) - set(URL_KEYS))
    if unknown:
        raise ConfigError(
            _(
                "{path}: [marketplaces.{name}] accepts only api_url and storefront_url, not "
                "{keys}; credentials go in the environment or the credentials file"
            ).format(path=path, name=name, keys=", ".join(unknown))
        )
    return section


def _checked_url(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ConfigError(
            _("{where}: {value!r} is not an http(s) URL").format(where=where, value=value)
        )
    return value.rstrip("/")


def marketplace_config(
    name: str,
    default_api_url: str,
    default_storefront_url: str,
    environ: Mapping[str, str] | None = None,
) -> MarketplaceConfig:
    """The URLs for marketplace ``name`` after applying the lookup order above."""
    env = os.environ if environ is None else environ
    path = config_path(env)
    section = _section(read_config_file(path), name, path)
    urls = {}
    defaults = {"api_url": default_api_url, "storefront_url": default_storefront_url}
    for key in URL_KEYS:
        variable = f"OCOP_{name.upper()}_{key.upper()}"
        if env.get(variable):
            urls[key] = _checked_url(env[variable], variable)
        elif key in section:
            urls[key] = _checked_url(section[key], f"{path} [marketplaces.{name}] {key}")
        else:
            urls[key] = defaults[key]
    return MarketplaceConfig(name, urls["api_url"], urls["storefront_url"])
