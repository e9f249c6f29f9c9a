"""The seller in a browser, played over HTTP: consent on the sandbox's page, then the code
exchange through the connector's own client, so tests and the demo authorise a shop by the
same path a cooperative does (``ocop auth shopee``)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx

from ocop.config import MarketplaceConfig
from ocop.credentials import Secret
from ocop_shopee.auth import authorisation_url, exchange_code, read_grant
from ocop_shopee.client import ShopeeClient
from ocop_shopee.sandbox.world import DEMO_PARTNER
from ocop_shopee.settings import ShopeeSettings
from ocop_shopee.tokens import ShopTokens, TokenStore

REDIRECT = "https://coop.example/shopee/return"
FORM = re.compile(r'<form method="get" action="([^"]+)">(.*?)</form>', re.S)
FIELD = re.compile(r'name="([^"]+)" value="([^"]*)"')


def authorise(api_url: str, tokens_file: Path, shop_id: int) -> ShopTokens:
    """Authorise ``shop_id`` for the demo partner at the sandbox serving ``api_url`` (its
    storefront too, as ``ocop sandbox`` serves both); the tokens land in ``tokens_file``.

    Works from another process: everything goes over HTTP, as a seller's browser would."""
    config = MarketplaceConfig("shopee", api_url, api_url)
    settings = ShopeeSettings(
        config,
        DEMO_PARTNER.partner_id,
        Secret(DEMO_PARTNER.partner_key),
        TokenStore(tokens_file),
        shop_id,
    )
    with httpx.Client(base_url=api_url, follow_redirects=False) as browser:
        page = browser.get(authorisation_url(settings, REDIRECT, int(time.time())))
        page.raise_for_status()
        for action, inner in FORM.findall(page.text):
            fields = dict(FIELD.findall(inner))
            if fields.get("shop_id") == str(shop_id):
                back = browser.get(action, params=fields)
                break
        else:
            raise ValueError(f"shop {shop_id} cannot authorise this partner")
    grant = read_grant(back.headers["location"])
    client = ShopeeClient(api_url, settings.partner_id, settings.partner_key)
    try:
        return exchange_code(client, settings, grant, time.time())
    finally:
        client.close()
