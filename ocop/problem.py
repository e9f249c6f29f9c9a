"""A problem found in the catalogue, and how it is shown to the people who fix it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ocop.i18n import _

PathPart = str | int
Path = tuple[PathPart, ...]


class Severity(StrEnum):
    """How bad a problem is: only errors make a catalogue invalid."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) about the catalogue, with where it is.

    ``path`` is the position in the data (``("products", 3, "skus", 0, "price")``);
    ``where`` is the same path written for people, with ids instead of indexes where the
    catalogue has them. ``line``/``column`` are 1-based and filled in by the loader.
    """

    path: Path
    message: str
    severity: Severity = Severity.ERROR
    code: str = ""
    where: str = ""
    line: int | None = None
    column: int | None = None
    also: tuple[int, ...] = field(default=())
    related: Path | None = None  # another place the problem involves (e.g. the first duplicate)
    extra: Any = field(default=None, compare=False, repr=False)  # raw error, until worded

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def format_text(filename: str, problems: Iterable[Problem]) -> str:
    """Compiler-style lines: ``catalog.yaml:12:7: products.x.price: message``."""
    lines = []
    for p in problems:
        position = f"{p.line or 1}:{p.column or 1}"
        label = "" if p.is_error else f"{_(p.severity.value)}: "
        where = p.where or _("(whole file)")
        lines.append(f"{filename}:{position}: {where}: {label}{p.message}")
    return "\n".join(lines)


def to_json(filename: str, problems: Sequence[Problem]) -> str:
    """Machine-readable problems, one object each."""
    rows: list[dict[str, Any]] = [
        {
            "file": filename,
            "line": p.line,
            "column": p.column,
            "path": list(p.path),
            "where": p.where,
            "severity": p.severity.value,
            "code": p.code,
            "message": p.message,
            "also_lines": list(p.also),
        }
        for p in problems
    ]
    errors = sum(1 for p in problems if p.is_error)
    return json.dumps(
        {"file": filename, "valid": errors == 0, "errors": errors, "problems": rows},
        ensure_ascii=False,
        indent=2,
    )


def sort_key(p: Problem) -> tuple[int, int, str]:
    return (p.line or 0, p.column or 0, p.message)
