"""Voso ProductInput validation (contract §1.3): only the FIRST failing field is reported.

Unknown fields come first, then the fields in the table's order. A check returns a reason word
from the contract's vocabulary, or None when the value is acceptable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from ocop.sandbox.wire import is_http_url

from .accounts import VOSO_CATEGORY_BY_ID, VosoCategory

FIELD_ORDER = (
    "sku", "name", "description", "category_id", "price", "original_price",
    "stock", "unit", "weight_gram", "images", "ocop_stars", "origin",
)  # fmt: skip
OPTIONAL = frozenset({"original_price", "ocop_stars"})
SKU_CHARS = re.compile(r"[A-Za-z0-9._-]+")
TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)([^>]*)>")
ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "b", "strong", "i", "em"})

Reason = str | None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object, low: int, high: int) -> Reason:
    if not isinstance(value, str):
        return "invalid"
    length = len(unicodedata.normalize("NFC", value))
    return "too_short" if length < low else "too_long" if length > high else None


def _number(value: object, low: int, high: int) -> Reason:
    if not _is_int(value):
        return "invalid"
    assert isinstance(value, int)
    return None if low <= value <= high else "out_of_range"


def _sku(value: object) -> Reason:
    reason = _text(value, 1, 50)
    if reason is None and not SKU_CHARS.fullmatch(str(value)):
        return "invalid"
    return reason


def _description(value: object) -> Reason:
    reason = _text(value, 20, 5000)
    if reason is not None:
        return reason
    for tag in TAG.finditer(str(value)):
        attributes = tag.group(3).strip().rstrip("/").strip()
        if tag.group(2).lower() not in ALLOWED_TAGS or attributes:
            return "invalid"
    return None


def _category(value: object, tree: Mapping[int, VosoCategory] = VOSO_CATEGORY_BY_ID) -> Reason:
    if not isinstance(value, int) or isinstance(value, bool):
        return "invalid"
    category = tree.get(value)
    if category is None:
        return "invalid"
    return None if category.leaf else "not_leaf"


def _images(value: object) -> Reason:
    if not isinstance(value, list):
        return "invalid"
    if not value:
        return "too_short"
    if len(value) > 9:
        return "too_long"
    return None if all(is_http_url(url) for url in value) else "invalid"


def _stars(value: object) -> Reason:
    if value is None:
        return None
    if not _is_int(value):
        return "invalid"
    return None if value in (3, 4, 5) else "out_of_range"


def _original_price(value: object) -> Reason:
    # compared with the price afterwards, once the effective price is known
    return None if value is None else _number(value, 1, 10**12)


CHECKS: dict[str, Callable[[Any], Reason]] = {
    "sku": _sku,
    "name": lambda v: _text(v, 10, 120),
    "description": _description,
    "category_id": _category,
    "price": lambda v: _number(v, 1_000, 100_000_000),
    "original_price": _original_price,
    "stock": lambda v: _number(v, 0, 999_999),
    "unit": lambda v: _text(v, 1, 20),
    "weight_gram": lambda v: _number(v, 1, 50_000),
    "images": _images,
    "ocop_stars": _stars,
    "origin": lambda v: _text(v, 1, 100),
}


def first_problem(
    body: dict[str, Any],
    current: dict[str, Any] | None = None,
    tree: Mapping[int, VosoCategory] = VOSO_CATEGORY_BY_ID,
) -> tuple[str, str] | None:
    """(field, reason) of the first failing field, or None when ``body`` is acceptable.

    ``current`` is the stored product for a PATCH (any subset allowed); None for a create.
    ``tree`` is the category tree the sandbox serves.
    """
    for name in body:
        if name not in CHECKS:
            return name, "unknown_field"
    merged = {**(current or {}), **body}
    for name in FIELD_ORDER:
        if name not in body:
            if current is None and name not in OPTIONAL:
                return name, "missing"
            if name != "original_price":
                continue
        value = merged.get(name)
        if value is None and name not in OPTIONAL:
            return name, "missing"
        if name not in body:
            reason = None
        elif name == "category_id":
            reason = _category(value, tree)
        else:
            reason = CHECKS[name](value)
        if reason is None and name == "original_price":
            reason = _below_price(value, merged.get("price"))
        if reason is not None:
            return name, reason
    return None


def _below_price(original_price: object, price: object) -> Reason:
    if original_price is None or not _is_int(price) or not _is_int(original_price):
        return None
    return "out_of_range" if original_price < price else None  # type: ignore[operator]


def normalised(body: dict[str, Any]) -> dict[str, Any]:
    """The accepted input with its text in NFC (lengths and storage agree)."""
    return {
        key: unicodedata.normalize("NFC", value) if isinstance(value, str) else value
        for key, value in body.items()
    }
