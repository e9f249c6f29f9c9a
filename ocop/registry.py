"""Finding marketplaces: installed packages declare them in the ``ocop.marketplaces`` entry points.

``pyproject.toml`` of a connector package::

    [project.entry-points."ocop.marketplaces"]
    voso = "ocop_voso.marketplace:MARKETPLACE"

The entry point names an ``ocop.marketplace.Marketplace`` whose ``name`` is the entry point's
name. The scan runs once per process (entry points are slow to read); a package that cannot be
loaded is left out of ``marketplaces()`` and reported when it is asked for by name, so one
broken package never stops the others from working.
"""

from __future__ import annotations

import functools
from importlib.metadata import entry_points
from typing import Any

from ocop.config import MarketplaceConfig
from ocop.connector import Capabilities, Connector
from ocop.errors import ConfigError, UnknownConnectorError
from ocop.i18n import _
from ocop.marketplace import Marketplace

GROUP = "ocop.marketplaces"


@functools.cache
def _scan() -> tuple[dict[str, Marketplace], dict[str, ConfigError]]:
    found: dict[str, Marketplace] = {}
    broken: dict[str, ConfigError] = {}
    for point in entry_points(group=GROUP):
        if point.name in found or point.name in broken:
            found.pop(point.name, None)
            broken[point.name] = ConfigError(
                _("two installed packages declare marketplace {name!r}; uninstall one").format(
                    name=point.name
                )
            )
            continue
        try:
            value = point.load()
        except Exception as exc:  # any import-time failure of a third-party package
            broken[point.name] = ConfigError(
                _("marketplace {name!r} is installed but cannot be loaded: {error}").format(
                    name=point.name, error=f"{type(exc).__name__}: {exc}"
                )
            )
            continue
        if not isinstance(value, Marketplace) or value.name != point.name:
            broken[point.name] = ConfigError(
                _("entry point {name!r} does not name a Marketplace called {name!r}").format(
                    name=point.name
                )
            )
            continue
        found[point.name] = value
    return dict(sorted(found.items())), broken


def forget() -> None:
    """Scan the entry points again on next use (after installing a package in-process)."""
    _scan.cache_clear()


def marketplaces() -> dict[str, Marketplace]:
    """Every installed marketplace that loads, by name (sorted)."""
    return dict(_scan()[0])


def broken_marketplaces() -> dict[str, ConfigError]:
    """Installed marketplaces whose package cannot be loaded, with the reason."""
    return dict(_scan()[1])


def marketplace_names() -> list[str]:
    """Names of every installed marketplace that loads, sorted."""
    return list(_scan()[0])


def marketplace(name: str) -> Marketplace:
    """The marketplace called ``name``; ``UnknownConnectorError`` when none is installed."""
    found, broken = _scan()
    if name in found:
        return found[name]
    if name in broken:
        raise broken[name]
    raise UnknownConnectorError(name, list(found))


def open_connector(name: str, config: MarketplaceConfig | None = None, **options: Any) -> Connector:
    """A ready connector for marketplace ``name`` (URLs from ``ocop.config`` when not given)."""
    return marketplace(name).open(config, **options)


def capabilities_of(name: str) -> Capabilities | None:
    """The installed marketplace's capabilities, or None when none has that name."""
    found = _scan()[0].get(name)
    return found.capabilities if found else None


def display_name(name: str, language: str, *, short: bool = False) -> str:
    """A marketplace's name for people (its key when no package of that name is installed)."""
    found = _scan()[0].get(name)
    if found is None:
        return name
    return found.label.short if short else found.label.text(language)
