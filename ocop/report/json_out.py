"""The report as JSON, with the evidence every count was made from.

Tables carry their rows, totals and rows apart keyed by column; ``definitions`` says what each
count means; ``listings.on_sale``, ``listings.taken_down`` and ``listings.unverified`` list,
per listing counted, the observation (page, time, status, price) its verdict rests on, so any
number can be traced back to what a spider (or a seller API) saw.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any

from pydantic_core import to_json

from ocop.report.glossary import glossary
from ocop.report.labels import Labels
from ocop.report.model import Drift, ListingEvidence, Report, Table, WatchItem
from ocop.verdict import Verdict


def _table(table: Table, labels: Labels) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": labels.table(table.key),
        "columns": [
            {
                "key": c.key,
                "label": labels.column(c),
                "measure": c.measure,
                "marketplace": c.marketplace,
                "ratio": c.is_ratio,
            }
            for c in table.columns
        ],
        "rows": [
            {"key": r.key, "label": labels.row(table.key, r), "values": r.values}
            for r in table.rows
        ],
        "total": {
            "key": "total",
            "label": labels.row(table.key, table.total),
            "values": table.total.values,
        },
        "apart": [
            {"key": r.key, "label": labels.row(table.key, r), "values": r.values}
            for r in table.apart
        ],
    }


EVIDENCE = tuple(f.name for f in fields(ListingEvidence))
_evidence_values = attrgetter(*EVIDENCE)  # one C call a listing: asdict deep-copies, slowly


def evidence_dict(item: ListingEvidence) -> dict[str, Any]:
    """One listing and the observation it was counted from."""
    data = dict(zip(EVIDENCE, _evidence_values(item), strict=True))
    for name in ("observed_at", "older_at"):
        moment = data[name]
        data[name] = moment.isoformat() if moment else None
    return _unscoped(data)


def _unscoped(data: dict[str, Any]) -> dict[str, Any]:
    """A province's own report leaves out the (empty) province of each row."""
    if not data.get("province"):
        data.pop("province", None)
    return data


WATCH = tuple(f.name for f in fields(WatchItem))
DRIFT = tuple(f.name for f in fields(Drift))
_drift_values = attrgetter(*DRIFT)


def _watch(item: WatchItem) -> dict[str, Any]:
    # its fields as they are (asdict would deep-copy every listing, only to be replaced)
    data = {name: getattr(item, name) for name in WATCH}
    data["valid_until"] = item.valid_until.isoformat()
    data["live_listings"] = [evidence_dict(e) for e in item.live_listings]
    return _unscoped(data)


def to_data(report: Report, language: str = "vi") -> dict[str, Any]:
    """The report as JSON-ready data."""
    labels = Labels(language)
    return {
        "title": labels.text("report.title"),
        "province": report.province or None,
        "provinces": report.provinces,
        "language": labels.language,
        "as_of": report.as_of.isoformat(),
        "reference_time": report.reference_time.isoformat(),
        "fresh_days": report.fresh_days,
        "marketplaces": report.marketplaces,
        "definitions": {
            key: {"term": term, "definition": text} for key, term, text in glossary(report, labels)
        },
        "tables": [_table(t, labels) for t in report.tables],
        "watchlist": [_watch(w) for w in report.watchlist],
        "drift": [_unscoped(dict(zip(DRIFT, _drift_values(d), strict=True))) for d in report.drift],
        "listings": {
            verdict.value: [evidence_dict(e) for e in report.listings(verdict)]
            for verdict in Verdict
        },
    }


def render(report: Report, language: str = "vi") -> bytes:
    """``report`` as compact UTF-8 JSON (pipe it through ``python -m json.tool`` to read it)."""
    # pydantic's encoder (Rust, already a dependency) writes a national evidence list in half
    # the time of the standard library's; the same JSON, without spaces after separators
    return to_json(to_data(report, language)) + b"\n"
