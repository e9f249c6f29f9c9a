"""URL slugs as both storefronts build them (contract §1.6 and §2.6).

The name is lower-cased, Vietnamese marks are removed, ``đ`` becomes ``d``, every run of other
characters becomes one ``-``, and leading/trailing ``-`` are trimmed:
``slugify("Chè Tân Cương đặc biệt")`` → ``"che-tan-cuong-dac-biet"``.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """The storefront slug of ``text`` (may be empty when ``text`` has no letters or digits)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("-", bare).strip("-")
