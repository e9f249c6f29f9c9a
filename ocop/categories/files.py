"""Category lists in files: what ``ocop sandbox --categories NAME=FILE`` starts a sandbox with.

A file is YAML or JSON: a list of categories, each ``{id, name}`` with ``parent`` (an id) or
nested ``children``; ``leaf`` defaults to "has no children", ``aliases`` to none::

    - id: 100
      name: Bách hóa
      children:
        - {id: 110, name: Đồ uống, children: [{id: 111, name: Trà}]}
    - {id: 200, name: Sức khỏe}
    - {id: 201, name: Thực phẩm chức năng, parent: 200}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import yaml_rs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ocop.connector import Category
from ocop.errors import ConfigError
from ocop.i18n import _

MAX_BYTES = 20 * 1024 * 1024
MAX_CATEGORIES = 100_000
LIMITS = yaml_rs.AliasLimits(
    max_total_replayed_events=100_000,
    max_replay_stack_depth=16,
    max_alias_expansions_per_anchor=100,
)
Name = Annotated[str, Field(min_length=1, max_length=300)]
Id = Annotated[int, Field(ge=0, le=2**53)] | Annotated[str, Field(min_length=1, max_length=100)]


class Entry(BaseModel):
    """One category as a file writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    name: Name
    parent: Id | None = None
    leaf: bool | None = None
    aliases: list[Name] = Field(default_factory=list, max_length=20)
    children: list[Entry] = Field(default_factory=list)


def _flat(entries: Sequence[Entry], parent: int | str | None) -> Iterator[Category]:
    for entry in entries:
        above = entry.parent if entry.parent is not None else parent
        leaf = entry.leaf if entry.leaf is not None else not entry.children
        yield Category(entry.id, entry.name, above, leaf, tuple(entry.aliases))
        yield from _flat(entry.children, entry.id)


def categories_from(data: Any, where: str = "-") -> list[Category]:
    """The categories of a parsed file (``ConfigError`` naming ``where`` when malformed)."""
    try:
        entries = [Entry.model_validate(item) for item in _items(data, where)]
    except ValidationError as exc:
        first = exc.errors()[0]
        place = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            _("{path}: not a category list ({place}: {message})").format(
                path=where, place=place or "-", message=first["msg"]
            )
        ) from None
    found = list(_flat(entries, None))
    if len(found) > MAX_CATEGORIES:
        raise ConfigError(
            _("{path}: more than {n} categories").format(path=where, n=MAX_CATEGORIES)
        )
    parents = {str(c.parent) for c in found if c.parent is not None}
    # a category another one names as its parent is not a leaf, whatever "leaf" said
    return [replace(c, leaf=False) if str(c.id) in parents else c for c in found]


def _items(data: Any, where: str) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("categories"), list):
        data = data["categories"]
    if not isinstance(data, list) or not data:
        raise ConfigError(_("{path}: expected a list of categories").format(path=where))
    return data


def read_categories(path: Path | str) -> list[Category]:
    """The categories in a YAML or JSON file (``ConfigError`` when it cannot be used)."""
    where = str(path)
    try:
        raw = Path(path).read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise ConfigError(
            _("{path}: cannot read it ({error})").format(path=where, error=exc.strerror)
        ) from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(_("{path}: larger than 20 MB").format(path=where))
    try:
        data = yaml_rs.loads(raw.decode("utf-8"), alias_limits=LIMITS)
    except (UnicodeDecodeError, yaml_rs.YAMLDecodeError, ValueError) as exc:
        raise ConfigError(
            _("{path}: not YAML or JSON ({error})").format(path=where, error=str(exc)[:200])
        ) from None
    return categories_from(data, where)


def category_data(categories: Sequence[Category]) -> list[dict[str, Any]]:
    """Categories as JSON-ready data, flat (what the cache and ``--format json`` write)."""
    return [
        {"id": c.id, "name": c.name, "parent": c.parent, "leaf": c.leaf, "aliases": list(c.aliases)}
        for c in categories
    ]
