"""Text in the spreadsheets ocop writes and reads: never a formula, and read back exactly.

A spreadsheet runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or ``@``
(OWASP, "CSV Injection"; ASVS 5.0 V1.2.10 adds tab, CR, LF and NUL; Excel in East-Asian input
modes also takes the full-width ``＝ ＋ － ＠``). A producer named ``=HYPERLINK(…)`` must stay
a name in the department's report and in the staff's sheet. Every CSV and XLSX writer of ocop
writes text through this module, and the sheet import reads cells back through it:

    CSV    ``csv_text`` puts a ``'`` before such text, as OWASP advises (a spreadsheet shows
           the text and never runs it), and before text that already starts with ``'``, so
           that ``from_csv_text`` removes exactly one and gives back what was written.
    XLSX   ``text_cell`` stores the text itself as a string cell (never a formula, nor an
           error value such as ``#N/A``), with the cell's "quote prefix" set for such text:
           that flag is how Excel and Calc store a typed ``'``, so editing the cell keeps it
           text too. The value is untouched, so a round trip is exact.
    read   ``read_cell`` gives a cell's value as typed; a formula is refused (``Formula``),
           never replaced by whatever result was cached with it, or by nothing.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r\n\0＝＋－＠")
QUOTE = "'"
# XML 1.0 cannot hold these; openpyxl refuses them. Catalogue text never has them (the loader
# refuses control characters), but a marketplace's page or answer can.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_CELL = 32_767  # characters in one cell, in Excel and Calc alike


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula if it were typed into a cell."""
    return bool(text) and text[0] in FORMULA_STARTS


def csv_text(text: str) -> str:
    """``text`` as a CSV field: a ``'`` first when a spreadsheet would run it, or it has one."""
    return QUOTE + text if looks_like_formula(text) or text.startswith(QUOTE) else text


def from_csv_text(field: str) -> str:
    """The text ``csv_text`` wrote as ``field``."""
    return field[1:] if field.startswith(QUOTE) else field


# XLSX writes a character XML cannot hold as _xHHHH_ (ECMA-376 §22.4.2.4), and a literal
# "_x" followed by four hex digits and "_" as _x005F_xHHHH_; openpyxl does neither on the way in
# or out, so both are done here.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def cell_text(text: str) -> str:
    """``text`` as an XLSX cell stores it: XML-safe, a literal ``_xHHHH_`` escaped."""
    return _ESCAPED.sub(r"_x005F_x\1_", _NOT_XML.sub("\ufffd", text))


def text_cell(cell: Any, text: str) -> Any:
    """Put ``text`` into an openpyxl cell (ordinary or write-only) as text; returns the cell."""
    shown = cell_text(text)
    cell.value = shown  # openpyxl guesses: "=…" a formula, "#N/A" an error…
    cell.data_type = "s"  # …so say what it is
    if looks_like_formula(shown):
        cell.quotePrefix = True
    return cell


# openpyxl reads these as error values, not text
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


def needs_a_text_cell(text: str) -> bool:
    """Whether openpyxl, given ``text`` plainly, would write something else than that text."""
    return (
        looks_like_formula(text)
        or text in _ERROR_CODES
        or "_x" in text
        or (not text.isprintable() and _NOT_XML.search(text) is not None)
    )


def write_only_row(sheet: Any, values: list[Any]) -> list[Any]:
    """A row for ``sheet.append`` in openpyxl's write-only mode, its text kept text.

    Plain values stay plain (openpyxl then writes the whole row through one reused cell, twice
    as fast as a cell each); only text it would misread gets a cell of its own.
    """
    from openpyxl.cell import WriteOnlyCell

    return [
        text_cell(WriteOnlyCell(sheet), value)
        if isinstance(value, str) and needs_a_text_cell(value)
        else value
        for value in values
    ]


class Formula(ValueError):
    """A cell holds a formula where ocop reads only the values people type."""

    def __init__(self, formula: str) -> None:
        super().__init__(formula)
        self.formula = formula


def read_cell(cell: Any) -> Any:
    """The value of a cell read with ``data_only=False``, as typed; raises ``Formula``."""
    value = cell.value
    if getattr(cell, "data_type", None) == "f":
        raise Formula(str(value))
    if isinstance(value, str) and "_x" in value:
        return _ESCAPED.sub(lambda found: chr(int(found.group(1), 16)), value)
    return value
