"""The page extraction on small pages: selectors as the storefront rules write them."""

from __future__ import annotations

import pytest
from ocop_spiders.extract import compiled, extract

from ocop.storefront import Markup

PAGE = """<html><body>
<h1 class="title">Chè <b>Tân Cương</b></h1>
<div class="main"><span class="now">125.000₫</span><del class="was">150.000₫</del>
<span class="stars" data-value="4">★★★★</span></div>
<div class="card"><del>99.000₫</del></div>
</body></html>"""


def test_text_and_attribute_selectors_give_the_string_they_select() -> None:
    markup = Markup(
        title="h1.title::text",
        price=".main .now::text",
        list_price=".was::text",
        stars=".stars::attr(data-value)",
        price_block=".main",
    )
    facts = extract(PAGE, markup)
    assert (facts.title, facts.price, facts.list_price, facts.stars) == (
        "Chè",  # ::text is the element's own text, not its children's
        125_000,
        150_000,
        4,
    )


def test_element_selectors_read_all_the_text_and_the_struck_price_stays_out() -> None:
    markup = Markup(title="h1", price=".main", list_price="del", stars=".stars")
    facts = extract(PAGE, markup)
    assert (facts.title, facts.price, facts.list_price, facts.stars) == (
        "Chè Tân Cương",
        125_000,  # the <del> inside the price's element is the list price, not the selling one
        150_000,
        4,
    )


@pytest.mark.parametrize("text", ["", "   ", "\x00", "<p>no html element</p>"])
def test_empty_and_fragmentary_pages_show_no_product(text: str) -> None:
    assert not extract(text, Markup()).has_product


def test_a_marketplaces_selectors_are_compiled_once() -> None:
    markup = Markup(title="h2.name")
    assert compiled(markup) is compiled(Markup(title="h2.name"))
