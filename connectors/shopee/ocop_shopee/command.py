"""``ocop auth shopee``: authorise a Shopee shop for this app, keep its tokens.

The command prints the authorisation URL (and opens it when a browser is at hand), then waits
for whichever comes first: the browser coming back to a loopback callback on 127.0.0.1, or the
URL (or code) the seller pastes. It trades the code for the tokens and writes them to the token
file; tokens are never printed. The descriptor names this command (``Marketplace.auth``), and
ocop's CLI runs it as ``ocop auth shopee``.
"""

from __future__ import annotations

import select
import sys
import time
import webbrowser
from collections.abc import Callable
from contextlib import ExitStack
from typing import TextIO

import click

from ocop.cli.localise import command, option
from ocop.errors import ConfigError
from ocop.i18n import N_, _
from ocop_shopee.auth import (
    Grant,
    LoopbackCallback,
    authorisation_url,
    exchange_code,
    read_grant,
    wait_for_grant,
)
from ocop_shopee.client import ShopeeClient
from ocop_shopee.settings import load_settings
from ocop_shopee.tokens import ShopTokens


def _reader(stream: TextIO) -> Callable[[float], str | None]:
    """``pasted(wait)``: a line from ``stream`` if one arrives within ``wait`` seconds."""

    def pasted(wait: float) -> str | None:
        try:
            ready, _w, _x = select.select([stream], [], [], wait)
        except (OSError, ValueError):  # not a selectable stream (tests, Windows): block
            ready = [stream]
        return stream.readline() if ready else None

    return pasted


def authorise(
    *,
    redirect: str | None,
    port: int,
    open_browser: bool,
    pasted: str | None,
    timeout: float,
    stream: TextIO | None = None,
) -> ShopTokens:
    """The whole flow (see the module docstring); returns the new token pair."""
    settings = load_settings()
    client = ShopeeClient(settings.config.api_url, settings.partner_id, settings.partner_key)
    with ExitStack() as stack:
        stack.callback(client.close)
        grant: Grant | None
        if pasted:
            grant = read_grant(pasted)
        else:
            callback = None if redirect else stack.enter_context(LoopbackCallback(port))
            target = redirect or (callback.redirect if callback else "")
            url = authorisation_url(settings, target, int(time.time()))
            click.echo(_("Open this address, log in as the shop and authorise the app:"))
            click.echo(url)
            if open_browser:
                webbrowser.open(url)
            click.echo(
                _("Waiting for Shopee to send the browser back (or paste the URL it lands on):")
            )
            grant = wait_for_grant(callback, _reader(stream or sys.stdin), timeout)
            if grant is None:
                raise ConfigError(_("no answer from Shopee in time; run `ocop auth shopee` again"))
        return exchange_code(client, settings, grant, time.time())


@command(
    "shopee", help=N_("Authorise a Shopee shop for this app and keep its tokens (never printed).")
)
@option(
    "--redirect",
    metavar=N_("URL"),
    help=N_(
        "Where Shopee sends the browser back (a URL of the app's registered domain). Default: a loopback address on this computer."
    ),
)
@option(
    "--port",
    type=int,
    default=0,
    show_default=True,
    help=N_("Port of the loopback callback (0: any free port)."),
)
@option("--no-browser", is_flag=True, help=N_("Only print the address; do not open a browser."))
@option(
    "--code",
    "pasted",
    metavar=N_("URL_OR_CODE"),
    help=N_("The URL Shopee sent the browser to (or its code), to finish without waiting."),
)
@option(
    "--timeout",
    type=float,
    default=600,
    show_default=True,
    help=N_("Seconds to wait for the browser."),
)
def auth_command(
    redirect: str | None, port: int, no_browser: bool, pasted: str | None, timeout: float
) -> None:
    """``auth`` (its help is the translated text above)."""
    tokens = authorise(
        redirect=redirect, port=port, open_browser=not no_browser, pasted=pasted, timeout=timeout
    )
    click.echo(
        _(
            "Shop {shop} is authorised. Its tokens are kept in the token file; the access token "
            "is renewed automatically, and the authorisation lasts 30 days from the last renewal."
        ).format(shop=tokens.shop_id)
    )
