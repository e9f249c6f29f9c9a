"""Fixtures every test folder may use: a PostgreSQL server started for the session.

The server starts the first time a test asks for it and stops at the end of the session. It is
skipped only where it cannot be had: the server binaries are missing and we are not root (as
root, ``scripts/bootstrap --system`` installs them, so missing binaries are a failure).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from ocop import i18n
from tests.postgres import PostgresServer, server_binaries


@pytest.fixture(autouse=True)
def _language_as_at_start() -> Iterator[None]:
    """A test that runs the CLI with ``--lang vi`` leaves the process in Vietnamese: the tests
    that follow on the same worker must not depend on which ran before them."""
    yield
    i18n.set_language("en", explicit=False)  # as on import: no language chosen


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if server_binaries() is None:
        if os.getuid() != 0:
            pytest.skip("PostgreSQL server binaries missing: apt-get install postgresql")
        pytest.fail("PostgreSQL server binaries missing: run scripts/bootstrap --system")
    with PostgresServer.start() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh, empty database (dropped after the test)."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url.rsplit("/", 1)[1].split("?", 1)[0])
