"""Vietnamese storefront prices → integer VND.

Pages show prices as ``125,000₫``, ``125.000 ₫``, ``1.250.000đ``, ``125k``, ``1,2 triệu`` or
``₫125,000``; ``price-parser`` gets ``125k`` and ``1,2 triệu`` wrong (no multiplier) and takes the
first number of "old price, sale price" text, so this small parser is ours. VND has no minor
unit: a result is always a whole number of đồng.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

# A thousands-grouped number ("1.250.000", "125,000", "125 000"), optionally with a short
# fraction in the other separator ("1,250,000.00"), or a plain/decimal number ("1,2", "125000").
_NUMBER = re.compile(
    r"(?P<grouped>\d{1,3}(?:(?P<sep>[.,\s])\d{3})(?:(?P=sep)\d{3})*(?![\d]))"
    r"(?:[.,](?P<frac>\d{1,2})(?!\d))?"
    r"|(?P<plain>\d+(?:[.,]\d+)?)"
)
_MULTIPLIER = re.compile(r"\s*(?P<unit>triệu|trieu|tr|nghìn|nghin|ngàn|ngan|k)(?![a-zà-ỹ])", re.I)
_MULTIPLIERS = {"triệu": 1_000_000, "trieu": 1_000_000, "tr": 1_000_000, "k": 1_000}
_NOT_DIGIT = re.compile(r"\D")


def normalise_text(text: str) -> str:
    """NFC, every run of spaces (NBSP, narrow NBSP, thin: every character ``str.isspace``
    calls one) as one plain space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def find_prices(text: str) -> list[int]:
    """Every price in ``text``, in order of appearance, as integer VND."""
    return list(_prices(normalise_text(text)))


def parse_vnd(text: str | None) -> int | None:
    """The first price in ``text`` as integer VND, or None when it shows none ("Liên hệ")."""
    if not text:
        return None
    return next(_prices(normalise_text(text)), None)


def _prices(clean: str) -> Iterator[int]:
    """The prices in normalised text, read one at a time (a page asks for the first)."""
    for match in _NUMBER.finditer(clean):
        unit = _MULTIPLIER.match(clean, match.end())
        multiplier = _MULTIPLIERS.get(unit["unit"].lower(), 1_000) if unit else 1
        whole = _whole(match)
        if whole is not None:  # no fraction: integers all the way, as most prices are
            yield whole * multiplier
            continue
        value = _amount(match)
        if value is not None:
            yield int((value * multiplier).to_integral_value())


def _whole(match: re.Match[str]) -> int | None:
    """The match's amount when it is a whole number, else None."""
    if match["grouped"]:
        return int(_NOT_DIGIT.sub("", match["grouped"])) if not match["frac"] else None
    plain = match["plain"]
    return int(plain) if plain.isdigit() else None


def _amount(match: re.Match[str]) -> Decimal | None:
    try:
        if match["grouped"]:
            whole = _NOT_DIGIT.sub("", match["grouped"])
            frac = match["frac"] or "0"
            return Decimal(f"{whole}.{frac}")
        return Decimal(match["plain"].replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only admits digits
        return None
