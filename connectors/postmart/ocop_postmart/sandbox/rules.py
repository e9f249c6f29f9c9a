"""Postmart ListingInput validation (contract §2.3): EVERY failing field is reported.

Unknown fields are ignored. An expired OCOP certificate alone gives 42201; together with other
failures it is one more detail of a 42200.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from ocop.sandbox.wire import VIETNAM, is_http_url

from .accounts import POSTMART_CATEGORIES

Issue = dict[str, str]
HTML_TAG = re.compile(r"</?\s*[A-Za-z][A-Za-z0-9]*(\s[^>]*)?/?>")  # "plain text": no markup
REQUIRED = (
    "seller_sku", "title", "description", "category_code", "price", "stock", "unit",
    "shipping_weight_g", "images", "origin_province",
)  # fmt: skip
NULLABLE = ("list_price", "net_weight_g", "ocop")
FIELDS = (*REQUIRED, *NULLABLE)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object, low: int, high: int | None = None) -> str | None:
    if not isinstance(value, str):
        return "invalid"
    length = len(unicodedata.normalize("NFC", value))
    if length < low:
        return "too_short"
    return "too_long" if high is not None and length > high else None


def _number(value: object, low: int, high: int | None = None) -> str | None:
    if not _is_int(value):
        return "invalid"
    assert isinstance(value, int)
    return None if value >= low and (high is None or value <= high) else "out_of_range"


def _sku(value: object) -> str | None:
    reason = _text(value, 1, 64)
    if reason is None and any(ch.isspace() for ch in str(value)):
        return "invalid"
    return reason


def _images(value: object) -> str | None:
    if not isinstance(value, list):
        return "invalid"
    if not value:
        return "too_short"
    if len(value) > 10:
        return "too_long"
    return None if all(is_http_url(url) for url in value) else "invalid"


CHECKS: dict[str, Callable[[Any], str | None]] = {
    "seller_sku": _sku,
    "title": lambda v: _text(v, 10, 200),
    "description": lambda v: _text(v, 30) or ("invalid" if HTML_TAG.search(v) else None),
    "category_code": lambda v: None if isinstance(v, str) else "invalid",  # + the list's codes
    "price": lambda v: _number(v, 1_000, 500_000_000),
    "list_price": lambda v: _number(v, 0),  # its real rule (≥ price) is checked in problems()
    "stock": lambda v: _number(v, 0, 100_000),
    "unit": lambda v: _text(v, 1, 30),
    "net_weight_g": lambda v: _number(v, 1),
    "shipping_weight_g": lambda v: _number(v, 1, 30_000),
    "images": _images,
    "origin_province": lambda v: _text(v, 1, 50),
}


def vietnam_today() -> date:
    """Today's date in Vietnam (UTC+7), which judges certificate expiry."""
    return datetime.now(UTC).astimezone(VIETNAM).date()


def ocop_issues(value: object, today: date) -> list[Issue]:
    """Problems of the ``ocop`` object (None is fine)."""
    if value is None:
        return []
    if not isinstance(value, dict):
        return [{"field": "ocop", "issue": "invalid"}]
    issues = []
    stars = value.get("stars")
    if stars is None:
        issues.append({"field": "ocop.stars", "issue": "missing"})
    elif (reason := _number(stars, 3, 5)) is not None:
        issues.append({"field": "ocop.stars", "issue": reason})
    certificate = value.get("certificate_no")
    if certificate is None:
        issues.append({"field": "ocop.certificate_no", "issue": "missing"})
    elif (reason := _text(certificate, 1, 100)) is not None:
        issues.append({"field": "ocop.certificate_no", "issue": reason})
    issues.extend(_valid_until_issues(value.get("valid_until"), today))
    return issues


def _valid_until_issues(value: object, today: date) -> list[Issue]:
    if value is None:
        return [{"field": "ocop.valid_until", "issue": "missing"}]
    try:
        valid_until = (
            date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
        )
    except ValueError:
        valid_until = None
    if valid_until is None:
        return [{"field": "ocop.valid_until", "issue": "invalid"}]
    return [{"field": "ocop.valid_until", "issue": "expired"}] if valid_until < today else []


def problems(
    body: dict[str, Any],
    today: date | None = None,
    codes: Mapping[str, str] = POSTMART_CATEGORIES,
) -> list[Issue]:
    """Every failing field of a ListingInput, in the table's order (empty: acceptable);
    ``codes`` is the category list the sandbox serves."""
    issues: list[Issue] = []
    for name in FIELDS:
        value = body.get(name)
        if name == "ocop":
            issues.extend(ocop_issues(value, today or vietnam_today()))
        elif value is None:
            if name in REQUIRED:
                issues.append({"field": name, "issue": "missing"})
        elif (reason := CHECKS[name](value)) is not None:
            issues.append({"field": name, "issue": reason})
        elif name == "category_code" and value not in codes:
            issues.append({"field": name, "issue": "invalid"})
    price, list_price = body.get("price"), body.get("list_price")
    # compared only when both passed their own checks: one mistake, one detail
    list_price_failed = any(i["field"] in {"price", "list_price"} for i in issues)
    both_int = isinstance(price, int) and isinstance(list_price, int)
    if both_int and list_price < price and not list_price_failed:  # type: ignore[operator]
        issues.append({"field": "list_price", "issue": "out_of_range"})
    return issues


def only_expired(issues: list[Issue]) -> bool:
    """True when the one failure is an expired certificate (code 42201)."""
    return len(issues) == 1 and issues[0]["issue"] == "expired"


def listing_fields(body: dict[str, Any]) -> dict[str, Any]:
    """The known fields of an accepted input, NFC text, omitted nullable fields as null."""
    kept = {name: body.get(name) for name in FIELDS}
    for name, value in kept.items():
        if isinstance(value, str):
            kept[name] = unicodedata.normalize("NFC", value)
    if isinstance(kept["ocop"], dict):
        kept["ocop"] = {k: kept["ocop"][k] for k in ("stars", "certificate_no", "valid_until")}
    return kept
