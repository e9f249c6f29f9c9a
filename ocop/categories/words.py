"""How category names are compared: exactly (as written, give or take case and spacing) and
loosely (without Vietnamese marks, word by word) for suggestions and "did you mean".

    same("Chè,  Trà") == same("chè, trà")      exact: NFC, case-folded, single spaces
    loose("Chè, trà") == "che, tra"            marks removed, đ → d
    words("Mật ong rừng") == ["mat", "ong", "rung"]
"""

from __future__ import annotations

import re
import unicodedata

SEPARATOR = ">"  # between the names of a path, parents first: "Đồ uống > Trà"
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[0-9a-z]+")


def same(text: str) -> str:
    """``text`` as exact matching sees it: NFC, case-folded, spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def loose(text: str) -> str:
    """``text`` without Vietnamese marks (``đ`` → ``d``), case-folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", same(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words (Vietnamese syllables) of ``text``, marks removed, in order."""
    return _WORD.findall(loose(text))


def segments(path: str) -> tuple[str, ...]:
    """The names of a written path, each as ``same`` sees it (``"A > B"`` → ``("a", "b")``)."""
    return tuple(same(part) for part in path.split(SEPARATOR) if part.strip())


def joined(names: tuple[str, ...] | list[str]) -> str:
    """Names as one path, the way ocop writes it: ``"Đồ uống > Trà"``."""
    return f" {SEPARATOR} ".join(names)
