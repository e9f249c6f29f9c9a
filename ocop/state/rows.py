"""The rows of the state as SQL both backends speak, and back: columns, statements, times."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, Protocol

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
