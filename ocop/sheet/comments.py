"""Append to a YAML list without moving the comments that follow it.

ruamel keeps a comment block that follows a list (``# --- Sản phẩm ---`` before the next
section) on the deepest last value of the list's last item. Appending an item would leave that
comment above the new item, i.e. under the wrong heading. ``append`` moves the block (but not
the old last line's own end-of-line comment) to the new last item.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

Slot = tuple[CommentedMap | CommentedSeq, Any]


def append(items: CommentedSeq, item: Any) -> None:
    """``items.append(item)``, keeping a comment block after the list after the new item."""
    keep_trailing(items, lambda: items.append(item))


def set_key(record: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``record[key]``; a new key goes where ``order`` (the model's fields) puts it."""
    if key in record:
        record[key] = value
        return
    before = set(order[: order.index(key)]) if key in order else set(order)
    position = sum(1 for k in record if k in before)
    keep_trailing(record, lambda: record.insert(position, key, value))


def keep_trailing(container: CommentedMap | CommentedSeq, change: Callable[[], None]) -> None:
    """Make ``change`` to ``container``; a comment block after its end stays after its end."""
    old = _last_slot(container)
    token = _token(old) if old is not None else None
    change()
    new = _last_slot(container)
    if old is None or new is None or token is None or _same_slot(old, new):
        return
    value: str = token.value
    if value.startswith("#"):  # the old last line's own comment stays with it
        cut = value.index("\n") + 1 if "\n" in value else len(value)
        own, after = value[:cut], value[cut:]
    else:
        own, after = "", value[1:]
    if not after:
        return
    moved = copy.copy(token)
    _set_token(old, token if own else None, own)
    _set_token(new, moved, "\n" + after)


def _same_slot(a: Slot, b: Slot) -> bool:
    return a[0] is b[0] and a[1] == b[1]


def _last_slot(node: Any) -> Slot | None:
    slot: Slot | None = None
    while isinstance(node, CommentedMap | CommentedSeq) and len(node) > 0:
        if node.fa.flow_style():
            break
        key = list(node.keys())[-1] if isinstance(node, CommentedMap) else len(node) - 1
        slot = (node, key)
        node = node[key]
    return slot


def _index(container: CommentedMap | CommentedSeq) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _token(slot: Slot) -> Any:
    container, key = slot
    entry = container.ca.items.get(key)
    if not entry:
        return None
    return entry[_index(container)]


def _set_token(slot: Slot, token: Any, value: str) -> None:
    container, key = slot
    if isinstance(container, CommentedMap) and key not in container:
        container.ca.items.pop(key, None)  # the key itself was removed
        return
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    if token is not None:
        token.value = value
    entry[_index(container)] = token
