"""Class selectors answered from a page's class index find what their XPath finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ocop_spiders.extract import parse_html
from ocop_spiders.query import ClassIndex, Query

from ocop.registry import marketplaces

PAGES = sorted((Path(__file__).parent / "pages").glob("*.html"))
TRICKY = """<html><body class="page">
<div class="price\tnow">1</div><div class="price\xa0now">2</div><div class="Price now">3</div>
<p class=" price  now old ">4</p><span class="price now" data-value="5">5</span>
<span class="price" data-value="6"><span class="price now">7</span></span>
<div class="pricey now">8</div><div class="">9</div><div>10</div>
<section class="in-stock-note">11</section><b class="availability">12</b>
</body></html>"""
SELECTORS = [
    ".price",
    ".now",
    ".price.now",
    ".now.price.old",
    "span.price",
    "SPAN.price",
    "div.price.now",
    "span.price::attr(data-value)",
    ".price.now::attr(data-value)",
    ".price::attr(missing)",
    "body.page",
    ".pricey",
    ".Price",
    # not class selectors: run as XPath whatever the page
    ".price .now",
    ".price > .now",
    ".price, .now",
    ".price::text",
    "#x",
    "[class*='stock']",
    "",
]


def markup_selectors() -> list[str]:
    found = set()
    for market in marketplaces().values():
        if market.storefront is not None:
            found |= {css for css in market.storefront.markup.__dict__.values() if css}
    return sorted(found)


@pytest.mark.parametrize("css", SELECTORS + markup_selectors())
@pytest.mark.parametrize("page", [TRICKY, *PAGES], ids=lambda p: getattr(p, "name", "tricky"))
def test_a_selector_finds_the_same_from_the_index_as_by_xpath(css: str, page: str | Path) -> None:
    text = page if isinstance(page, str) else page.read_text(encoding="utf-8")
    root = parse_html(text)
    query = Query(css)
    assert query.on(ClassIndex(root)) == query(root)


@pytest.mark.parametrize("css", SELECTORS + markup_selectors())
@pytest.mark.parametrize("page", [TRICKY, *PAGES], ids=lambda p: getattr(p, "name", "tricky"))
def test_a_selector_finds_the_same_within_any_element_as_by_xpath(
    css: str, page: str | Path
) -> None:
    text = page if isinstance(page, str) else page.read_text(encoding="utf-8")
    query = Query(css)
    for element in parse_html(text).iter():  # comments and all: what a scope may be
        assert query.within(element) == query(element)


def test_class_tokens_are_split_as_xpath_splits_them() -> None:
    page = ClassIndex(parse_html(TRICKY))
    found = Query(".price.now").on(page)
    assert [n.text for n in found if not isinstance(n, str)] == ["1", "4", "5", "7"]


def test_class_substring_notes_are_found_in_document_order() -> None:
    page = ClassIndex(parse_html(TRICKY))
    found = page.with_class_containing(re.compile("stock|availability"))
    assert [n.text for n in found if not isinstance(n, str)] == ["11", "12"]
    assert found == Query("[class*='stock'], [class*='availability']")(page.root)


def test_a_selector_within_a_string_finds_nothing() -> None:
    assert Query(".price").within("125.000 ₫") == []
