"""Pydantic's validation errors, said in words a cooperative's staff understand.

Each error type maps to one translatable template; ocop's own value types put their template in
the error's context. Field-specific hints (what an id or a SKU looks like) are keyed by the
field name, so the same pattern error reads differently for a SKU and for an id.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic_core import ErrorDetails

from ocop.i18n import N_, _
from ocop.values import digits_of

TEMPLATES: dict[str, str] = {
    "missing": N_("{field} is required here"),
    "extra_forbidden": N_("unknown field {field!r}{hint}"),
    "string_type": N_("expected text, found {found}"),
    "int_type": N_("expected a whole number, found {found}"),
    "int_parsing": N_("expected a whole number, found {found}"),
    "int_from_float": N_("expected a whole number, found {found}"),
    "float_type": N_("expected a number, found {found}"),
    "float_parsing": N_("expected a number, found {found}"),
    "bool_type": N_("write true or false, found {found}"),
    "bool_parsing": N_("write true or false, found {found}"),
    "list_type": N_("expected a list (lines starting with '- '), found {found}"),
    "dict_type": N_("expected fields (key: value lines), found {found}"),
    "model_type": N_("expected fields (key: value lines), found {found}"),
    "model_attributes_type": N_("expected fields (key: value lines), found {found}"),
    "invalid_key": N_(
        "{found} is not a field name: inside {{ }} a comma starts a new field, so write "
        "numbers without commas"
    ),
    "string_too_short": N_("must not be empty"),
    "string_too_long": N_("is {length} characters long; at most {max_length} fit here"),
    "too_short": N_("needs at least {min_length} item(s)"),
    "too_long": N_("allows at most {max_length} item(s)"),
    "greater_than": N_("must be more than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "date_type": N_("expected a date such as 2025-06-26 or 26/06/2025, found {found}"),
    "date_parsing": N_("expected a date such as 2025-06-26 or 26/06/2025, found {found}"),
    "date_from_datetime_parsing": N_("expected a date such as 2025-06-26, found {found}"),
    "url_parsing": N_("expected a web address starting with https://, found {found}"),
    "url_scheme": N_("expected a web address starting with https://, found {found}"),
    "url_type": N_("expected a web address starting with https://, found {found}"),
    "literal_error": N_("{found} is not allowed; choose one of: {expected}{hint}"),
    "enum": N_("{found} is not allowed; choose one of: {expected}{hint}"),
}

PATTERN_HINTS: dict[str, str] = {
    "id": N_(
        "an id uses lower-case letters without accents, digits and hyphens, "
        "e.g. che-tom-non-hao-dat"
    ),
    "producer": N_(
        "a producer id uses lower-case letters without accents, digits and hyphens, "
        "e.g. htx-che-hao-dat"
    ),
    "sku": N_(
        "a SKU has 1–50 letters without accents, digits, dots, hyphens or underscores, "
        "e.g. HD-CTN-100"
    ),
    "tax_code": N_("a tax code has 10 digits (a branch adds -001), or 12 for a household"),
    "gtin": N_("a barcode (GTIN-13) has 13 digits"),
    "commune": N_("a commune code has 5 digits, e.g. 05503 (Xã Tân Cương)"),
}

PRICE_AS_TYPED = N_(
    "a price is a whole number of đồng without dots or commas: write {fixed}, not {text!r}"
)
STARS = N_("{found} is not a star rating: only 3, 4 or 5 stars are OCOP-certified")


def describe(error: ErrorDetails, raw: tuple[str, bool] | None) -> str:
    """One sentence for one pydantic error; ``raw`` is the YAML text of the value, if known."""
    ctx = {k: _short(v) if k == "text" else v for k, v in (error.get("ctx") or {}).items()}
    kind = error["type"]
    if kind in ("ocop_price_decimal", "ocop_price_text") and raw is not None:
        fixed = _whole_dong(raw[0])
        if fixed is not None:  # quote what the user typed and the number they meant
            return _(PRICE_AS_TYPED).format(text=raw[0].strip(), fixed=fixed)
    if "template" in ctx:
        if "kind" in ctx:  # what a value is ("phone number"), marked N_() where it is named
            ctx["kind"] = _(str(ctx["kind"]))
        return _(str(ctx.pop("template"))).format(**ctx)
    field = next((str(p) for p in reversed(error["loc"]) if isinstance(p, str)), "")
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(field, N_("has the wrong form"))
        return _("{found} is not valid: {hint}").format(found=_found(error, raw), hint=_(hint))
    if kind == "literal_error" and field == "stars":
        return _(STARS).format(found=_found(error, raw))
    if kind == "invalid_key" and not isinstance(error.get("input"), int | float):
        return _(
            "a field name is a plain word such as name:, not a list, a group of fields or "
            "nothing (a '?' line, or a key written in [ ] or { })"
        )
    template = TEMPLATES.get(kind)
    if template is None:
        return error["msg"]
    values: dict[str, Any] = {
        **ctx,
        "field": field,
        "found": _found(error, raw),
        "hint": _hint(kind, error, field, ctx),
    }
    if isinstance(error.get("input"), str | list | dict):
        values["length"] = len(error["input"])
    if "expected" in values:  # pydantic's "'a', 'b' or 'c'": the choices, in no language
        values["expected"] = ", ".join(_choices(str(values["expected"])))
    return _(template).format(**values)


def _whole_dong(text: str) -> str | None:
    """``125.000`` or ``1,250,000`` written with thousands separators → ``125000``."""
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+", text):
        return text.replace(".", "").replace(",", "")
    return None


SHOWN_CHARACTERS = 60  # a message quotes at most this much of what was typed


def _short(value: Any) -> Any:
    """What a message quotes of a value: a 20 MB cell is not repeated in full."""
    if isinstance(value, str) and len(value) > SHOWN_CHARACTERS:
        return value[: SHOWN_CHARACTERS - 1] + "…"
    return value


def _found(error: ErrorDetails, raw: tuple[str, bool] | None) -> str:
    if raw is not None:
        return repr(_short(raw[0]))
    value = error.get("input")
    if isinstance(value, dict):
        return _("a group of fields")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("nothing")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return _("a number of {digits} digits").format(digits=digits_of(value))
    return repr(_short(value))


def _choices(expected: str) -> list[str]:
    """The values pydantic lists as ``'a', 'b' or 'c'``."""
    return [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]


def _hint(kind: str, error: ErrorDetails, field: str, ctx: dict[str, Any]) -> str:
    if kind == "extra_forbidden":
        known: list[str] = list(ctx.get("known", []))
        match = difflib.get_close_matches(field, known, n=1)
        return _(" (did you mean {name!r}?)").format(name=match[0]) if match else ""
    if kind in ("enum", "literal_error"):
        choices = _choices(str(ctx.get("expected", "")))
        match = difflib.get_close_matches(str(error.get("input")), choices, n=1)
        return _(" (did you mean {name!r}?)").format(name=match[0]) if match else ""
    return ""
