"""A page says the same in any encoding a crawl may meet: UTF-8 named in the header only or in
the page's ``<meta>`` only, UTF-16 known by its byte-order mark, Vietnamese Windows-1258 named
only in ``<meta>`` (its tone marks written as combining characters, as that code page must)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request

from tests.spiders.conftest import PAGES, spider

META = '<meta charset="utf-8">'
# the tone marks Windows-1258 writes as combining characters after the letter
TONES = "\u0300\u0301\u0303\u0309\u0323"
PAGES_WITH_META = sorted(p.name for p in PAGES.glob("*.html") if META in p.read_text("utf-8"))
FACTS = ("status", "detail", "price", "list_price", "stars", "title", "final_url")


def windows_1258(text: str) -> bytes:
    """``text`` in Windows-1258: each letter with its vowel marks composed, its tone apart."""
    letters: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and letters:
            letters[-1] += char
        else:
            letters.append(char)
    written = []
    for letter in letters:
        tones = "".join(m for m in letter[1:] if m in TONES)
        base = letter[0] + "".join(m for m in letter[1:] if m not in TONES)
        written.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(written).encode("cp1258")


def seen(name: str, body: bytes, content_type: str) -> dict[str, Any]:
    marketplace = "postmart" if "postmart" in name else "voso"
    url = "http://127.0.0.1:8701/che-tan-cuong-dac-biet-p1001.html"
    target = {"sku": "HD-CTN-100", "url": url, "remote_id": "1"}
    response = HtmlResponse(
        url, body=body, headers={"Content-Type": content_type}, request=Request(url)
    )
    (item,) = spider(marketplace).parse_listing(response, target=target)
    return {k: item[k] for k in FACTS}


@pytest.mark.parametrize("name", PAGES_WITH_META)
def test_every_encoding_gives_the_same_observation(name: str) -> None:
    text = (PAGES / name).read_text("utf-8")
    bare = text.replace(META, "")
    expected = seen(name, text.encode(), "text/html; charset=utf-8")
    assert seen(name, bare.encode(), "text/html; charset=utf-8") == expected
    assert seen(name, text.encode(), "text/html") == expected
    assert seen(name, bare.encode("utf-16"), "text/html") == expected
    vietnamese = windows_1258(text.replace(META, '<meta charset="windows-1258">'))
    assert seen(name, vietnamese, "text/html") == expected


@pytest.mark.parametrize("encoding", ["windows-1258", "utf-8 decomposed"])
def test_a_captcha_naming_the_listing_is_blocked_in_any_encoding(encoding: str) -> None:
    page = (PAGES / "voso_live.html").read_text("utf-8")
    page = page.replace("</body>", "<p>Xác nhận bạn không phải là robot</p></body>")
    if encoding == "windows-1258":
        body = windows_1258(page.replace(META, '<meta charset="windows-1258">'))
    else:
        body = unicodedata.normalize("NFD", page).encode()
    observed = seen("voso_live.html", body, "text/html")
    assert (observed["status"], observed["detail"], observed["price"]) == (
        "blocked",
        "captcha",
        None,
    )
