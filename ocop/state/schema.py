"""The state database's schema, as numbered migrations for each backend.

Both backends reach the same ``SCHEMA_VERSION`` with the same tables and columns, so a state
copies from one to the other row for row (``ocop state migrate``):

    1  listings (SKU ↔ remote listing per marketplace), images, journal, observations
       (SQLite only: PostgreSQL support starts at 2)
    2  every row scoped by province and cooperative; catalogues pushed, per scope

SQLite keeps its version in ``PRAGMA user_version``, PostgreSQL in the ``ocop_schema`` table.
A database written by a newer ocop (a higher version than this one knows) is refused.
"""

from __future__ import annotations

from ocop.errors import StateError
from ocop.i18n import _

SCHEMA_VERSION = 2

_SQLITE_V1 = """
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
)
"""

# Rows written before scoping get province '' ("legacy"); the first catalogue that opens the
# state with its scope takes them over (ocop.state.sql.SqlStore.claim_legacy).
_SQLITE_V2 = """
CREATE TABLE listings_2 (
    province      TEXT NOT NULL,
    cooperative   TEXT NOT NULL DEFAULT '',
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
    PRIMARY KEY (province, cooperative, marketplace, sku)
);
INSERT INTO listings_2 SELECT '', '', marketplace, sku, product_id, remote_id, url, state, price,
    stock, stars, title, content_hash, offer_hash, pushed_at, last_error, request_id,
    review_reason FROM listings;
DROP TABLE listings;
ALTER TABLE listings_2 RENAME TO listings;
CREATE UNIQUE INDEX listings_remote ON listings (province, cooperative, marketplace, remote_id)
    WHERE remote_id IS NOT NULL;
CREATE TABLE images_2 (
    province    TEXT NOT NULL,
    cooperative TEXT NOT NULL DEFAULT '',
    marketplace TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    url         TEXT NOT NULL,
    PRIMARY KEY (province, cooperative, marketplace, sha256)
);
INSERT INTO images_2 SELECT '', '', marketplace, sha256, url FROM images;
DROP TABLE images;
ALTER TABLE images_2 RENAME TO images;
ALTER TABLE journal ADD COLUMN province TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN cooperative TEXT NOT NULL DEFAULT '';
DROP INDEX journal_open;
CREATE INDEX journal_open ON journal (province, cooperative, marketplace, sku)
    WHERE outcome IS NULL;
CREATE INDEX journal_scope ON journal (province, cooperative, id);
CREATE TABLE observations_2 (
    province    TEXT NOT NULL,
    cooperative TEXT NOT NULL DEFAULT '',
    marketplace TEXT NOT NULL,
    sku         TEXT NOT NULL,
    observed_at TEXT NOT NULL,
    data        TEXT NOT NULL,
    PRIMARY KEY (province, cooperative, marketplace, sku, observed_at)
);
INSERT INTO observations_2 SELECT '', '', marketplace, sku, observed_at, data FROM observations;
DROP TABLE observations;
ALTER TABLE observations_2 RENAME TO observations;
CREATE TABLE catalogues (
    province    TEXT NOT NULL,
    cooperative TEXT NOT NULL DEFAULT '',
    sha256      TEXT NOT NULL,
    data        TEXT NOT NULL,
    saved_at    TEXT NOT NULL,
    PRIMARY KEY (province, cooperative)
)
"""

_POSTGRES_V2 = """
CREATE TABLE listings (
    province      text NOT NULL,
    cooperative   text NOT NULL DEFAULT '',
    marketplace   text NOT NULL,
    sku           text NOT NULL,
    product_id    text NOT NULL,
    remote_id     text,
    url           text,
    state         text NOT NULL,
    price         bigint,
    stock         bigint,
    stars         integer,
    title         text,
    content_hash  text,
    offer_hash    text,
    pushed_at     timestamptz,
    last_error    text,
    request_id    text,
    review_reason text,
    PRIMARY KEY (province, cooperative, marketplace, sku)
);
CREATE UNIQUE INDEX listings_remote ON listings (province, cooperative, marketplace, remote_id)
    WHERE remote_id IS NOT NULL;
CREATE TABLE images (
    province    text NOT NULL,
    cooperative text NOT NULL DEFAULT '',
    marketplace text NOT NULL,
    sha256      text NOT NULL,
    url         text NOT NULL,
    PRIMARY KEY (province, cooperative, marketplace, sha256)
);
CREATE TABLE journal (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    province    text NOT NULL,
    cooperative text NOT NULL DEFAULT '',
    run_id      text NOT NULL,
    marketplace text NOT NULL,
    sku         text,
    operation   text NOT NULL,
    remote_id   text,
    detail      text,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    outcome     text
);
CREATE INDEX journal_open ON journal (province, cooperative, marketplace, sku)
    WHERE outcome IS NULL;
CREATE INDEX journal_scope ON journal (province, cooperative, id);
CREATE TABLE observations (
    province    text NOT NULL,
    cooperative text NOT NULL DEFAULT '',
    marketplace text NOT NULL,
    sku         text NOT NULL,
    observed_at timestamptz NOT NULL,
    data        text NOT NULL,
    PRIMARY KEY (province, cooperative, marketplace, sku, observed_at)
);
CREATE TABLE catalogues (
    province    text NOT NULL,
    cooperative text NOT NULL DEFAULT '',
    sha256      text NOT NULL,
    data        text NOT NULL,
    saved_at    timestamptz NOT NULL,
    PRIMARY KEY (province, cooperative)
)
"""

# (version reached, statements) in order; each list ends at SCHEMA_VERSION
SQLITE_MIGRATIONS: tuple[tuple[int, str], ...] = ((1, _SQLITE_V1), (2, _SQLITE_V2))
POSTGRES_MIGRATIONS: tuple[tuple[int, str], ...] = ((2, _POSTGRES_V2),)


def statements(script: str) -> list[str]:
    """The statements of one migration (none of them contains a semicolon of its own)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def steps_from(
    migrations: tuple[tuple[int, str], ...], version: int, where: str
) -> list[tuple[int, str]]:
    """The migrations still to apply to a database at ``version``; refuse a newer one."""
    if version > SCHEMA_VERSION:
        raise StateError(
            _(
                "{path} was written by a newer ocop (schema {found}, this one knows "
                "{known}); upgrade ocop"
            ).format(path=where, found=version, known=SCHEMA_VERSION)
        )
    return [(number, script) for number, script in migrations if number > version]
