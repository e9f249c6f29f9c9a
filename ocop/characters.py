"""Characters that never belong in catalogue text, and how to name one in a message.

    control characters   C0 (NUL, BEL, ESC, …) but tab and line breaks, DEL, C1 (U+0080–U+009F)
    direction controls   U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates
    separators           U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
    noncharacters        U+FFFE, U+FFFF

None of them can be seen in an editor or a spreadsheet, yet each changes what a marketplace,
a terminal or a parser does with the text: a NUL ends a C string (the YAML parser stopped
reading there), a right-to-left override shows "gpj.exe" as "exe.jpg", libyaml counts U+2028 as
a line break. The file check (``ocop.loading.source``) reports raw ones at their line and column;
the value types (``ocop.values``) refuse the ones a YAML escape (``"\\0"``, ``"\\u202e"``) or a
spreadsheet cell brings in. Tab and line breaks are refused in one-line fields only.
"""

from __future__ import annotations

import re
import unicodedata

# One class, written so that Python's re, the Rust regex crate (pydantic-core) and ECMAScript
# (JSON Schema in editors) read it alike.
FORBIDDEN_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ufffe\uffff"
LINE_BREAKS_AND_TAB = r"\t\n\r"
FORBIDDEN = re.compile(f"[{FORBIDDEN_CLASS}]")
FORBIDDEN_IN_LINE = re.compile(f"[{FORBIDDEN_CLASS}{LINE_BREAKS_AND_TAB}]")

_C0 = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "TAB",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
]


def character_name(ch: str) -> str:
    """``BEL (U+0007)``, ``RIGHT-TO-LEFT OVERRIDE (U+202E)``: what a message calls ``ch``."""
    code = ord(ch)
    if code < 0x20:
        name = _C0[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code <= 0x9F:
        name = "C1 CONTROL"
    else:
        name = unicodedata.name(ch, "NONCHARACTER")
    return f"{name} (U+{code:04X})"


def is_direction_control(ch: str) -> bool:
    """Whether ``ch`` changes the order in which text is shown."""
    return "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"
