"""From the bytes on disk to YAML text we can trust: size, encoding, BOM, characters, tabs, NFC.

Everything here is about the *file*, before any YAML is parsed, so the messages name lines
and columns computed directly from the text. Control and direction characters are errors, and
are also left out of the text handed to the parser, so that the rest of the file is still read
and checked (a NUL would otherwise end the parser's reading where it stands).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ocop.characters import FORBIDDEN, character_name, is_direction_control
from ocop.i18n import _
from ocop.loading.plain import surely_plain
from ocop.problem import Problem, Severity

MAX_BYTES = 64 * 1024 * 1024  # four times a national-scale catalogue (about 14 MB)

# zero-width spaces and joiners, the byte-order mark, and the direction marks (not the overrides)
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_NBSP = "\u00a0"
_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)


@dataclass
class SourceText:
    """The catalogue's text after the file-level fixes, with what was fixed or is wrong.

    ``utf8`` holds the file's bytes when they are exactly the text (nothing had to be fixed):
    the parser reads them as they are, and the text is decoded only if a problem needs
    positions. ``readable`` is False after an error that stops reading (too large, UTF-16,
    not UTF-8).
    """

    _text: str | None
    problems: list[Problem] = field(default_factory=list)
    utf8: bytes | None = None
    readable: bool = True

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.utf8.decode("utf-8", "replace") if self.utf8 else ""
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value


def decode(raw: bytes, *, trust_parser: bool = True) -> SourceText:
    """Decode catalogue bytes, reporting every file-level problem.

    With ``trust_parser``, a file with nothing to fix is not decoded here at all: the parser
    reads its bytes and refuses them if they are not UTF-8 (then call again without it to
    learn where).
    """
    if len(raw) > MAX_BYTES:
        return _fatal(
            _(
                "the file is {mb:.0f} MB; ocop reads catalogues up to {limit} MB. Split it, or check "
                "that it is the right file"
            ).format(mb=len(raw) / 1e6, limit=MAX_BYTES // 2**20)
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _fatal(
            _(
                "the file is saved as UTF-16; save it as UTF-8 (in LibreOffice or "
                "Notepad: Save as, encoding UTF-8)"
            )
        )
    source = SourceText("")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        source.problems.append(
            _notice(
                1,
                1,
                _(
                    "the file starts with a byte-order mark (BOM); it was ignored. Saving as UTF-8 "
                    "without BOM avoids this notice"
                ),
                "bom",
            )
        )
    if trust_parser and _nothing_to_fix(raw):
        return SourceText(None, source.problems, utf8=raw)
    if raw.count(b"\0") > len(raw) // 4:  # NUL every other byte: UTF-16 without its mark
        return _fatal(
            _(
                "this is not a UTF-8 text file (it holds {count} NUL bytes): it may be UTF-16 "
                "saved without a byte-order mark, or not a catalogue at all. Save it as UTF-8"
            ).format(count=raw.count(b"\0")),
            "encoding",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw[: exc.start].decode("utf-8", "replace"))
        problem = Problem(
            (),
            _(
                "the file is not UTF-8 text (byte 0x{byte:02X}); it may have been saved in an old "
                "Vietnamese encoding (TCVN3/VNI/Windows-1258). Save it as UTF-8"
            ).format(byte=raw[exc.start]),
            Severity.ERROR,
            "encoding",
            line=line,
            column=column,
        )
        return SourceText("", [problem], readable=False)
    source.text = text
    _fix_text(source)
    if not source.readable:
        return source
    if source.text is text:
        source.utf8 = raw
    return source


def _fix_text(source: SourceText) -> None:
    _leave_out_forbidden(source)
    if "\t" in source.text:
        for match in _TAB_INDENT.finditer(source.text):
            line, _col = _position(source.text[: match.start()])
            source.problems.append(
                Problem(
                    (),
                    _(
                        "a tab is used for indentation; YAML needs spaces (set your editor to insert "
                        "spaces)"
                    ),
                    Severity.ERROR,
                    "tab",
                    line=line,
                    column=len(match.group(1)) + 1,
                )
            )
    # str.find is a fast C search; a regex over the whole file is ~100x slower, so it only
    # runs once something was found.
    if _NBSP in source.text or any(ch in source.text for ch in _INVISIBLE_CHARS):
        first = min(i for i in (source.text.find(_NBSP), _search(source.text)) if i >= 0)
        line, column = _position(source.text[:first])
        source.text = _INVISIBLE.sub("", source.text.replace(_NBSP, " "))
        source.problems.append(
            _notice(
                line,
                column,
                _(
                    "invisible characters (non-breaking or zero-width spaces, often pasted from Word or "
                    "a web page) were replaced by plain spaces"
                ),
                "invisible",
            )
        )
    if not unicodedata.is_normalized("NFC", source.text):
        _normalise(source)


def _nothing_to_fix(raw: bytes) -> bool:
    # Tabs, controls, invisible characters and NFD are rare; surely_plain scans at C speed.
    return surely_plain(raw)


SHOWN_PER_KIND = 10  # a binary file pasted in would otherwise give one message per byte


def _leave_out_forbidden(source: SourceText) -> None:
    """Report every control or direction character at its place, then make it harmless.

    Inside a line's content the character becomes U+FFFD, so the line keeps its length and
    meaning for the parser (an ESC before "[31m" must not turn the value into a list); in a
    line's indentation it is removed, so the indentation stays right.
    """
    text = source.text
    found = FORBIDDEN.search(text)
    if found is None:
        return
    shown = {"control": 0, "direction": 0}
    hidden: dict[str, tuple[int, int]] = {}  # where the first one not shown is
    for match in FORBIDDEN.finditer(text, found.start()):
        ch = match.group()
        kind = "direction" if is_direction_control(ch) else "control"
        shown[kind] += 1
        if shown[kind] <= SHOWN_PER_KIND:
            line, column = _position(text[: match.start()])
            message = _forbidden_message(kind, ch)
            source.problems.append(
                Problem((), message, Severity.ERROR, kind, line=line, column=column)
            )
        elif kind not in hidden:
            hidden[kind] = _position(text[: match.start()])
    for kind, (line, column) in hidden.items():
        more = _("… and {count} more such characters from here on").format(
            count=shown[kind] - SHOWN_PER_KIND
        )
        source.problems.append(Problem((), more, Severity.ERROR, kind, line=line, column=column))
    source.text = _INDENTED_FORBIDDEN.sub(_strip_forbidden, text)
    source.text = FORBIDDEN.sub(REPLACEMENT, source.text)


REPLACEMENT = "\ufffd"
_INDENTED_FORBIDDEN = re.compile(f"^[ {FORBIDDEN.pattern[1:-1]}]+", re.MULTILINE)


def _strip_forbidden(match: re.Match[str]) -> str:
    return FORBIDDEN.sub("", match.group())


def _forbidden_message(kind: str, ch: str) -> str:
    if kind == "direction":
        return _(
            "a text-direction control {name} is here: it makes text show in another order than "
            "it is stored (a trick to disguise names and file types). Delete it; it is invisible "
            "in most editors"
        ).format(name=character_name(ch))
    if ch == "\0":
        return _(
            "a NUL character is here: the YAML reader would stop reading the file at it, and "
            "what follows would be lost. Delete it; it is invisible in most editors"
        )
    return _(
        "a control character {name} is here; it is not text and marketplaces refuse it. Delete "
        "it; it is invisible in most editors"
    ).format(name=character_name(ch))


def _search(text: str) -> int:
    match = _INVISIBLE.search(text)
    return match.start() if match else -1


def _normalise(source: SourceText) -> None:
    lines = source.text.split("\n")
    changed = [n for n, line in enumerate(lines, 1) if not unicodedata.is_normalized("NFC", line)]
    source.text = unicodedata.normalize("NFC", source.text)
    shown = ", ".join(str(n) for n in changed[:8]) + (", …" if len(changed) > 8 else "")
    source.problems.append(
        _notice(
            changed[0],
            1,
            _(
                "{count} line(s) had Vietnamese letters in decomposed form (NFD, as some Mac and "
                "old input methods write them); they were converted to the standard form (NFC) so "
                "names match and marketplaces count lengths right: lines {lines}"
            ).format(count=len(changed), lines=shown),
            "nfc",
        )
    )


def _notice(line: int, column: int, message: str, code: str) -> Problem:
    return Problem((), message, Severity.NOTICE, code, line=line, column=column)


def _fatal(message: str, code: str = "file") -> SourceText:
    problem = Problem((), message, Severity.ERROR, code, line=1, column=1)
    return SourceText("", [problem], readable=False)


def _position(prefix: str) -> tuple[int, int]:
    """1-based line and column just after ``prefix``."""
    line = prefix.count("\n") + 1
    return line, len(prefix) - (prefix.rfind("\n") + 1) + 1
