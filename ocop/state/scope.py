"""Whose rows: every row of the state belongs to one catalogue's scope.

A scope is the catalogue's province and, when a cooperative (or company) keeps its own
catalogue, that cooperative. Many catalogues share one state (a national PostgreSQL database,
or one SQLite file) without seeing each other's listings, journal, images or crawls, and a
push locks only its own (scope, marketplace) pairs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ocop.model import Catalog


def _clean(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


@dataclass(frozen=True, order=True)
class Scope:
    """A province's catalogue (``cooperative`` empty) or one cooperative's within it."""

    province: str
    cooperative: str = ""

    def __post_init__(self) -> None:
        # "Thái Nguyên" typed with combining marks is the same province
        object.__setattr__(self, "province", _clean(self.province))
        object.__setattr__(self, "cooperative", _clean(self.cooperative))

    @classmethod
    def of(cls, catalog: Catalog) -> Scope:
        """The scope a catalogue's rows are kept under."""
        return cls(catalog.province, catalog.cooperative or "")

    @property
    def is_legacy(self) -> bool:
        """Rows written before scoping existed (a state from ocop < 0.2) have no province."""
        return not self.province

    def label(self) -> str:
        """``Thái Nguyên`` or ``Thái Nguyên / htx-che-hao-dat``, for messages and reports."""
        if self.is_legacy:
            return "-"
        return f"{self.province} / {self.cooperative}" if self.cooperative else self.province

    def __str__(self) -> str:
        return self.label()


LEGACY = Scope("")
