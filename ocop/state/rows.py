"""The rows of the state as SQL both backends speak, and back: columns, statements, times."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, Protocol

from ocop.observation import UNTRUSTWORTHY, Observation, Seen
from ocop.state.records import JournalEntry, ListingRecord

Row = Mapping[str, Any]

LISTING_COLUMNS = tuple(f.name for f in fields(ListingRecord))
SCOPED_TABLES = ("listings", "images", "journal", "observations")
IN_SCOPE = "province = ? AND cooperative = ?"
UPSERT_LISTING = (
    f"INSERT INTO listings (province, cooperative, {', '.join(LISTING_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in range(len(LISTING_COLUMNS) + 2))}) "
    "ON CONFLICT (province, cooperative, marketplace, sku) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in LISTING_COLUMNS[2:])
)
# fields update_listing may change in place (a new remote id may have to move from another SKU)
PLAIN_FIELDS = frozenset(LISTING_COLUMNS) - {"marketplace", "sku", "remote_id"}
JOURNAL_COLUMNS = (
    "province, cooperative, run_id, marketplace, sku, operation, remote_id, detail, "
    "started_at, finished_at, outcome"
)


class Tx(Protocol):
    """One transaction: ``run`` a statement (rows changed), ``fetch`` rows, ``many`` rows."""

    def run(self, sql: str, params: Sequence[Any] = ()) -> int: ...
    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...
    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...


def utc(value: datetime) -> datetime:
    """An aware time in UTC (a naive one is taken to be UTC already)."""
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def read_time(value: datetime | str | None) -> datetime | None:
    """A time as either backend returns it (SQLite: ISO text; PostgreSQL: timestamptz)."""
    if value is None or value == "":
        return None
    return utc(value) if isinstance(value, datetime) else utc(datetime.fromisoformat(value))


MOVE_REMOTE_ID = (
    f"DELETE FROM listings WHERE {IN_SCOPE} AND marketplace = ? AND remote_id = ? AND sku <> ?"
)


def in_scope(key: tuple[str, str], marketplace: str | None) -> tuple[str, tuple[Any, ...]]:
    if marketplace is None:
        return IN_SCOPE, key
    return f"{IN_SCOPE} AND marketplace = ?", (*key, marketplace)


def listing_of(row: Row) -> ListingRecord:
    values = {name: row[name] for name in LISTING_COLUMNS}
    values["pushed_at"] = read_time(values["pushed_at"])
    return ListingRecord(**values)


def entry_of(row: Row) -> JournalEntry:
    started = read_time(row["started_at"])
    assert started is not None  # NOT NULL in both schemas
    return JournalEntry(
        id=int(row["id"]),
        run_id=row["run_id"],
        marketplace=row["marketplace"],
        sku=row["sku"],
        operation=row["operation"],
        remote_id=row["remote_id"],
        detail=row["detail"],
        started_at=started,
        finished_at=read_time(row["finished_at"]),
        outcome=row["outcome"],
    )


def seen_query(where: str) -> tuple[str, tuple[str, ...]]:
    """SQL for each listing's newest observation and its newest trustworthy one (one row when
    they are the same), and the parameters that come before ``where``'s.

    Whether an observation is trustworthy is read from its JSON text: pydantic writes
    ``"status":"blocked"`` without spaces, and a quote inside a text value is escaped, so the
    patterns match the status field only; both backends run ``LIKE`` on text alike.
    """
    marks = tuple(f'%"status":"{status.value}"%' for status in sorted(UNTRUSTWORTHY))
    untrusted = " OR ".join("data LIKE ?" for _ in marks)
    sql = (
        "SELECT marketplace, sku, data, newest, untrusted FROM (SELECT marketplace, sku, data, "
        "untrusted, ROW_NUMBER() OVER (PARTITION BY marketplace, sku ORDER BY observed_at DESC) "
        "AS newest, ROW_NUMBER() OVER (PARTITION BY marketplace, sku, untrusted "
        "ORDER BY observed_at DESC) AS newest_of_kind FROM (SELECT marketplace, sku, "
        f"observed_at, data, CASE WHEN {untrusted} THEN 1 ELSE 0 END AS untrusted "
        f"FROM observations WHERE {where}) AS marked) AS ranked "
        "WHERE newest = 1 OR (newest_of_kind = 1 AND untrusted = 0)"
    )
    return sql, marks


def seen_of(rows: Sequence[Row]) -> dict[tuple[str, str], Seen]:
    """``seen_query``'s rows as one ``Seen`` per listing."""
    latest: dict[tuple[str, str], Observation] = {}
    trusted: dict[tuple[str, str], Observation] = {}
    for row in rows:
        key = (str(row["marketplace"]), str(row["sku"]))
        observation = Observation.model_validate_json(row["data"])
        if int(row["newest"]) == 1:
            latest[key] = observation
        if not int(row["untrusted"]):
            trusted[key] = observation
    return {key: Seen(newest, trusted.get(key)) for key, newest in latest.items()}
