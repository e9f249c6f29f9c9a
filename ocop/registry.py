"""Finding connectors: installed packages declare them in the ``ocop.connectors`` entry points.

``pyproject.toml`` of a connector package::

    [project.entry-points."ocop.connectors"]
    voso = "connectors.voso:VosoConnector"

The class must have ``name`` equal to the entry point's name, ``default_api_url``,
``default_storefront_url`` and a ``from_config(config)`` class method that reads its
credentials (``ocop.credentials``) and returns a ready ``Connector``.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points
from typing import Protocol, cast

from ocop.config import MarketplaceConfig, marketplace_config
from ocop.connector import Capabilities, Connector
from ocop.errors import ConfigError, UnknownConnectorError
from ocop.i18n import _

GROUP = "ocop.connectors"


class ConnectorClass(Protocol):
    """What the registry needs from a connector class (besides the ``Connector`` protocol)."""

    name: str
    capabilities: Capabilities
    default_api_url: str
    default_storefront_url: str

    def from_config(self, config: MarketplaceConfig) -> Connector:
        """A connector for ``config``'s URLs, with credentials from the environment or file."""
        ...


def _entry_points() -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def connector_names() -> list[str]:
    """Names of every installed connector, sorted."""
    return sorted(_entry_points())


def load_connector(name: str) -> ConnectorClass:
    """The connector class registered as ``name``; checks it calls itself ``name``."""
    points = _entry_points()
    if name not in points:
        raise UnknownConnectorError(name, sorted(points))
    try:
        cls = points[name].load()
    except (ImportError, AttributeError) as exc:
        raise ConfigError(
            _("connector {name!r} is installed but cannot be loaded: {error}").format(
                name=name, error=exc
            )
        ) from None
    if getattr(cls, "name", None) != name:
        raise ConfigError(
            _("entry point {name!r} names a connector that calls itself {actual!r}").format(
                name=name, actual=getattr(cls, "name", None)
            )
        )
    return cast(ConnectorClass, cls)


def open_connector(name: str, config: MarketplaceConfig | None = None) -> Connector:
    """A ready connector for marketplace ``name`` (URLs from ``ocop.config`` when not given)."""
    cls = load_connector(name)
    if config is None:
        config = marketplace_config(name, cls.default_api_url, cls.default_storefront_url)
    return cls.from_config(config)


def capabilities_of(name: str) -> Capabilities | None:
    """The installed connector's capabilities, or None when no connector has that name."""
    try:
        return load_connector(name).capabilities
    except UnknownConnectorError:
        return None
