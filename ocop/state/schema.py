"""The state database's schema, as an ordered list of migrations.

``PRAGMA user_version`` holds how many migrations have been applied. A database written by a
newer ocop (more migrations than this one knows) is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3

from ocop.errors import StateError
from ocop.i18n import _

MIGRATIONS: tuple[str, ...] = (
    # 1: listings (SKU ↔ remote listing per marketplace), images, journal, observations
    """
    CREATE TABLE listings (
        marketplace   TEXT NOT NULL,
        sku           TEXT NOT NULL,
        product_id    TEXT NOT NULL,
        remote_id     TEXT,
        url           TEXT,
        state         TEXT NOT NULL,
        price         INTEGER,
        stock         INTEGER,
        stars         INTEGER,
        title         TEXT,
        content_hash  TEXT,
        offer_hash    TEXT,
        pushed_at     TEXT,
        last_error    TEXT,
        request_id    TEXT,
        review_reason TEXT,
        PRIMARY KEY (marketplace, sku)
    );
    CREATE UNIQUE INDEX listings_remote ON listings (marketplace, remote_id)
        WHERE remote_id IS NOT NULL;
    CREATE TABLE images (
        marketplace TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        url         TEXT NOT NULL,
        PRIMARY KEY (marketplace, sha256)
    );
    CREATE TABLE journal (
        id          INTEGER PRIMARY KEY,
        run_id      TEXT NOT NULL,
        marketplace TEXT NOT NULL,
        sku         TEXT,
        operation   TEXT NOT NULL,
        remote_id   TEXT,
        detail      TEXT,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        outcome     TEXT
    );
    CREATE INDEX journal_open ON journal (marketplace, sku) WHERE outcome IS NULL;
    CREATE TABLE observations (
        marketplace TEXT NOT NULL,
        sku         TEXT NOT NULL,
        observed_at TEXT NOT NULL,
        data        TEXT NOT NULL,
        PRIMARY KEY (marketplace, sku, observed_at)
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(connection: sqlite3.Connection, path: str) -> None:
    """Bring the database up to ``SCHEMA_VERSION``; refuse one from a newer ocop.

    The version is read and the migrations applied inside one ``BEGIN IMMEDIATE``, so two
    processes opening a new database at once cannot both create the tables.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StateError(
                _(
                    "{path} was written by a newer ocop (schema {found}, this one knows "
                    "{known}); upgrade ocop"
                ).format(path=path, found=version, known=SCHEMA_VERSION)
            )
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
