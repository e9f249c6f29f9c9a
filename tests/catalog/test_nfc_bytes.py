"""The bytes-level NFC check never passes a character that NFC could change."""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

from ocop.loading.nfc import surely_nfc

VIETNAMESE = "Chè búp Tân Cương Hảo Đạt – “loại đặc biệt” 125.000₫ ★★★★ ✓ Ưu đãi, Ổi, Ỷ, Ỹ"


@cache
def may_change_under_nfc() -> frozenset[int]:
    """Code points that NFC may replace, reorder or combine with the character before."""
    found = set()
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if unicodedata.combining(ch) or unicodedata.normalize("NFC", ch) != ch:
            found.add(cp)
        parts = unicodedata.decomposition(ch).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            found.add(int(parts[1], 16))  # the second half of a canonical pair may compose
    found.update(range(0x1161, 0x1176))  # Hangul vowels and final consonants compose
    found.update(range(0x11A8, 0x11C3))  # algorithmically, outside the decomposition table
    return frozenset(found)


def test_every_character_nfc_may_change_is_left_to_the_exact_check() -> None:
    passed = [
        cp
        for cp in sorted(may_change_under_nfc())
        if not 0xD800 <= cp <= 0xDFFF and surely_nfc(chr(cp).encode())
    ]
    assert passed == []


def test_the_blocks_a_catalogue_uses_are_passed_without_decoding() -> None:
    blocks = [
        range(0x300),
        range(0x1E00, 0x1F00),
        range(0x2002, 0x200B),
        range(0x200E, 0x2040),
        range(0x2080, 0x20C0),
        range(0x2600, 0x2680),
        range(0x2700, 0x2780),
    ]
    refused = [cp for block in blocks for cp in block if not surely_nfc(chr(cp).encode())]
    assert refused == []
    assert surely_nfc(VIETNAMESE.encode())


def test_decomposed_vietnamese_and_unlisted_blocks_are_unsure() -> None:
    assert not surely_nfc(unicodedata.normalize("NFD", VIETNAMESE).encode())
    for text in ["\u2126", "\u212b", "가", "\u2060", "\u200b", "日本", "😀"]:  # Ω and Å signs
        assert not surely_nfc(f"name: {text}\n".encode()), text
