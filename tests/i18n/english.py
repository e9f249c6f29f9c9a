"""Finding English on a Vietnamese screen.

The dictionary is every word of ocop's and click's English messages (the .pot files the
extractor writes from the source, so a new English message brings its words along) plus the
small words any English sentence has. A screen is first cleared of what is meant to be there
in any language — web and file addresses, option names, choice lists (``[text|json]``), code in
backticks, identifiers (``HD-CTN-100``, ``che-tom-non``, ``OCOP_STATE``) — and what is left is
cut into words; a plain-ASCII word found in the dictionary is English, unless it is one of the
names, abbreviations or Vietnamese syllables written without marks listed in ``ALLOWED``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "ocop" / "locale"

COMMON = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "must",
        "no",
        "not",
        "of",
        "on",
        "or",
        "so",
        "than",
        "that",
        "the",
        "then",
        "there",
        "these",
        "this",
        "those",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yes",
    ]
)
# names, abbreviations and formats that are the same in Vietnamese; Vietnamese syllables that
# happen to be English words
ALLOWED = frozenset(
    [
        "ocop",
        "sku",
        "skus",
        "htx",
        "gtin",
        "url",
        "urls",
        "api",
        "json",
        "csv",
        "xlsx",
        "html",
        "pdf",
        "yaml",
        "sqlite",
        "postgresql",
        "utc",
        "http",
        "https",
        "excel",
        "libreoffice",
        "calc",
        "voso",
        "postmart",
        "shopee",
        "scrapyd",
        "ctrl",
        "id",
        "ok",
        "mb",
        "kb",
        "web",
        "an",
        "do",
        "to",
        "me",
        "no",
        "in",
        "hang",
        "sang",
        "tin",
        "than",
        "con",
        "ban",
        "so",
        "tinh",  # "tinh bột nghệ" (a category name) as well as the "tinh" (province) level
    ]
)
STRIPPED = (
    re.compile(r"(?m)^\S+:\d+:\d+: [^:\n]+: "),  # FILE:LINE:COL: PATH: of a catalogue problem
    re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]"),  # terminal colours
    re.compile(
        r"(?m)^(\S[^:\n]*:) ocop( [a-z-]+)*"
    ),  # the usage line's command: "ocop sheet import"
    re.compile(r"(?m)^  [a-z-]+(?=  +\S)"),  # a command in the list of commands
    re.compile(r"(?m)^(?:[+-](?!-\w).*|@@.*| +[a-z_]+:(?: .*)?| +#.*)$"),  # a diff of catalog.yaml
    re.compile(r"`[^`]*`"),  # code: `ocop push`, also wrapped over two lines
    re.compile(r"'ocop[^']*'"),  # a command to try: 'ocop validate --help'
    re.compile(r"\b[a-z][a-z0-9+.-]*://\S*"),  # addresses
    re.compile(r"\[[^\]\n]*\|[^\]\n]*\]"),  # a choice list: [text|json]
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*"),  # options
    re.compile(r"\$?\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"),  # OCOP_STATE, $OCOP_LANG
    re.compile(r"\S*[/\\]\S*"),  # paths and dates: images/che.jpg, 03/12/2026
    re.compile(r"\b[\w.-]*\w\.(?:ya?ml|xlsx|csv|json|html|db|jpe?g|png|webp|bak|toml|py|md|txt)\b"),
    re.compile(r"\b[a-z_]+(?:\.[\w#-]+)+"),  # a place in the file: products.che-tom.skus.#1
    re.compile(r"\[(?:mặc định|default): [^\]]*\]"),  # a default value: [mặc định: table]
    re.compile(r"[\w-]*(?:\d[\w-]*|[\w]-[\w-]+|_\w+)"),  # identifiers: HD-1, che-tom, hop_tac
    re.compile(r"'[a-z]+'"),  # a value quoted as typed: 'valdate'
)
WORD = re.compile(r"\w+")


@cache
def dictionary() -> frozenset[str]:
    """Every English word ocop or click can print, in lower case, less the allowed ones."""
    words = set(COMMON)
    for domain in ("ocop", "click"):
        with (LOCALE / f"{domain}.pot").open("rb") as fh:
            for message in read_po(fh):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                for text in ids:
                    words.update(w.lower() for w in WORD.findall(_clear(text or "")) if _plain(w))
    return frozenset(w for w in words if len(w) > 1 and w not in ALLOWED)


def _plain(word: str) -> bool:
    return word.isascii() and word.isalpha()


def _clear(text: str) -> str:
    """``text`` without what is not prose: code, addresses, options, identifiers, paths."""
    for pattern in STRIPPED:
        text = pattern.sub(" ", text)
    return text


def english_words(screen: str) -> list[str]:
    """The English words on ``screen`` (in order, once each)."""
    text = _clear(screen)
    known = dictionary()
    found: dict[str, None] = {}
    for word in WORD.findall(text):
        if _plain(word) and word.lower() in known:
            found.setdefault(word)
    return list(found)
