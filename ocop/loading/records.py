"""Validate one record at a time, children first, so one mistake never hides another.

A product with a wrong price in one SKU is still checked for its producer reference, its
certificates and its other SKUs: children (SKUs, certifications, addresses) are validated one by
one, the valid ones are kept, and the record is validated with them. An optional field with a
wrong value is reported and then left out, so the record's own rules still run. The catalogue as
a whole stays invalid whenever anything was reported; this only widens what gets reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ocop.model import Address, Certification, Producer, Product, Sku, fields_of
from ocop.problem import Path, Problem, Severity
from ocop.values import explain_errors

LIST_CHILDREN: dict[type[object], dict[str, type[object]]] = {
    Product: {"certifications": Certification, "skus": Sku},
}
ONE_CHILD: dict[type[object], dict[str, type[object]]] = {
    Product: {"locality": Address},
    Producer: {"address": Address},
}


@dataclass
class Checked:
    """A record (None if it could not be built), its problems, and where its children sat."""

    record: Any
    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, list[int]] = field(default_factory=dict)
    reported: set[str] = field(default_factory=set)  # children whose errors are already in


def validate_record(model: type[object], item: Any, path: Path) -> Checked:
    """Validate ``item`` as ``model``, reporting problems under ``path``."""
    checked = Checked(None)
    if isinstance(item, dict):
        try:  # the common case: the whole record is right
            checked.record = record_validator(model)(item)
            checked.positions = {
                name: list(range(len(getattr(checked.record, name))))
                for name in LIST_CHILDREN.get(model, {})
            }
            return checked
        except ValidationError:
            pass
        item = _children(model, item, path, checked)
    try:
        checked.record = record_validator(model)(item)
        return checked
    except ValidationError as exc:
        covered = {(*path, name) for name in checked.reported}
        checked.problems += [p for p in pydantic_problems(exc, path) if p.path not in covered]
        retry = _without_bad_optionals(model, item, exc)
    if retry is not None and not checked.reported:
        try:
            checked.record = record_validator(model)(retry)
        except ValidationError:
            checked.record = None
    return checked


def _children(
    model: type[object], item: dict[str, Any], path: Path, checked: Checked
) -> dict[str, Any]:
    item = dict(item)
    for name, child in LIST_CHILDREN.get(model, {}).items():
        values = item.get(name)
        if not isinstance(values, list):
            continue
        kept, positions = [], []
        for n, value in enumerate(values):
            sub = validate_record(child, value, (*path, name, n))
            checked.problems += sub.problems
            if sub.record is not None:
                kept.append(sub.record)
                positions.append(n)
        item[name] = kept
        checked.positions[name] = positions
        if values and not kept:
            checked.reported.add(name)  # "needs at least one" would only repeat them
    for name, child in ONE_CHILD.get(model, {}).items():
        if isinstance(item.get(name), dict):
            sub = validate_record(child, item[name], (*path, name))
            checked.problems += sub.problems
            item[name] = sub.record
            if sub.record is None:
                checked.reported.add(name)
    return item


def _without_bad_optionals(model: type[object], item: Any, exc: ValidationError) -> Any:
    """The record with its wrong optional fields removed, or None if a required one is wrong."""
    if not isinstance(item, dict):
        return None
    fields = fields_of(model)
    bad = {e["loc"][0] for e in exc.errors(include_url=False) if e["loc"]}
    if any(not isinstance(b, str) or b not in fields or fields[b].is_required() for b in bad):
        return None
    return {k: v for k, v in item.items() if k not in bad}


# Records are pydantic dataclasses (ocop.model); their errors get the names a model's would
# have, so codes and messages do not depend on that choice.
_AS_MODEL = {
    "unexpected_keyword_argument": "extra_forbidden",
    "dataclass_type": "model_type",
    "dataclass_exact_type": "model_type",
}


def record_validator(model: type[object]) -> Callable[[Any], Any]:
    """Validates one record of class ``model`` from its parsed YAML."""
    return _validator(model)


def records_validator(model: type[object]) -> Callable[[Any], list[Any]]:
    """Validates a whole list of records of class ``model`` in one call."""
    return _validator(list[model])  # type: ignore[valid-type]


def _validator(kind: Any) -> Callable[[Any], Any]:
    validator = _VALIDATORS.get(kind)
    if validator is None:  # building a TypeAdapter costs milliseconds: once per kind
        validator = _VALIDATORS[kind] = TypeAdapter(kind).validate_python
    return validator


_VALIDATORS: dict[Any, Callable[[Any], Any]] = {}


def pydantic_problems(exc: ValidationError, prefix: Path) -> list[Problem]:
    """One unworded problem per pydantic error; ``ocop.loading`` words and places them."""
    problems = []
    for error in explain_errors(exc.errors(include_url=False)):
        error["type"] = _AS_MODEL.get(error["type"], error["type"])
        if error["type"] == "too_long" and isinstance(error.get("input"), str):
            error["type"] = "string_too_long"  # a text bound applied after a normalising step
        if error["type"] == "invalid_key" and not isinstance(error.get("input"), int | float):
            # a list or mapping as a key: the position index calls such a key "?"
            error = {**error, "loc": (*error["loc"][:-1], "?")}
        path = (*prefix, *error["loc"])
        if error["type"] == "extra_forbidden":
            from ocop.loading.fields import fields_at

            error = {**error, "ctx": {"known": fields_at((*prefix, *error["loc"][:-1]))}}
        problems.append(Problem(path, "", Severity.ERROR, error["type"], extra=error))
    return problems
