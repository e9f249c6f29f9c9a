"""docs/catalogue.md lists every bound the model enforces (they are read from the schema)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ocop.model import MAX_CERTIFICATIONS, MAX_IMAGES, MAX_SKUS, MAX_SOURCES
from ocop.rules.goods import MIN_MARKETPLACE_PRICE, SUSPICIOUS_PRICE
from ocop.rules.images import MAX_IMAGE_BYTES, MAX_PIXELS, MAX_SIDE
from ocop.schema import catalog_schema
from ocop.values import MAX_GRAMS, MAX_PRICE, MAX_STOCK

DOC = Path(__file__).parent.parent.parent / "docs" / "catalogue.md"


def _bounds(node: Any) -> set[int]:
    found: set[int] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("maxLength", "maximum", "maxItems") and isinstance(value, int):
                found.add(value)
            else:
                found |= _bounds(value)
    elif isinstance(node, list):
        for value in node:
            found |= _bounds(value)
    return found


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split("## Bounds", 1)[1].split("\n## ", 1)[0]


def test_every_bound_of_the_schema_is_in_the_guide() -> None:
    section = _section()
    missing = [
        n for n in sorted(_bounds(catalog_schema())) if n != 2**53 and f"{n:,}" not in section
    ]
    assert missing == []
    assert "2^53" in section


def test_the_bounds_outside_the_schema_are_in_the_guide_too() -> None:
    section = _section()
    numbers = [
        MAX_PRICE, MAX_STOCK, MAX_GRAMS, SUSPICIOUS_PRICE, MIN_MARKETPLACE_PRICE,
        MAX_IMAGES, MAX_SKUS, MAX_CERTIFICATIONS, MAX_SOURCES, MAX_SIDE,
    ]  # fmt: skip
    assert [n for n in numbers if f"{n:,}" not in section] == []
    assert f"{MAX_IMAGE_BYTES // 2**20} MB" in section
    assert f"{MAX_PIXELS // 1_000_000} megapixels" in section
