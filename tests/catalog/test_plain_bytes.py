"""The bytes-level check never passes a character NFC could change, nor one that must be looked at."""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

from ocop.loading.plain import surely_plain

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
        if not 0xD800 <= cp <= 0xDFFF and surely_plain(chr(cp).encode())
    ]
    assert passed == []


def test_the_blocks_a_catalogue_uses_are_passed_without_decoding() -> None:
    blocks = [
        [0x0A, 0x0D],
        range(0x20, 0x7F),
        range(0xA1, 0x300),
        range(0x1E00, 0x1F00),
        range(0x2002, 0x200B),
        range(0x2010, 0x2028),
        range(0x202F, 0x2040),
        range(0x2080, 0x20C0),
        range(0x2600, 0x2680),
        range(0x2700, 0x2780),
    ]
    refused = [cp for block in blocks for cp in block if not surely_plain(chr(cp).encode())]
    assert refused == []
    assert surely_plain(VIETNAMESE.encode())


def test_controls_direction_marks_and_separators_are_left_to_the_exact_check() -> None:
    looked_at = [
        *range(0x0A),  # NUL … TAB
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA1),  # DEL, C1 controls (NEL among them), NBSP
        *range(0x200B, 0x2010),  # zero-width spaces, LRM, RLM
        *range(0x2028, 0x202F),  # separators, embeddings, overrides
        *range(0x2060, 0x206A),  # word joiner, isolates
        0x061C,
        0xFEFF,
        0xFFFE,
        0xFFFF,
    ]
    passed = [hex(cp) for cp in looked_at if surely_plain(f"name: a{chr(cp)}b\n".encode())]
    assert passed == []


def test_decomposed_vietnamese_and_unlisted_blocks_are_unsure() -> None:
    assert not surely_plain(unicodedata.normalize("NFD", VIETNAMESE).encode())
    for text in ["\u2126", "\u212b", "가", "\u2060", "\u200b", "日本", "😀"]:  # Ω and Å signs
        assert not surely_plain(f"name: {text}\n".encode()), text
