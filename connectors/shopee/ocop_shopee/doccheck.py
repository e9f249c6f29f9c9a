"""Checking a request or an answer against Shopee's parameter tables (``ocop_shopee.apidoc``).

The sandbox refuses requests with these checks and the conformance tests hold both sides to
them, so "what the documentation says" is computed in one place. A problem names the dotted
path of the field (``model_list[0].seller_stock``) and a reason in ocop's vocabulary:
``missing``, ``invalid`` (wrong type or form), ``unknown_field``, ``out_of_range``.

Query strings follow the reading of GET arrays in ``apidoc.READINGS``: integer lists
comma-separated in one value, string lists as repeated keys.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ocop_shopee.apidoc import Endpoint, Param

COMMON_SHOP = ("partner_id", "timestamp", "access_token", "shop_id", "sign")
COMMON_PUBLIC = ("partner_id", "timestamp", "sign")


@dataclass(frozen=True)
class Problem:
    """One field that does not match the documentation."""

    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


def common_params(endpoint: Endpoint) -> tuple[str, ...]:
    """The query parameters every call of this kind carries (``common_params``)."""
    return COMMON_SHOP if endpoint.shop else COMMON_PUBLIC


# --- JSON values ----------------------------------------------------------------------------


def _json_kind_ok(kind: str, value: Any) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        number = isinstance(value, int | float) and not isinstance(value, bool)
        return number and math.isfinite(value)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "object":
        return isinstance(value, dict)
    return True  # a file is checked by the multipart reader


def _in_limits(param: Param, value: Any) -> bool:
    if param.limits is None:
        return True
    low, high = param.limits
    size = len(value) if param.is_list else value
    return not isinstance(size, int | float) or low <= size <= high


def check_value(param: Param, value: Any, path: str, strict: bool = True) -> list[Problem]:
    """Problems of one JSON ``value`` documented by ``param`` (``strict``: refuse unknown keys)."""
    if param.is_list:
        if not isinstance(value, list):
            return [Problem(path, "invalid")]
        if not _in_limits(param, value):
            return [Problem(path, "out_of_range")]
        element = Param(param.name, param.type.removesuffix("[]"), children=param.children)
        found: list[Problem] = []
        for index, item in enumerate(value):
            found.extend(check_value(element, item, f"{path}[{index}]", strict))
        return found
    if not _json_kind_ok(param.kind, value):
        return [Problem(path, "invalid")]
    if param.kind == "object":
        return check_object(param.children, value, path, strict)
    return [] if _in_limits(param, value) else [Problem(path, "out_of_range")]


def check_object(
    params: Sequence[Param], value: Mapping[str, Any], path: str = "", strict: bool = True
) -> list[Problem]:
    """Problems of a JSON object against its documented fields, in the documentation's order:
    missing required ones, then wrong ones, then (``strict``) undocumented keys."""
    prefix = f"{path}." if path else ""
    found = [
        Problem(prefix + p.name, "missing") for p in params if p.required and p.name not in value
    ]
    for param in params:
        if param.name in value:
            found.extend(check_value(param, value[param.name], prefix + param.name, strict))
    if strict:
        known = {p.name for p in params}
        found.extend(Problem(prefix + key, "unknown_field") for key in value if key not in known)
    return found


def check_body(endpoint: Endpoint, body: Any) -> list[Problem]:
    """Problems of a POST call's JSON body."""
    if not isinstance(body, dict):
        return [Problem("body", "invalid")]
    return check_object(endpoint.request, body)


def check_answer(endpoint: Endpoint, answer: Any) -> list[Problem]:
    """Problems of an answer.

    A success (empty ``error``) carries every key its table marks as always returned
    (``required`` yes/True), and every key it carries is documented there with its type; the
    other documented keys may be absent (most are returned only in some regions or cases).
    A failure is the envelope alone, with an ``error`` name the call documents.
    """
    if not isinstance(answer, dict):
        return [Problem("answer", "invalid")]
    error = answer.get("error")
    if error:
        envelope = [p for p in endpoint.answer if p.name in ("error", "message", "request_id")]
        found = check_object(envelope, answer, strict=False)
        found += [Problem("error", "missing") for n in ("message",) if n not in answer]
        if isinstance(error, str) and error not in endpoint.errors:
            found.append(Problem("error", "unknown_field"))
        return found
    return check_object(endpoint.answer, answer)


# --- query strings --------------------------------------------------------------------------


def _scalar_from_text(kind: str, text: str) -> Any:
    if kind == "integer":
        body = text[1:] if text.startswith("-") else text
        return int(text) if body.isascii() and body.isdigit() else None
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    if kind == "boolean":
        return {"true": True, "false": False}.get(text)
    return text


def _list_from_texts(param: Param, texts: Sequence[str]) -> list[Any] | None:
    if param.kind == "integer" and len(texts) == 1:
        texts = texts[0].split(",")  # integer lists: one comma-separated value
    values = [_scalar_from_text(param.kind, t.strip()) for t in texts]
    return None if any(v is None for v in values) else values


def query_value(param: Param, texts: Sequence[str]) -> tuple[Any, Problem | None]:
    """The typed value of a query parameter given as ``texts`` (one per occurrence)."""
    if param.is_list:
        values = _list_from_texts(param, texts)
        if values is None:
            return None, Problem(param.name, "invalid")
        return values, None if _in_limits(param, values) else Problem(param.name, "out_of_range")
    if len(texts) != 1:
        return None, Problem(param.name, "invalid")
    value = _scalar_from_text(param.kind, texts[0])
    if value is None or param.kind == "object":
        return None, Problem(param.name, "invalid")
    return value, None if _in_limits(param, value) else Problem(param.name, "out_of_range")


def check_query(
    endpoint: Endpoint, query: Mapping[str, Sequence[str]]
) -> tuple[dict[str, Any], list[Problem]]:
    """(typed values, problems) of a GET call's own parameters; common ones are skipped."""
    values: dict[str, Any] = {}
    problems = [
        Problem(p.name, "missing") for p in endpoint.request if p.required and p.name not in query
    ]
    for param in endpoint.request:
        if param.name in query:
            value, problem = query_value(param, query[param.name])
            if problem is not None:
                problems.append(problem)
            else:
                values[param.name] = value
    known = {p.name for p in endpoint.request} | set(common_params(endpoint))
    problems.extend(Problem(key, "unknown_field") for key in query if key not in known)
    return values, problems


def encode_query(endpoint: Endpoint, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A GET call's own parameters as query pairs, in the documented forms (see module doc)."""
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        param = endpoint.param(name)
        if param is None:
            raise KeyError(f"{endpoint.name} documents no parameter {name!r}")
        if param.is_list and param.kind == "integer":
            pairs.append((name, ",".join(str(v) for v in value)))
        elif param.is_list:
            pairs.extend((name, _text(v)) for v in value)
        else:
            pairs.append((name, _text(value)))
    return pairs


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def first(problems: Iterable[Problem]) -> Problem | None:
    """The first problem, or None."""
    return next(iter(problems), None)
