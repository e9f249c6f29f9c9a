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

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from ocop.connector import ListingStatus, RemoteListing
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


def listed(
    item: Any,
    read: Callable[[Any], RemoteListing],
    keys: tuple[str, str],
    *,
    marketplace: str,
    operation: str,
) -> RemoteListing:
    """One listing of a list, read by ``read``; one it cannot read (a ``ValidationError``)
    comes back with its ``problem`` when its id and SKU (``keys``: their names in the item)
    can be read, so only its SKU fails; without them the whole list is ``MalformedAnswer``
    (planning without knowing which SKU it is could create a duplicate)."""
    try:
        return read(item)
    except ValidationError as exc:
        problem = problem_of(exc)
    found = item if isinstance(item, dict) else {}
    remote_id, sku = found.get(keys[0]), found.get(keys[1])
    if (
        type(remote_id) not in (int, str)
        or not isinstance(sku, str)
        or not str(remote_id)
        or not sku
    ):
        raise MalformedAnswer(marketplace, operation, problem)
    return RemoteListing(str(remote_id), sku, "", 0, 0, ListingStatus.BLOCKED, "", problem=problem)
