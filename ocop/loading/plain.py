"""Whether UTF-8 bytes surely need no fixing and no closer look, answered without decoding them.

Decoding a national-scale catalogue into a Python string and checking it character by character
costs about 45 ms and a 32 MB string, on every load, to find out what is almost always "nothing
here". ``surely_plain`` answers True only for bytes in which nothing can be wrong at the level of
characters:

* no tab, no other control character (C0 but line breaks, DEL, C1, which includes NEL), and no
  non-breaking space: ``source.py`` reports or replaces each;
* no text-direction control (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
  U+200E/U+200F marks) and no line or paragraph separator (U+2028/U+2029): they make text look
  other than it is stored, and libyaml counts the separators as line breaks;
* NFC. NFC can only change text that holds a character which may combine with the one before
  it, be reordered, or be replaced; all of those lie at or above U+0300, where a UTF-8 sequence
  starts with a byte 0xCC or higher. A catalogue's own such characters are nearly all in a few
  blocks that NFC leaves alone:

    U+1E00–U+1EFF   precomposed Latin letters: the Vietnamese vowels with tone marks  E1 B8–BB ..
    U+2002–U+200A, U+2010–U+2027, U+202F–U+203F   spaces and punctuation (– “ ” …)    E2 80 ..
    U+2080–U+20BF   sub/superscripts and currency (₫)                                E2 82 ..
    U+2600–U+267F, U+2700–U+277F   symbols and dingbats (★ ✓)                        E2 98/99/9C/9D ..

Anything else ("unsure") is decoded and checked the slow, exact way. One translate and two
regular-expression scans, all at C speed, cover every point above: the E2 scan that passes the
punctuation is the one that stops the direction controls, so they cost nothing extra.
``tests/catalog/test_plain_bytes.py`` checks every code point of these blocks against
``unicodedata``, and that every other character at or above U+0300, and every control, is
"unsure".
"""

from __future__ import annotations

import re

# Bytes passed by the first scan: printable ASCII, line breaks, continuation bytes, leads of
# U+0080–U+02FF (the C2 sequences are looked at below), and the leads E1, E2.
_PASSED_BYTES = bytes(
    b for b in range(256) if 0x20 <= b < 0x7F or b in (0x0A, 0x0D, 0xE1, 0xE2) or 0x80 <= b < 0xCC
)
_C2_UNSURE = re.compile(rb"\xc2[\x80-\xa0]")  # C1 controls (U+0080–U+009F) and U+00A0
_E1_UNSURE = re.compile(rb"\xe1(?![\xb8-\xbb])")
_E2_UNSURE = re.compile(
    rb"\xe2(?!\x80[\x82-\x8a\x90-\xa7\xaf-\xbf]|[\x82\x98\x99\x9c\x9d][\x80-\xbf])"
)


def surely_plain(raw: bytes) -> bool:
    """True when the UTF-8 ``raw`` certainly needs no fix; False means "decode and check"."""
    if raw.translate(None, _PASSED_BYTES):  # a control, or a lead byte of some other block
        return False
    if b"\xc2" in raw and _C2_UNSURE.search(raw) is not None:
        return False
    return _E1_UNSURE.search(raw) is None and _E2_UNSURE.search(raw) is None
