"""Whether UTF-8 bytes are surely in NFC, answered without decoding them.

Decoding a national-scale catalogue into a Python string and asking ``unicodedata`` whether it is
NFC costs about 45 ms and a 32 MB string, on every load, to find out what is almost always
"yes". NFC can only change text that holds a character which may combine with the one before
it, be reordered, or be replaced; all of those lie at or above U+0300, where a UTF-8 sequence
starts with a byte 0xCC or higher. A catalogue's own such characters are nearly all in two
blocks that NFC leaves alone:

    U+1E00–U+1EFF   precomposed Latin letters: the Vietnamese vowels with tone marks  E1 B8–BB ..
    U+2002–U+203F   punctuation (– “ ” …), less the zero-width spaces               E2 80 ..
    U+2080–U+20BF   sub/superscripts and currency (₫)                                E2 82 ..
    U+2600–U+267F, U+2700–U+277F   symbols and dingbats (★ ✓)                        E2 98/99/9C/9D ..

``surely_nfc`` says True only when every such sequence is one of these, which three C-speed
scans establish; anything else ("unsure") is decoded and checked the slow, exact way.
``tests/catalog/test_nfc_bytes.py`` checks every code point of these blocks against
``unicodedata``, and that every other character at or above U+0300 is "unsure".
"""

from __future__ import annotations

import re

# Bytes below 0xCC (ASCII, continuation bytes, leads of U+0080–U+02FF) and the leads E1, E2,
# whose sequences the two patterns below look at.
_PASSED_BYTES = bytes(b for b in range(256) if b < 0xCC or b in (0xE1, 0xE2))
_E1_UNSURE = re.compile(rb"\xe1(?![\xb8-\xbb])")
_E2_UNSURE = re.compile(rb"\xe2(?!\x80[\x82-\x8a\x8e-\xbf]|[\x82\x98\x99\x9c\x9d][\x80-\xbf])")


def surely_nfc(raw: bytes) -> bool:
    """True when the UTF-8 ``raw`` is certainly NFC; False means "decode and check"."""
    if raw.translate(None, _PASSED_BYTES):  # a lead byte of some other block remains
        return False
    return _E1_UNSURE.search(raw) is None and _E2_UNSURE.search(raw) is None
