"""Authorising a shop: the signed URL, the consent, the loopback callback, the code exchange,
and ``ocop auth shopee`` as a click command."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from ocop_shopee import ShopeeSandbox, auth_command
from ocop_shopee.auth import (
    LoopbackCallback,
    authorisation_url,
    exchange_code,
    read_grant,
    wait_for_grant,
)
from ocop_shopee.client import ShopeeClient
from ocop_shopee.command import authorise
from ocop_shopee.sandbox.seller import FIELD, FORM
from ocop_shopee.tokens import TokenStore, store_key

from ocop.errors import AuthenticationError, ConfigError
from tests.shopee.conftest import env_for, settings_for


def consent(sb: ShopeeSandbox, url: str) -> str:
    """Press "authorise" on the sandbox's consent page; the Location Shopee redirects to."""
    with httpx.Client(follow_redirects=False) as browser:
        page = browser.get(url)
        assert page.status_code == 200 and "Ủy quyền" in page.text
        action, inner = FORM.findall(page.text)[0]
        fields = dict(FIELD.findall(inner))
        back = browser.get(sb.storefront_url + action, params=fields)
    assert back.status_code == 302
    return back.headers["location"]


def test_the_authorisation_url_is_signed_as_a_public_call(shopee: ShopeeSandbox) -> None:
    settings = settings_for(shopee)
    url = authorisation_url(settings, "https://coop.example/back", int(time.time()))
    assert url.startswith(f"{shopee.api_url}/api/v2/shop/auth_partner?partner_id=")
    assert httpx.get(url).status_code == 200
    wrong = url.replace("sign=", "sign=0")
    assert "error_sign" in httpx.get(wrong).text
    old = authorisation_url(settings, "https://coop.example/back", int(time.time()) - 400)
    assert "Timestamp is expired" in httpx.get(old).text


def test_the_redirect_or_the_code_alone_is_understood() -> None:
    grant = read_grant(" https://coop.example/back?code=abc123&shop_id=300001 ")
    assert (grant.code.reveal(), grant.shop_id) == ("abc123", 300001)
    assert read_grant("abc123").shop_id is None
    with pytest.raises(ConfigError):
        read_grant("https://coop.example/back?error=denied")
    with pytest.raises(ConfigError):
        read_grant("not a code!")


def test_the_loopback_callback_catches_shopees_redirect(
    shopee: ShopeeSandbox, tmp_path: Path
) -> None:
    settings = settings_for(shopee, OCOP_SHOPEE_TOKENS_FILE=str(tmp_path / "t.json"))
    with LoopbackCallback() as callback:
        url = authorisation_url(settings, callback.redirect, int(time.time()))
        location = consent(shopee, url)
        assert location.startswith(callback.redirect + "?code=")
        page = httpx.get(location)  # the browser follows Shopee's redirect to us
        assert page.status_code == 200 and "close this window" in page.text
        grant = wait_for_grant(callback, lambda wait: None, timeout=5)
    assert grant is not None and grant.shop_id == 300001
    client = ShopeeClient(settings.config.api_url, settings.partner_id, settings.partner_key)
    try:
        tokens = exchange_code(client, settings, grant, time.time())
        with pytest.raises(AuthenticationError, match="ocop auth shopee"):  # a code is single-use
            exchange_code(client, settings, grant, time.time())
    finally:
        client.close()
    stored = TokenStore(tmp_path / "t.json").load(
        store_key(shopee.api_url, settings.partner_id, 300001)
    )
    assert stored is not None and stored.access_token == tokens.access_token


def test_a_pasted_url_finishes_the_flow(shopee: ShopeeSandbox) -> None:
    pasted = io.StringIO("https://coop.example/back?code=c0ffee&shop_id=300001\n")
    grant = wait_for_grant(None, lambda wait: pasted.readline() or None, timeout=5)
    assert grant is not None and grant.code.reveal() == "c0ffee"
    assert wait_for_grant(None, lambda wait: None, timeout=0.3) is None


def test_the_command_authorises_without_printing_tokens(
    shopee: ShopeeSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens_file = tmp_path / "cli.json"
    for name, value in env_for(shopee, tokens_file).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OCOP_CREDENTIALS_FILE", str(tmp_path / "none.toml"))
    settings = settings_for(shopee, OCOP_SHOPEE_TOKENS_FILE=str(tokens_file))
    location = consent(
        shopee, authorisation_url(settings, "https://coop.example/back", int(time.time()))
    )
    result = CliRunner().invoke(auth_command, ["--no-browser", "--code", location])
    assert result.exit_code == 0, result.output
    assert "300001" in result.output
    stored = TokenStore(tokens_file).load(store_key(shopee.api_url, settings.partner_id, 300001))
    assert stored is not None
    assert stored.access_token.reveal() not in result.output
    assert stored.refresh_token.reveal() not in result.output
    assert "code=" not in result.output


def test_the_command_waits_for_the_browser_on_this_machine(
    shopee: ShopeeSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env_for(shopee, tmp_path / "loop.json").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OCOP_CREDENTIALS_FILE", str(tmp_path / "none.toml"))
    printed: list[str] = []
    monkeypatch.setattr("click.echo", lambda message="", **_k: printed.append(str(message)))
    browser = threading.Thread(target=lambda: _seller(shopee, printed))
    browser.start()
    tokens = authorise(
        redirect=None, port=0, open_browser=False, pasted=None, timeout=10, stream=io.StringIO()
    )
    browser.join()
    assert tokens.shop_id == 300001


def _seller(sb: ShopeeSandbox, printed: list[str]) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not any("auth_partner" in line for line in printed):
        time.sleep(0.02)
    url = next(line for line in printed if "auth_partner" in line)
    httpx.get(consent(sb, url))
