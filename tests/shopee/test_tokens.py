"""Tokens kept with the credentials: owner-only, refreshed in time, the newest always kept."""

from __future__ import annotations

import os
import stat
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from ocop_shopee import ShopeeSandbox
from ocop_shopee.errors import AuthorisationExpired
from ocop_shopee.models import TokenAnswer
from ocop_shopee.tokens import RENEW_MARGIN_S, ShopTokens, TokenKeeper, TokenStore, tokens_path

from ocop.credentials import Secret
from ocop.engine import Outcome, plan_all
from ocop.errors import ConfigError
from ocop.state import StateStore
from tests.shopee.conftest import connector_for, settings_for, shopee_sandbox
from tests.shopee.test_recording import catalogue


def seed(path: Path, expires_in: float = 3600, refresh_age: float = 0) -> TokenStore:
    store = TokenStore(path)
    now = time.time()
    pair = ShopTokens(
        1,
        2,
        Secret("access-0"),
        Secret("refresh-0"),
        now + expires_in,
        now + 30 * 86400 - refresh_age,
    )
    with store.locked():
        store.save("k", pair)
    return store


class Refresher:
    """Counts refreshes; answers numbered pairs."""

    def __init__(self) -> None:
        self.used: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, token: Secret, shop_id: int) -> TokenAnswer:
        with self.lock:
            self.used.append(token.reveal())
            n = len(self.used)
        time.sleep(0.05)  # long enough for another keeper to wait on the file lock
        return TokenAnswer(
            access_token=f"access-{n}", refresh_token=f"refresh-{n}", expire_in=14400
        )


def test_the_file_is_owner_only_and_refused_when_others_can_read_it(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "shopee-tokens.json"
    seed(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    os.chmod(path, 0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        TokenStore(path).load("k")


def test_the_file_sits_beside_the_credentials_file(tmp_path: Path) -> None:
    environ = {"OCOP_CREDENTIALS_FILE": str(tmp_path / "c" / "credentials.toml")}
    assert tokens_path(environ) == tmp_path / "c" / "shopee-tokens.json"
    assert (
        tokens_path({**environ, "OCOP_SHOPEE_TOKENS_FILE": str(tmp_path / "t.json")})
        == tmp_path / "t.json"
    )


def test_tokens_never_show_in_a_repr() -> None:
    pair = ShopTokens(1, 2, Secret("access-secret"), Secret("refresh-secret"), 0, 0)
    assert "secret" not in repr(pair) and "secret" not in str(pair)


def test_an_access_token_is_refreshed_before_it_expires(tmp_path: Path) -> None:
    store = seed(tmp_path / "t.json", expires_in=RENEW_MARGIN_S - 10)
    refresher = Refresher()
    keeper = TokenKeeper(store, "k", refresher)
    assert keeper.current().access_token.reveal() == "access-1"
    assert refresher.used == ["refresh-0"]
    stored = store.load("k")
    assert stored is not None and stored.refresh_token.reveal() == "refresh-1"
    assert keeper.current().access_token.reveal() == "access-1" and len(refresher.used) == 1


def test_two_processes_spend_the_single_use_refresh_token_once(tmp_path: Path) -> None:
    store = seed(tmp_path / "t.json")
    refresher = Refresher()
    keepers = [TokenKeeper(TokenStore(tmp_path / "t.json"), "k", refresher) for _ in range(2)]
    stale = keepers[0].current().access_token
    keepers[1].current()
    threads = [threading.Thread(target=k.refresh, args=(stale,)) for k in keepers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert refresher.used == ["refresh-0"]  # the second found the first's new pair in the file
    assert {k.current().access_token.reveal() for k in keepers} == {"access-1"}
    assert store.load("k").refresh_token.reveal() == "refresh-1"  # type: ignore[union-attr]


def test_a_refresh_token_older_than_30_days_asks_to_authorise_again(tmp_path: Path) -> None:
    store = seed(tmp_path / "t.json", expires_in=0, refresh_age=31 * 86400)
    refresher = Refresher()
    with pytest.raises(AuthorisationExpired, match="ocop auth shopee"):
        TokenKeeper(store, "k", refresher).current()
    assert refresher.used == []
    with pytest.raises(AuthorisationExpired):
        TokenKeeper(TokenStore(tmp_path / "none.json"), "k", refresher).current()


def test_on_the_sandbox_an_expired_access_token_is_renewed_and_the_call_goes_through(
    shopee: ShopeeSandbox,
) -> None:
    connector = connector_for(shopee)
    try:
        before = connector.client.tokens.current()  # type: ignore[union-attr]
        shopee.expire_tokens(access=True)
        assert connector.shop().shop_id == "300001"
        after = connector.client.tokens.current()  # type: ignore[union-attr]
        assert after.access_token != before.access_token
        assert after.refresh_token != before.refresh_token
        assert connector.client.tokens.refreshes == 1  # type: ignore[union-attr]
    finally:
        connector.close()


def test_on_the_sandbox_a_spent_refresh_token_cannot_be_used_again(
    shopee: ShopeeSandbox, tmp_path: Path
) -> None:
    settings = settings_for(shopee)
    stored = settings.tokens.load(settings.shop_key())
    assert stored is not None
    connector = connector_for(shopee)
    try:
        shopee.expire_tokens(access=True)
        connector.shop()  # refreshes, spending the stored refresh token
        from ocop_shopee.auth import refresher

        with pytest.raises(AuthorisationExpired, match="ocop auth shopee"):
            refresher(connector.client)(stored.refresh_token, stored.shop_id)
    finally:
        connector.close()


def test_on_the_sandbox_an_expired_authorisation_says_what_to_do(tmp_path: Path) -> None:
    with shopee_sandbox() as sb:
        sb.authorise(tmp_path / "t.json")
        sb.tokens_file = tmp_path / "t.json"
        connector = connector_for(sb)
        try:
            sb.expire_tokens(access=True, refresh=True)
            with pytest.raises(AuthorisationExpired, match="ocop auth shopee"):
                connector.shop()
            # what `ocop plan` prints after the marketplace's name: the reason, once
            with StateStore.open(tmp_path / "state.db") as store:
                (failed,) = plan_all(catalogue(), store, [connector], date.today())
            assert isinstance(failed, Outcome) and failed.error is not None
            assert failed.error.startswith("the shop's authorisation has expired")
        finally:
            connector.close()
