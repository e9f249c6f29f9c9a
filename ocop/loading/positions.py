"""Where each value of a YAML document is: data path → line and column.

The fast parser (yaml-rs) gives data without positions. Positions are only needed when there
is something to report, so this index is built lazily, from libyaml's event stream (C speed,
no Python objects for the data), and only then. It also finds duplicate keys with both lines
and keeps each scalar's source text and style, so messages can quote what the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ocop.problem import Path


@dataclass(frozen=True)
class Mark:
    """1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True)
class Duplicate:
    """A key that occurs twice in one mapping."""

    path: Path
    first: Mark
    again: Mark


@dataclass
class PositionIndex:
    """Positions of keys and values by data path."""

    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    scalars: dict[Path, tuple[str, bool]] = field(default_factory=dict)  # text, was it plain
    duplicates: list[Duplicate] = field(default_factory=list)

    def find(self, path: Path, *, key: bool = False) -> Mark | None:
        """The mark of ``path``, or of its nearest ancestor that exists."""
        while True:
            table = self.keys if key and path in self.keys else self.values
            if path in table:
                return table[path]
            if not path:
                return None
            path = path[:-1]


@dataclass
class _Frame:
    path: Path
    is_map: bool
    index: int = 0
    key: str | None = None
    seen: dict[str, Mark] = field(default_factory=dict)


def _mark(event: yaml.Event) -> Mark:
    start = event.start_mark
    return Mark(start.line + 1, start.column + 1) if start is not None else Mark(1, 1)


def build_index(text: str) -> PositionIndex:
    """Index ``text``; on a syntax error, keep what was indexed before it."""
    index = PositionIndex()
    stack: list[_Frame] = []
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            _step(index, stack, event)
    except yaml.YAMLError:
        pass
    return index


def _step(index: PositionIndex, stack: list[_Frame], event: yaml.Event) -> None:
    if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
        stack.pop()
        return
    if not isinstance(event, yaml.NodeEvent):
        return
    path = _place(index, stack, event)
    if path is None:  # the node was a mapping key
        return
    index.values[path] = _mark(event)
    if isinstance(event, yaml.ScalarEvent):
        index.scalars[path] = (event.value, event.style is None)
    elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
        stack.append(_Frame(path, isinstance(event, yaml.MappingStartEvent)))


def _place(index: PositionIndex, stack: list[_Frame], event: yaml.NodeEvent) -> Path | None:
    if not stack:
        return ()
    top = stack[-1]
    if not top.is_map:
        top.index += 1
        return (*top.path, top.index - 1)
    if top.key is None:
        key = event.value if isinstance(event, yaml.ScalarEvent) else "?"
        mark = _mark(event)
        if key in top.seen:
            index.duplicates.append(Duplicate((*top.path, key), top.seen[key], mark))
        else:
            top.seen[key] = mark
        index.keys[(*top.path, key)] = mark
        top.key = key
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            stack.append(_Frame((*top.path, "?"), isinstance(event, yaml.MappingStartEvent)))
        return None
    path = (*top.path, top.key)
    top.key = None
    return path
