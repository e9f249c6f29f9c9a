"""The state contract on PostgreSQL (a server the tests start), and what only a server does."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from ocop.errors import StateError, StateLocked
from ocop.state import StateStore
from tests.postgres import PASSWORD, PostgresServer
from tests.state.contract import BK, TN, StateContract, record
from tests.state.pushes import PushContract


class TestPostgres(StateContract, PushContract):
    @pytest.fixture
    def location(self, postgres_url: str) -> str:
        return postgres_url

    def bump_schema(self, location: str | Path) -> None:
        with psycopg.connect(str(location), autocommit=True) as conn:
            conn.execute("UPDATE ocop_schema SET version = 99")


def test_the_password_is_never_shown(postgres_url: str) -> None:
    with StateStore.open(postgres_url, TN) as store:
        assert PASSWORD not in store.location and PASSWORD not in repr(store)
        assert "ocop:***@" in store.location
        with (
            store.lock(["voso"]),
            StateStore.open(postgres_url, TN) as other,
            pytest.raises(StateLocked) as refused,
        ):
            other.lock(["voso"]).acquire()
    assert PASSWORD not in str(refused.value)


def test_a_wrong_password_is_a_clear_error_without_the_password(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.url("postgres", password="Wrong-Secret-123")
    with pytest.raises(StateError, match="password authentication failed") as failed:
        StateStore.open(url, TN)
    assert "Wrong-Secret-123" not in str(failed.value)
    assert "ocop:***@" in str(failed.value)


def test_a_server_that_is_not_there_is_a_clear_error(tmp_path: Path) -> None:
    url = f"postgresql://ocop:{PASSWORD}@/ocop?host={tmp_path}"
    with pytest.raises(StateError, match="cannot use the state database") as failed:
        StateStore.open(url, TN)
    assert PASSWORD not in str(failed.value)


def test_a_lost_server_mid_run_is_a_state_error(postgres_server: PostgresServer) -> None:
    url = postgres_server.create_database("lost")
    store = StateStore.open(url, TN)
    try:
        store.save_listing(record())
        postgres_server.drop_database("lost")
        with pytest.raises(StateError, match="cannot use the state database"):
            store.save_listing(record("A-2", "r2"))
    finally:
        store.close()


def test_many_provinces_share_one_database(postgres_url: str) -> None:
    with StateStore.open(postgres_url, TN) as tn, StateStore.open(postgres_url, BK) as bk:
        tn.save_listings([record(f"S-{n}", f"r{n}") for n in range(30)])
        bk.save_listings([record(f"S-{n}", f"r{n}") for n in range(10)])
        assert (len(tn.listings()), len(bk.listings())) == (30, 10)
        with tn.lock(["voso"]), bk.lock(["voso"]):
            pass
