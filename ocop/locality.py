"""Thái Nguyên's communes under the two-level administration (from 1 July 2025).

Data: NSO codes as shipped in ``ocop/data`` (see ``ocop/data/README.md`` for provenance).
A 2025 code is always read together with its era: NSO reused codes, so ``05467`` is Phường Cam
Giá in the old list and Phường Gia Sàng in the new one.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
PROVINCE_CODE = "19"
REFORM_DATE = "2025-07-01"


@dataclass(frozen=True)
class Commune:
    """A commune-level unit in force since 1 July 2025."""

    code: str
    name: str
    kind: str  # "xa" | "phuong"


@dataclass(frozen=True)
class LegacyCommune:
    """A pre-2025 commune-level unit and the new unit (one of them, if split) it went into."""

    code: str
    name: str
    district: str
    province: str
    new_code: str


@cache
def communes() -> dict[str, Commune]:
    """All 92 current communes by 5-digit code."""
    with (DATA_DIR / "thai-nguyen-communes-2025.csv").open(encoding="utf-8") as fh:
        return {r["code"]: Commune(r["code"], r["name"], r["kind"]) for r in csv.DictReader(fh)}


@cache
def legacy_communes() -> tuple[LegacyCommune, ...]:
    """Every pre-2025 unit → new unit row (a split unit has several rows)."""
    with (DATA_DIR / "thai-nguyen-communes-legacy.csv").open(encoding="utf-8") as fh:
        return tuple(
            LegacyCommune(
                r["old_code"],
                r["old_name"],
                r["old_district_name"],
                r["old_province_name"],
                r["new_code"],
            )
            for r in csv.DictReader(fh)
        )


def fold(name: str) -> str:
    """Compare names the way people write them: no prefix case, no tone-mark placement.

    ``Xã Trung Hoà`` and ``xã trung hòa`` fold to the same key; đ is kept distinct from d
    only by folding both to ``d`` after marks are removed.
    """
    text = unicodedata.normalize("NFD", name.strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("đ", "d").split())


_PREFIXES = ("xa ", "phuong ", "thi tran ")
_DISTRICT_PREFIXES = ("huyen ", "thanh pho ", "thi xa ", "tp ", "tp. ")


def _bare(name: str, prefixes: tuple[str, ...]) -> str:
    folded = fold(name)
    for prefix in prefixes:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


@cache
def _legacy_index() -> dict[str, list[LegacyCommune]]:
    index: dict[str, list[LegacyCommune]] = defaultdict(list)
    for row in legacy_communes():
        index[_bare(row.name, _PREFIXES)].append(row)
    return dict(index)


def find_legacy(commune: str, district: str | None = None) -> list[LegacyCommune]:
    """Old units matching a name (and district, if given); several rows mean ambiguous/split."""
    rows = _legacy_index().get(_bare(commune, _PREFIXES), [])
    if district:
        wanted = _bare(district, _DISTRICT_PREFIXES)
        rows = [r for r in rows if _bare(r.district, _DISTRICT_PREFIXES) == wanted]
    return rows


def new_codes_for(commune: str, district: str | None = None) -> set[str]:
    """The 2025 commune codes an old commune name maps to (empty: unknown name)."""
    return {r.new_code for r in find_legacy(commune, district)}


@cache
def legacy_districts_of(new_code: str) -> tuple[str, ...]:
    """Old districts whose communes went (wholly or partly) into ``new_code``."""
    return tuple(sorted({r.district for r in legacy_communes() if r.new_code == new_code}))
