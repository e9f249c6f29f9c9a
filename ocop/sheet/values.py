"""Cell values in both directions: a catalogue value as shown, and a cell read back.

Values are compared in their plain form (codes, whole numbers, ISO dates), so a cell the user
did not touch compares equal to the catalogue and its line in catalog.yaml is left alone.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from ocop.locality import communes, fold
from ocop.model import Certification, Product, Record
from ocop.sheet.layout import SEPARATOR, Column, drop_down_lists

Plain = str | int | float | date | None


def shown_certification(certifications: list[Certification]) -> int:
    """Index of the certification the sheet shows and edits: the latest by date."""
    latest = 0
    for index, cert in enumerate(certifications):
        if cert.date >= certifications[latest].date:
            latest = index
    return latest


def model_value(column: Column, record: Record, product: Product | None = None) -> Plain:
    """The plain value of ``column`` in a validated record (``product``: a SKU's product)."""
    if column.field == "product":
        return product.id if product is not None else None
    node: Any = record
    path = column.field.split(".")
    if path[0] == "cert" and isinstance(record, Product):
        node = record.certifications[shown_certification(record.certifications)]
        path = path[1:]
    for part in path:
        node = getattr(node, part, None)
        if node is None:
            return None
    if isinstance(node, Enum):
        return str(node.value)
    if isinstance(node, str | int | float | date):
        return node
    return str(node)


@cache
def _labels(list_name: str) -> dict[str, str]:
    shown = drop_down_lists().get(list_name, [])
    return {item.split(SEPARATOR, 1)[0]: item for item in shown}


def display(column: Column, value: Plain) -> Plain:
    """How a plain value is written in the cell: codes get their Vietnamese label."""
    if value is None or column.kind != "choice" or column.choices is None:
        return value
    if column.choices == "stars":
        return int(value) if isinstance(value, int | str) and str(value).isdigit() else value
    return _labels(column.choices).get(str(value), value)


def read_value(column: Column, value: Any) -> Plain:
    """The plain value of a cell as typed; anything odd is kept for validation to word."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):  # inner spaces and line breaks are kept, like the model does
        value = value.replace("\r\n", "\n").strip()
    if column.kind == "int":
        return _whole(value)
    if column.kind == "date":
        return value.date() if isinstance(value, datetime) else value
    if column.kind == "choice":
        return _choice(column, value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _whole(value: Any) -> Plain:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value  # type: ignore[no-any-return]


def _choice(column: Column, value: Any) -> Plain:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if column.choices == "stars":
        return int(value) if str(value).isdigit() else str(value)
    text = str(value).split(SEPARATOR, 1)[0].strip()
    if column.choices == "commune":
        return _commune(text)
    return text


_NAME_PREFIX = re.compile(r"^(xa|phuong)\s+")


def _commune(text: str) -> str:
    """A commune cell: its code, also when only the name was typed ("Tân Cương")."""
    if text.isdigit():
        return text.zfill(5)
    wanted = _NAME_PREFIX.sub("", fold(text))
    matches = [c.code for c in communes().values() if _NAME_PREFIX.sub("", fold(c.name)) == wanted]
    return matches[0] if len(matches) == 1 else text


def same(a: Plain, b: Plain) -> bool:
    """Whether a cell and a catalogue value mean the same (dates as ISO text, numbers exact)."""
    return _comparable(a) == _comparable(b)


_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _comparable(value: Plain) -> Plain:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        value = value.strip()  # a block scalar's final line break is not an edit
    if isinstance(value, str) and (found := _DAY_FIRST.fullmatch(value)):
        day, month, year = (int(g) for g in found.groups())
        try:  # a date typed as text, day first as Vietnamese documents write it
            return date(year, month, day).isoformat()
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
