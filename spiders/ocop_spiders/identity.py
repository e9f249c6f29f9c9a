"""Is this page the listing we asked for, or a wall in front of it?

A page's facts count only when it shows it is that listing: the listing's number in its
canonical address, ``og:url`` or structured data's ``url`` (read with the marketplace's listing-id
rule, so a 301 to the same listing under a new slug still counts), its SKU in JSON-LD or
microdata (``sku``, ``productID``), or its SKU in the marketplace's own markup (``Markup.sku``).

A page that does not is a wall — a captcha, a bot-check interstitial, a login form — whatever
its HTTP status and however it was reached, or else an error. Neither ever counts as the
listing: a wall is "blocked", and the counts rest on the last trustworthy observation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlparse

from ocop_spiders.extract import PageFacts

# (what the wall is, markers in the page's lower-cased HTML). A page saying one of the first
# markers is a wall whatever else it shows; the second only mark a wall on a page that does
# not show it is the listing (a product page may carry a review form's captcha or a login box).
WALLS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "captcha",
        ("không phải là robot", "không phải robot", "not a robot", "are you a robot"),
        ("g-recaptcha", "h-captcha", "hcaptcha", "cf-turnstile", "captcha"),
    ),
    (
        "interstitial",
        (
            "cf-challenge",
            "challenge-platform",
            "cf-browser-verification",
            "checking your browser",
            "đang kiểm tra trình duyệt",
        ),
        ("just a moment", "ddos protection", "vui lòng chờ"),
    ),
    (
        "login wall",
        ("đăng nhập để tiếp tục", "vui lòng đăng nhập để xem", "sign in to continue"),
        ('type="password"', "type='password'", "vui lòng đăng nhập", "please log in"),
    ),
)
# Words one of which each unmistakable marker holds (a marker without one fails the import):
# a page's text is searched for these few first, then only for the markers holding one it
# has: six searches of a product page instead of twelve (``wall`` 8.4 -> 6.8 µs).
ANCHORS = ("robot", "challenge", "browser", "trình duyệt", "đăng nhập", "sign in")
_ANCHORED = tuple(
    (kind, tuple((next(a for a in ANCHORS if a in m), m) for m in strong), weak)
    for kind, strong, weak in WALLS
)
LOGIN_PATHS = re.compile(r"/(login|signin|sign-in|dang-nhap|auth|account/login)\b", re.I)


@lru_cache(maxsize=4096)
def url_path(url: str) -> str:
    """The path of ``url`` as ``urlparse`` reads it. A page's classification asks it of the
    same few addresses (the target's, the final one, the page's canonical) about five times:
    cached, a microsecond each."""
    return urlparse(url).path


def wall(html: str, url: str, *, shown: bool = False) -> str | None:
    """What kind of wall the page is ("captcha", "interstitial", "login wall"), or None.
    ``shown``: the page showed it is the listing, so only the unmistakable markers count."""
    if LOGIN_PATHS.search(url_path(url)):
        return "login wall"
    # composed first: a page in Windows-1258, or one written decomposed, spells "phải" with
    # a combining hook the markers do not have (1 µs on a page already composed)
    text = unicodedata.normalize("NFC", html).lower()
    anchors = [anchor for anchor in ANCHORS if anchor in text]
    for kind, strong, weak in _ANCHORED:
        if anchors and any(a in anchors and marker in text for a, marker in strong):
            return kind
        if not shown and any(marker in text for marker in weak):
            return kind
    return None


def shows_listing(
    facts: PageFacts, wanted: int | None, sku: str | None, number_of: Callable[[str], int | None]
) -> bool:
    """True when the page names the listing: number ``wanted`` in its addresses, or (when they
    name no listing number) ``sku`` in its structured data or in the SKU its markup shows. An
    address naming another number is another listing, whatever its SKU: a marketplace may
    hold two listings with one SKU."""
    numbers = {n for u in facts.urls if (n := number_of(url_path(u))) is not None}
    if wanted is not None and numbers:
        return wanted in numbers
    if not sku:
        return False
    if any(str(given).strip() == sku for given in facts.skus):
        return True
    return bool(facts.shown_sku and sku in re.split(r"[\s:,;|/]+", facts.shown_sku))
