"""Where each value of a YAML document is: data path → line and column.

The fast parser (yaml-rs) gives data without positions. Positions are only needed when there
is something to report, so this index is built lazily, from libyaml's event stream (C speed,
no Python objects for the data), and only then. When told which paths matter, it skips every
subtree that holds none of them, so a few mistakes in a national-scale catalogue cost one pass of
the C event stream and little else. It also finds duplicate keys with both lines, and keeps the
source text and style of the scalars it records, so messages can quote what the user typed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
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

    def scalar_at(self, line: int, column: int) -> Path | None:
        """The value that starts last on ``line`` at or before ``column``: the one there."""
        starts = [
            (mark.column, path)
            for path, mark in self.values.items()
            if mark.line == line and mark.column <= column and path in self.scalars
        ]
        return max(starts)[1] if starts else None

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
    wanted: bool  # does anything below this container matter?
    index: int = 0
    key: str | None = None
    seen: dict[str, Mark] = field(default_factory=dict)


def _mark(event: yaml.Event) -> Mark:
    start = event.start_mark
    return Mark(start.line + 1, start.column + 1) if start is not None else Mark(1, 1)


def build_index(
    text: str, wanted: Iterable[Path] | None = None, *, duplicates: bool = False
) -> PositionIndex:
    """Index ``text``: everything, or only ``wanted`` paths and their ancestors.

    ``duplicates`` forces a full walk so that every repeated key is found. On a syntax error
    the index keeps what was read before it.
    """
    prefixes = None if wanted is None or duplicates else _prefixes(wanted)
    index = PositionIndex()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    events = yaml.parse(text, Loader=loader)
    with contextlib.suppress(yaml.YAMLError):
        _walk(index, events, prefixes)
    return index


def _prefixes(paths: Iterable[Path]) -> set[Path]:
    found: set[Path] = {()}
    for path in paths:
        found.update(path[:n] for n in range(1, len(path) + 1))
    return found


def _walk(index: PositionIndex, events: Iterator[yaml.Event], prefixes: set[Path] | None) -> None:
    stack: list[_Frame] = []
    for event in events:
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
        elif isinstance(event, yaml.NodeEvent):
            if stack and not stack[-1].wanted:
                _skip(event, events)
                continue
            path = _place(index, stack, event)
            if path is None:
                continue
            keep = prefixes is None or path in prefixes
            if keep:
                index.values[path] = _mark(event)
                if isinstance(event, yaml.ScalarEvent):
                    index.scalars[path] = (event.value, event.style is None)
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append(_Frame(path, isinstance(event, yaml.MappingStartEvent), keep))


def _skip(event: yaml.Event, events: Iterator[yaml.Event]) -> None:
    """Consume a whole subtree nobody asked about, without building paths."""
    if not isinstance(event, yaml.CollectionStartEvent):
        return
    depth = 1
    for inner in events:
        if isinstance(inner, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(inner, yaml.CollectionEndEvent):
            depth -= 1
            if depth == 0:
                return


def _place(index: PositionIndex, stack: list[_Frame], event: yaml.NodeEvent) -> Path | None:
    """The data path of the node ``event`` starts; None when the node is a mapping key."""
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
        if isinstance(event, yaml.CollectionStartEvent):  # a complex key: not ours to place
            stack.append(_Frame((*top.path, "?"), isinstance(event, yaml.MappingStartEvent), False))
        return None
    path = (*top.path, top.key)
    top.key = None
    return path


def second_document(text: str) -> Mark | None:
    """Where a second YAML document in ``text`` starts (its ``---`` or first node), if any."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    starts, ended = 0, False
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                starts += 1
                if starts == 2:
                    return _mark(event)
            ended = ended or isinstance(event, yaml.DocumentEndEvent)
    except yaml.MarkedYAMLError as exc:
        # YAML 1.2 lets a document follow "..." without "---"; libyaml (1.1) stops there
        mark = exc.problem_mark
        if ended and mark is not None:
            return Mark(mark.line + 1, mark.column + 1)
    except yaml.YAMLError:
        pass
    return None
