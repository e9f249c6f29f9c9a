"""``ocop auth NAME``: authorise the seller's shop on a marketplace that needs more than keys.

Some marketplaces let a program act for a shop only after the seller has agreed in a browser
(OAuth-style: a consent page, a code, tokens to keep). The marketplace's package brings that
flow as a click command (``Marketplace.auth``); this group lists and runs what the installed
packages bring, and names none of them itself.
"""

from __future__ import annotations

import click

from ocop.cli.localise import Command, Group, group
from ocop.i18n import N_, _, current_language
from ocop.marketplace import Marketplace


def _installed() -> dict[str, Marketplace]:
    from ocop.registry import marketplaces

    return marketplaces()


def _keys_only(found: Marketplace) -> click.Command:
    """What ``ocop auth NAME`` does for a marketplace whose credentials are enough."""

    def explain() -> None:
        variables = ", ".join(c.variable(found.name) for c in found.credentials)
        click.echo(
            _(
                "{marketplace} needs no authorisation step: ocop acts for the shop with the "
                "credentials {variables} (environment, or the [{name}] table of the "
                "credentials file)."
            ).format(
                marketplace=found.label.text(current_language()),
                variables=variables,
                name=found.name,
            )
        )

    return Command(
        found.name,
        callback=explain,
        help=N_("No authorisation step here: this marketplace's credentials are enough."),
    )


class MarketplaceAuth(Group):
    """The installed marketplaces' authorisation commands, found through their descriptors."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, found in _installed().items() if found.auth)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = _installed().get(cmd_name)
        if found is None:
            return None
        return found.auth_command() or _keys_only(found)


@group(
    cls=MarketplaceAuth,
    help=N_(
        "Authorise your shop on a marketplace whose API needs the seller's consent.\n\n"
        "Each installed marketplace package may bring its own flow (`ocop auth NAME`): it "
        "prints the address where the seller logs in and agrees, waits for the "
        "marketplace to send the browser back, and keeps the tokens with the credentials, "
        "never in the state or logs. Marketplaces whose credentials are enough have "
        "nothing to do here."
    ),
)
def auth() -> None:
    """``auth`` (its help is the translated text above)."""
