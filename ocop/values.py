"""Value types of the catalogue, each with the message a cooperative's staff would understand.

A price, a decision number or a date is checked twice over, on purpose:

    value ──fast core schema (Rust)──▶ accepted            the usual, well-written value
      └── refused ──▶ slow schema (Python validators) ──▶ accepted, normalised ("2361/QD-BNNMT")
                                                      └─▶ refused: error "ocop_fast"
    ocop.loading ──explain_errors()──▶ the slow schema's own, worded error, in its place

A national catalogue holds about 100,000 such values; calling Python for each one cost about a
sixth of loading it. The fast schemas accept exactly the values the slow ones accept unchanged,
so the result is the same either way (``tests/catalog/test_values.py`` holds them to that).
Custom errors carry their template in ctx["template"] so ocop.loading can translate them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, GetCoreSchemaHandler, StringConstraints
from pydantic_core import (
    CoreSchema,
    ErrorDetails,
    PydanticCustomError,
    SchemaValidator,
    core_schema,
)
from pydantic_core import ValidationError as CoreValidationError

from ocop.i18n import N_

__all__ = [
    "CommuneCode",
    "Count",
    "Day",
    "DecisionNumber",
    "Flag",
    "Grams",
    "Gtin13",
    "Phone",
    "Price",
    "SellerSku",
    "Slug",
    "Stars",
    "TaxCode",
    "explain_errors",
    "fast_or_slow",
    "worded_error",
]

FAST_PATH_REFUSED = "ocop_fast"
_EXPLAINERS: dict[str, SchemaValidator] = {}


class FastPath:
    """``Annotated`` marker, placed last: values ``fast`` accepts never reach Python.

    Anything else goes through the type's full (slow) schema, which may still accept and
    normalise it; if it refuses, the error names the type so ``explain_errors`` can ask the slow
    schema what exactly is wrong.
    """

    def __init__(self, name: str, fast: CoreSchema, *, json_from_fast: bool = False) -> None:
        self.name = name
        self.fast = fast
        self.json_from_fast = json_from_fast  # when the slow one's constraints hide behind code

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        slow = handler(source)
        return fast_or_slow(self.name, self.fast, slow, self.fast if self.json_from_fast else None)


def fast_or_slow(
    name: str, fast: CoreSchema, slow: CoreSchema, json: CoreSchema | None = None
) -> CoreSchema:
    """``fast`` first; what it refuses goes to ``slow``, whose errors explain the refusal."""
    _EXPLAINERS[name] = SchemaValidator(slow)
    either = core_schema.union_schema(
        [fast, slow],
        mode="left_to_right",
        custom_error_type=FAST_PATH_REFUSED,
        custom_error_message="refused; ocop.values.explain_errors says why",
        custom_error_context={"value_type": name},
    )
    # JSON Schema (ocop schema) describes the slow schema: what staff may write.
    return core_schema.json_or_python_schema(json_schema=json or slow, python_schema=either)


def explain_errors(errors: Iterable[ErrorDetails]) -> list[ErrorDetails]:
    """Pydantic's errors, with each fast-path refusal replaced by the slow schema's own errors."""
    explained: list[ErrorDetails] = []
    for error in errors:
        ctx = error.get("ctx") or {}
        if error["type"] != FAST_PATH_REFUSED or ctx.get("value_type") not in _EXPLAINERS:
            explained.append(error)
            continue
        try:
            _EXPLAINERS[ctx["value_type"]].validate_python(error["input"])
        except CoreValidationError as exc:
            explained += [
                {**inner, "loc": (*error["loc"], *inner["loc"])}
                for inner in exc.errors(include_url=False)
            ]
        else:  # cannot happen: the slow schema is the union's second choice
            explained.append(error)
    return explained


def worded_error(code: str, template: str, **ctx: Any) -> PydanticCustomError:
    """An error whose template ocop.loading translates and fills with ``ctx``."""
    return PydanticCustomError(code, template, {"template": template, **ctx})


# Bounds of the numbers (docs/catalogue.md, "Bounds", lists every one and what happens past it).
MAX_PRICE = 1_000_000_000  # đồng: twice the highest price any marketplace lists (500 million)
MAX_STOCK = 1_000_000  # units: above every marketplace's own ceiling (999,999 at most)
MAX_GRAMS = 100_000  # 100 kg (or 100 litres): above every carrier's parcel limit


def shown_number(value: int) -> str:
    """A whole number as Vietnamese documents write it: 1.250.000."""
    return f"{value:,}".replace(",", ".")


def digits_of(value: int) -> int:
    """How many digits ``value`` (> 0) has, without str(), which refuses more than 4,300."""
    low = int((value.bit_length() - 1) * 0.30102999566398)  # log10(2): never above the truth
    return low + 1 + int(value >= 10 ** (low + 1))


def _price(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_PRICE:
        if value.bit_length() > 64:
            raise worded_error(
                "ocop_price_high",
                N_(
                    "this price has {digits} digits; the highest price ocop accepts is "
                    "{limit} đồng: check the number"
                ),
                digits=digits_of(value),
                limit=shown_number(MAX_PRICE),
            )
        raise worded_error(
            "ocop_price_high",
            N_(
                "{amount} đồng is above the highest price ocop accepts, {limit} đồng (no "
                "marketplace lists more): check for extra zeros"
            ),
            amount=shown_number(value),
            limit=shown_number(MAX_PRICE),
        )
    if isinstance(value, bool):
        raise worded_error("ocop_price", N_("a price is a whole number of đồng, e.g. 125000"))
    if isinstance(value, float):
        raise worded_error(
            "ocop_price_decimal",
            N_(
                "a price is a whole number of đồng without dots or commas: "
                "write 125000, not 125.000 or 125,5"
            ),
        )
    if isinstance(value, str):
        if re.fullmatch(r"\s*\d+(?:[.,]\d+)*\s*(?:k|nghìn|ngàn)\s*", value, re.I):
            raise worded_error(
                "ocop_price_shorthand",
                N_("write the full amount in đồng: 125000, not {text!r}"),
                text=value,
            )
        raise worded_error(
            "ocop_price_text",
            N_("a price is a whole number of đồng, digits only: write 125000, not {text!r}"),
            text=value,
        )
    return value


def _digits_string(kind: str, example: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise worded_error(
                "ocop_quoted",
                N_("write the {kind} in quotes, e.g. {example}"),
                kind=kind,
                example=example,
            )
        if isinstance(value, int):
            raise worded_error(
                "ocop_quoted",
                N_("write the {kind} in quotes, e.g. {example}, so that a leading 0 is kept"),
                kind=kind,
                example=example,
            )
        return value

    return check


def _phone(value: Any) -> Any:
    value = _digits_string(N_("phone number"), '"0912345678"')(value)
    if isinstance(value, str):
        digits = re.sub(r"[\s.\-()]", "", value)
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        elif digits.startswith("84") and len(digits) in (11, 12):
            digits = "0" + digits[2:]
        if not re.fullmatch(r"0(?:[35789]\d{8}|2\d{9})", digits):
            raise worded_error(
                "ocop_phone",
                N_(
                    "{text!r} is not a Vietnamese phone number: a mobile has 10 digits "
                    "starting 03, 05, 07, 08 or 09; a landline 11 digits starting 02"
                ),
                text=value,
            )
        return digits
    return value


def _commune_code(value: Any) -> Any:
    # A bare 5503 is unambiguous: NSO codes are zero-padded to 5 digits.
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100000:
        return f"{value:05d}"
    return value


MAX_DECISION = 40  # the longest real ones ("1234/QĐ-UBND-NNPTNT") have about 20 characters
_DECISION_RE = re.compile(r"^\d{1,5}/QĐ-[A-ZĐ&]+(?:-[A-ZĐ&]+)*$")


def _decision(value: Any) -> Any:
    if isinstance(value, str) and _DECISION_RE.match(value):
        return value  # already as written on the decision: the common case
    if isinstance(value, str):
        text = re.sub(r"\s+", "", value).upper().replace("/QD-", "/QĐ-")
        if not _DECISION_RE.match(text):
            raise worded_error(
                "ocop_decision",
                N_(
                    "{text!r} is not a decision number; write it as on the decision, "
                    "e.g. 2361/QĐ-BNNMT or 1234/QĐ-UBND"
                ),
                text=value,
            )
        return text
    return value


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
        if match:  # Vietnamese documents write dates day/month/year
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                pass
        if not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
            raise worded_error(
                "ocop_date",
                N_("{text!r} is not a date; write 2025-06-26 or 26/06/2025"),
                text=value,
            )
    return value


def _strict_bool(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in {
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "có",
        "không",
    }:
        raise worded_error(
            "ocop_bool",
            N_("write true or false (not {text!r}: YAML 1.2 reads it as text)"),
            text=value,
        )
    return value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
SellerSku = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,50}$")]
Price = Annotated[
    int,
    BeforeValidator(_price),
    Field(gt=0, le=MAX_PRICE, strict=True),
    FastPath("price", core_schema.int_schema(strict=True, gt=0, le=MAX_PRICE), json_from_fast=True),
]
Count = Annotated[int, Field(ge=0, le=MAX_STOCK, strict=True)]
Grams = Annotated[int, Field(gt=0, le=MAX_GRAMS, strict=True)]
Phone = Annotated[str, BeforeValidator(_phone), StringConstraints(max_length=11)]
TaxCode = Annotated[
    str,
    BeforeValidator(_digits_string(N_("tax code"), '"4600123456"')),
    StringConstraints(pattern=r"^(?:\d{10}(?:-\d{3})?|\d{12})$"),
]
Gtin13 = Annotated[
    str,
    BeforeValidator(_digits_string(N_("barcode"), '"8934567890123"')),
    StringConstraints(pattern=r"^\d{13}$"),
]
CommuneCode = Annotated[
    str,
    BeforeValidator(_commune_code),
    StringConstraints(pattern=r"^\d{5}$"),
    FastPath("commune", core_schema.str_schema(pattern=r"^\d{5}$")),
]
DecisionNumber = Annotated[
    str,
    BeforeValidator(_decision),
    StringConstraints(max_length=MAX_DECISION),
    FastPath(
        "decision", core_schema.str_schema(pattern=_DECISION_RE.pattern, max_length=MAX_DECISION)
    ),
]
Day = Annotated[
    date, BeforeValidator(_date), FastPath("date", core_schema.date_schema(strict=True))
]
Flag = Annotated[
    bool,
    BeforeValidator(_strict_bool),
    Field(strict=True),
    FastPath("flag", core_schema.bool_schema(strict=True)),
]
Stars = Literal[3, 4, 5]
