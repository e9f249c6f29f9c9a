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
from ocop.model import Catalog, Certification, Product, Record
from ocop.sheet.layout import (
    MARKET_PREFIX,
    NO,
    ORIGIN_FIELD,
    SEPARATOR,
    YES,
    Column,
    drop_down_lists,
)
from ocop.words import yes_or_no

Plain = str | int | float | date | None
IMAGE_SEPARATOR = "; "


def shown_certification(certifications: list[Certification]) -> int:
    """Index of the certification the sheet shows and edits: the latest by date."""
    latest = 0
    for index, cert in enumerate(certifications):
        if cert.date >= certifications[latest].date:
            latest = index
    return latest


def model_value(
    column: Column, record: Record, product: Product | None = None, catalog: Catalog | None = None
) -> Plain:
    """The plain value of ``column`` in a validated record (``product``: a SKU's product;
    ``catalog``: for the marketplace columns)."""
    if column.field == "product":
        return product.id if product is not None else None
    if column.field == ORIGIN_FIELD:
        return str(getattr(record, "sku", None) or getattr(record, "id", ""))
    if column.field.startswith(MARKET_PREFIX):
        from ocop.sheet.markets import sold_on

        if catalog is None or not isinstance(record, Product):
            return None
        return sold_on(catalog, record, column.field.removeprefix(MARKET_PREFIX))
    if column.kind == "images":
        return IMAGE_SEPARATOR.join(getattr(record, "images", ())) or None
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
    """code → the drop-down item showing it ("hop_tac_xa" → "Hợp tác xã – hop_tac_xa")."""
    shown = drop_down_lists().get(list_name, [])
    return {item.rsplit(SEPARATOR, 1)[-1]: item for item in shown}


@cache
def _codes(list_name: str) -> dict[str, str]:
    """Every way a choice may be typed → its code: the item, the code, the word alone."""
    codes: dict[str, str] = {}
    words: dict[str, list[str]] = {}
    for code, item in _labels(list_name).items():
        word = item.rsplit(SEPARATOR, 1)[0]
        codes[item] = codes[code] = codes[f"{code}{SEPARATOR}{word}"] = code  # either order
        words.setdefault(fold(word), []).append(code)
    codes.update({word: found[0] for word, found in words.items() if len(found) == 1})
    return codes


def display(column: Column, value: Plain) -> Plain:
    """How a plain value is written in the cell: codes get their Vietnamese word."""
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
    if column.kind == "images":
        return _images(str(value))
    if column.field == "phone":
        return phone_number(str(int(value)) if isinstance(value, float) else str(value))
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
    text = str(value).strip()
    if column.choices == "yesno":
        return _yes_no(text)
    codes = _codes(column.choices or "")
    found = codes.get(text) or codes.get(fold(text))
    if found is not None:
        return found
    parts = [p.strip() for p in text.split(SEPARATOR)]
    code = next((p for p in parts if re.fullmatch(r"[a-z0-9_]+", p)), parts[0])
    if column.choices == "commune":
        return _commune(code)
    return code  # off the list: kept for validation to say what is wrong with it


def _yes_no(text: str) -> str:
    said = yes_or_no(text) if text.lower() != "x" else True
    return text if said is None else YES if said else NO


def _images(text: str) -> str | None:
    """The cell's pictures, one "; " between them, whatever separated them (";", a line)."""
    names = [n.strip() for n in re.split(r"[;\n]", text.replace("\r", "")) if n.strip()]
    return IMAGE_SEPARATOR.join(names) or None


def phone_number(text: str) -> str:
    """A Vietnamese phone number as the catalogue writes it (0912345678), read with Google's
    numbering plan (``phonenumbers``): "0912 345 678", "+84 912 345 678", "(0208) 3855 123"
    all become digits. Anything it does not recognise is kept as typed, for validation to
    word."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException:
        return text
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        return text
    return f"0{number.national_number}"


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
