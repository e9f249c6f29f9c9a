"""One marketplace, described: everything a connector package brings to ocop, as one object.

A connector package (``connectors/NAME``, distribution ``ocop-NAME``, import package
``ocop_NAME``) declares one ``Marketplace`` in the ``ocop.marketplaces`` entry-point group::

    [project.entry-points."ocop.marketplaces"]
    voso = "ocop_voso.marketplace:MARKETPLACE"

ocop finds it there (``ocop.registry``) and never names a marketplace itself. The descriptor
is data and cheap to import: the connector class and the sandbox are named as
``"module:attribute"`` strings and imported only when used, so ``ocop validate`` or
``ocop report`` never load httpx or a sandbox.

    name            the key in catalog.yaml, the state, URLs of the CLI (``[a-z][a-z0-9_]*``)
    label           display names, Vietnamese and English, and a short one for narrow tables
    capabilities    what the API can do and its limits, as data the engine plans with
    connector       "module:Class" of the ``ocop.connector.Connector`` (see ``ConnectorClass``)
    api_url, storefront_url    the real marketplace (``ocop.toml`` or the environment override)
    credentials     the fields the connector reads with ``ocop.credentials`` (secrets flagged)
    storefront      how the shared spiders read its public pages (``ocop.storefront``)
    sandbox         "module:Class" of its local stand-in (``ocop.sandbox.MarketSandbox``)
    sandbox_port    the loopback port ``ocop sandbox`` gives it by default
    errors          the typed errors its connector raises for its special refusals
    auth            "module:attribute" of a click command that authorises the seller's shop
                    (``ocop auth NAME``), for marketplaces whose credentials are not enough
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol, Unpack

from ocop.config import MarketplaceConfig, marketplace_config
from ocop.connector import Capabilities, Connector
from ocop.errors import ConfigError, ConnectorError
from ocop.i18n import _
from ocop.storefront import Storefront

if TYPE_CHECKING:
    import click

    from ocop.connector_kit import HttpOptions
    from ocop.sandbox.kit import MarketSandbox, SandboxSetup

NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Label:
    """A marketplace's display name in each language ocop speaks."""

    en: str
    vi: str
    short: str  # for narrow table headers ("Shop" for "Shop.vn")

    def text(self, language: str) -> str:
        """The name in ``language`` ("vi" or "en"; anything else reads as Vietnamese)."""
        return self.en if language == "en" else self.vi


@dataclass(frozen=True)
class Credential:
    """One credential field; ``secret`` ones are never printed, logged or stored."""

    field: str
    secret: bool = False

    def variable(self, marketplace: str) -> str:
        """The environment variable that holds it (``OCOP_<NAME>_<FIELD>``)."""
        return f"OCOP_{marketplace.upper()}_{self.field.upper()}"


class ConnectorClass(Protocol):
    """What ocop needs from a connector class besides the ``Connector`` protocol itself."""

    name: str
    capabilities: Capabilities

    def from_config(self, config: MarketplaceConfig, **options: Unpack[HttpOptions]) -> Connector:
        """A connector for ``config``'s URLs, with credentials from the environment or file.

        ``options`` (``ocop.connector_kit.HttpOptions``: ``transport``, ``policy``,
        ``limiter``) replace the HTTP transport, the retry policy and the client-side rate
        limiter (tests, benchmarks)."""
        ...


class SandboxFactory(Protocol):
    """Starts one marketplace's sandbox on the setup ocop gives it (see ``ocop.sandbox``)."""

    def __call__(self, setup: SandboxSetup) -> MarketSandbox: ...


def load_object(target: str, owner: str) -> Any:
    """The object ``"module:attribute"`` names; ``ConfigError`` naming ``owner`` if it cannot."""
    module_name, _sep, attribute = target.partition(":")
    try:
        found: Any = import_module(module_name)
        for part in attribute.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(
            _("marketplace {name!r} is installed but {target} cannot be loaded: {error}").format(
                name=owner, target=target, error=exc
            )
        ) from None
    return found


@dataclass(frozen=True)
class Marketplace:
    """The descriptor a connector package declares (see the module docstring)."""

    name: str
    label: Label
    capabilities: Capabilities
    connector: str
    api_url: str
    storefront_url: str
    credentials: tuple[Credential, ...]
    storefront: Storefront
    sandbox: str | None = None
    sandbox_port: int = 0
    errors: tuple[type[ConnectorError], ...] = ()
    auth: str | None = None

    def __post_init__(self) -> None:
        if not NAME.fullmatch(self.name):
            raise ValueError(f"marketplace name {self.name!r} must match {NAME.pattern}")
        for error in self.errors:
            if not (isinstance(error, type) and issubclass(error, ConnectorError)):
                raise TypeError(f"{self.name}: {error!r} is not an ocop.errors.ConnectorError")

    def connector_class(self) -> ConnectorClass:
        """The connector class, imported now; it must call itself ``name``."""
        cls = load_object(self.connector, self.name)
        if getattr(cls, "name", None) != self.name:
            raise ConfigError(
                _("marketplace {name!r} names a connector that calls itself {actual!r}").format(
                    name=self.name, actual=getattr(cls, "name", None)
                )
            )
        return cls  # type: ignore[no-any-return]

    def config(self, environ: Mapping[str, str] | None = None) -> MarketplaceConfig:
        """Its URLs: the environment, then ``ocop.toml``, then the real site."""
        return marketplace_config(self.name, self.api_url, self.storefront_url, environ)

    def open(self, config: MarketplaceConfig | None = None, **options: Any) -> Connector:
        """A ready connector (``options``: ``transport``, ``policy``, ``limiter``)."""
        return self.connector_class().from_config(config or self.config(), **options)

    def sandbox_factory(self) -> SandboxFactory | None:
        """Its sandbox class, imported now (None when the package ships no sandbox)."""
        if self.sandbox is None:
            return None
        return load_object(self.sandbox, self.name)  # type: ignore[no-any-return]

    def auth_command(self) -> click.Command | None:
        """Its ``ocop auth NAME`` command, imported now (None when it needs none)."""
        import click

        if self.auth is None:
            return None
        command = load_object(self.auth, self.name)
        if not isinstance(command, click.Command):
            raise ConfigError(
                _("marketplace {name!r}: {target} is not a click command").format(
                    name=self.name, target=self.auth
                )
            )
        return command

    @property
    def secret_fields(self) -> tuple[str, ...]:
        """The credential fields that are secret."""
        return tuple(c.field for c in self.credentials if c.secret)
