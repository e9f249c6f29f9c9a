"""Catalogue text: bounded in length, one line or several, and never a hidden character.

``Annotated[str, Line(120)]`` is a product name: 1 to 120 characters, no control or direction
character (``ocop.characters``), no tab and no line break. ``Prose(5000)`` allows tabs and line
breaks. The check is a Rust regular expression in pydantic-core's fast path (``fast_or_slow``),
so the usual value never reaches Python; a refused one meets the Python check that says which
character is wrong and where. Every bound is in docs/catalogue.md ("Bounds").
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from ocop.characters import (
    FORBIDDEN,
    FORBIDDEN_CLASS,
    FORBIDDEN_IN_LINE,
    LINE_BREAKS_AND_TAB,
    character_name,
    is_direction_control,
)
from ocop.i18n import N_
from ocop.values import fast_or_slow, worded_error

__all__ = ["Line", "Prose"]


class Line:
    """``Annotated`` marker: one line of text, 1 to ``max_length`` characters, nothing hidden.

    Refuses control and direction characters (``ocop.characters``), and tabs and line breaks,
    which a YAML escape or a spreadsheet cell can bring into a name. ``Prose`` allows tabs and
    line breaks. The check is a Rust regular expression in the fast path; only a refused value
    reaches the Python check that says which character is wrong and where.
    """

    one_line = True

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        kind = "line" if self.one_line else "prose"
        refused = FORBIDDEN_CLASS + (LINE_BREAKS_AND_TAB if self.one_line else "")
        fast = core_schema.str_schema(
            min_length=1, max_length=self.max_length, pattern=f"^[^{refused}]*$"
        )
        slow = core_schema.no_info_after_validator_function(
            _check_line if self.one_line else _check_prose,
            core_schema.str_schema(min_length=1, max_length=self.max_length),
        )
        # editors with the JSON Schema underline a bell or an override as it is typed
        return fast_or_slow(f"{kind}{self.max_length}", fast, slow, json=fast)


class Prose(Line):
    """``Annotated`` marker: text of several lines and paragraphs (descriptions, notes)."""

    one_line = False


def _check_line(value: str) -> str:
    return _check_characters(value, FORBIDDEN_IN_LINE)


def _check_prose(value: str) -> str:
    return _check_characters(value, FORBIDDEN)


def _check_characters(value: str, refused: re.Pattern[str]) -> str:
    found = refused.search(value)
    if found is None:
        return value
    ch, at = found.group(), found.start() + 1
    if ch in "\n\r":
        raise worded_error(
            "ocop_line_break",
            N_("this is one line of text, but it has a line break after character {at}"),
            at=at,
        )
    if ch == "\t":
        raise worded_error(
            "ocop_tab", N_("a tab is in this text (character {at}): use a space"), at=at
        )
    template = (
        N_(
            "a text-direction control {name} is in this text (character {at}): it shows the "
            "text in another order than it is stored. Delete it (a YAML escape such as \\u202e "
            "writes one)"
        )
        if is_direction_control(ch)
        else N_(
            "a control character {name} is in this text (character {at}): it is not text and "
            "marketplaces refuse it. Delete it (a YAML escape such as \\0 or \\a writes one)"
        )
    )
    raise worded_error("ocop_control", template, name=character_name(ch), at=at)
