"""Helpers that build the problems every rule module reports."""

from __future__ import annotations

from ocop.problem import Path as DataPath
from ocop.problem import Problem, Severity


def error(path: DataPath, message: str, code: str, related: DataPath | None = None) -> Problem:
    return Problem(path, message, Severity.ERROR, code, related=related)


def warning(path: DataPath, message: str, code: str) -> Problem:
    return Problem(path, message, Severity.WARNING, code)
