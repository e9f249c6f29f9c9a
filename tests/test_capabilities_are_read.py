"""Every capability a marketplace declares is read by ocop: none is decoration."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from ocop.connector import Capabilities

CORE = Path(__file__).parents[1] / "ocop"
DECLARED_IN = {CORE / "connector.py", CORE / "marketplace.py"}


def readers(field: str) -> list[str]:
    pattern = re.compile(rf"\.{field}\b")
    return [
        str(path.relative_to(CORE))
        for path in sorted(CORE.rglob("*.py"))
        if path not in DECLARED_IN
        and path.parts[-2] != "testing"  # the shared test suites do not count as readers
        and pattern.search(path.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Capabilities)])
def test_the_capability_is_read_outside_its_declaration(field: str) -> None:
    assert readers(field), f"Capabilities.{field} is declared but ocop never reads it"
