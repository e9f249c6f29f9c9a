"""Marketplace answers read into typed models, at each connector's error boundary.

A connector describes each answer of its contract as a pydantic model (strict: a price is an
integer, not the text "125000") and reads it with ``parse``. Whatever does not fit becomes an
``ocop.errors`` class naming the marketplace, the call and what was wrong:

    a read's answer     MalformedAnswer (a permanent error: asking again will not help)
    a write's answer    OutcomeUnknown: the marketplace said something, so the write may well
                        have taken effect; the engine looks the SKU up before anything else

so no ``KeyError`` or ``ValidationError`` ever leaves a connector.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from ocop.errors import MalformedAnswer, OutcomeUnknown
from ocop.i18n import _

M = TypeVar("M", bound=BaseModel)
SHOWN = 120  # characters of a value quoted in a problem


class Answer(BaseModel):
    """Base of a connector's answer models: strict types, unknown keys ignored (a marketplace
    may add fields), immutable."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


def problem_of(error: ValidationError) -> str:
    """The first thing wrong, where: ``items.3.price: Input should be a valid integer``."""
    first = error.errors(include_url=False)[0]
    place = ".".join(str(part) for part in first["loc"]) or _("the whole answer")
    more = len(error.errors()) - 1
    text = f"{place}: {first['msg']}"[:SHOWN]
    return text + (_(" (and {n} more)").format(n=more) if more else "")


def parse(model: type[M], data: Any, *, marketplace: str, operation: str, write: bool = False) -> M:
    """``data`` as ``model``, or the error the module docstring names."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problem = problem_of(exc)
    if write:
        raise OutcomeUnknown(
            marketplace,
            operation,
            _("its answer could not be read: {problem}").format(problem=problem),
        )
    raise MalformedAnswer(marketplace, operation, problem)
