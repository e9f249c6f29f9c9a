"""Every outcome and extraction source on saved pages, run through the spiders' callbacks."""

from __future__ import annotations

import pytest
from ocop_spiders.base import ListingSpider
from scrapy.http import Request
from twisted.internet.error import DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from ocop.observation import Observation, PageStatus
from tests.spiders.conftest import observe, page, spider

VOSO = "http://127.0.0.1:8701/che-tan-cuong-dac-biet-p1001.html"
POSTMART = "http://127.0.0.1:8702/p/che-tan-cuong-dac-biet-123.html"


def test_voso_live_page_shows_sale_price_old_price_stars_title(voso: ListingSpider) -> None:
    seen = observe(voso, page("voso_live.html"), VOSO)
    assert seen["status"] == "live"
    assert (seen["price"], seen["list_price"], seen["stars"]) == (125_000, 150_000, 5)
    assert seen["title"] == "Chè Tân Cương đặc biệt"
    assert seen["http_status"] == 200 and seen["marketplace"] == "voso"
    Observation.model_validate(seen)  # the item is exactly what ocop stores


def test_voso_zero_stock_is_out_of_stock_but_still_listed(voso: ListingSpider) -> None:
    seen = observe(voso, page("voso_out_of_stock.html"), VOSO)
    assert seen["status"] == "out_of_stock"
    assert (seen["price"], seen["stars"]) == (1_250_000, 3)


def test_voso_soft_404_is_delisted_not_removed(voso: ListingSpider) -> None:
    seen = observe(voso, page("voso_soft404.html"), VOSO)
    assert seen["status"] == "delisted"
    assert seen["detail"] == "soft 404"
    assert seen["price"] is None and seen["title"] is None


def test_404_and_410_are_removed(voso: ListingSpider, postmart: ListingSpider) -> None:
    assert observe(voso, page("voso_404.html"), VOSO, status=404)["status"] == "removed"
    assert observe(postmart, page("voso_404.html"), POSTMART, status=410)["status"] == "removed"


def test_blocked_is_never_removed(voso: ListingSpider) -> None:
    for code in (403, 429):
        seen = observe(voso, page("voso_404.html"), VOSO, status=code)
        assert seen["status"] == "blocked", code
    captcha = observe(voso, page("captcha.html"), VOSO)
    assert (captcha["status"], captcha["detail"]) == ("blocked", "captcha")


def test_server_error_and_empty_page_are_errors(voso: ListingSpider) -> None:
    assert observe(voso, page("voso_live.html"), VOSO, status=503)["status"] == "error"
    assert observe(voso, b"<html><body></body></html>", VOSO)["status"] == "error"


def test_redirect_to_another_page_is_redirected(voso: ListingSpider) -> None:
    home = "http://127.0.0.1:8701/"
    seen = observe(voso, page("home.html"), VOSO, final_url=home)
    assert seen["status"] == "redirected"
    assert seen["final_url"] == home
    other = observe(voso, page("voso_live.html"), VOSO, final_url=VOSO.replace("p1001", "p1002"))
    assert other["status"] == "redirected"


def test_redirect_to_the_same_listing_under_a_new_slug_is_live(voso: ListingSpider) -> None:
    renamed = "http://127.0.0.1:8701/che-tan-cuong-hang-nhat-p1001.html"
    assert observe(voso, page("voso_live.html"), VOSO, final_url=renamed)["status"] == "live"


def test_postmart_json_ld_wins_over_unrelated_prices(postmart: ListingSpider) -> None:
    seen = observe(postmart, page("postmart_live.html"), POSTMART)
    assert seen["status"] == "live"
    assert (seen["price"], seen["stars"], seen["title"]) == (125_000, 4, "Chè Tân Cương đặc biệt")


def test_postmart_out_of_stock_and_discontinued(postmart: ListingSpider) -> None:
    sold_out = observe(postmart, page("postmart_out_of_stock.html"), POSTMART, sku="VC-MIEN-500")
    assert sold_out["status"] == "out_of_stock"
    gone = observe(postmart, page("postmart_discontinued.html"), POSTMART)
    assert (gone["status"], gone["detail"]) == ("delisted", "discontinued")


def test_postmart_leading_zero_redirect_is_the_same_listing(postmart: ListingSpider) -> None:
    canonical = "http://127.0.0.1:8702/p/che-tan-cuong-dac-biet-123.html"
    zeros = "http://127.0.0.1:8702/p/che-tan-cuong-dac-biet-000123.html"
    assert (
        observe(postmart, page("postmart_live.html"), zeros, final_url=canonical)["status"]
        == "live"
    )


def test_reordered_layout_nbsp_whitespace_and_unrelated_prices(voso: ListingSpider) -> None:
    seen = observe(voso, page("handwritten_reordered.html"), VOSO)
    assert seen["status"] == "live"
    assert seen["price"] == 1_200_000  # "1,2 triệu", not the banner's 300.000₫ or a card's
    assert seen["list_price"] == 1_500_000
    assert seen["stars"] == 4
    assert seen["title"] == "Gạo bao thai Định Hóa"  # og:title's " | Voso" suffix dropped


def test_sale_price_beside_struck_out_price_in_one_element(postmart: ListingSpider) -> None:
    seen = observe(postmart, page("handwritten_struck.html"), POSTMART)
    assert (seen["price"], seen["list_price"], seen["stars"]) == (125_000, 150_000, 3)
    assert seen["title"] == "Rượu ngô men lá"


def test_broken_html_and_broken_json_ld_fall_back_to_markup(postmart: ListingSpider) -> None:
    seen = observe(postmart, page("handwritten_broken.html"), POSTMART)
    assert seen["status"] == "live"
    assert seen["price"] == 98_000
    assert seen["title"] == "Măng khô Võ Nhai"
    assert seen["stars"] == 4


def test_microdata_content_attribute_beats_visible_markup(postmart: ListingSpider) -> None:
    seen = observe(postmart, page("microdata.html"), POSTMART)
    assert (seen["status"], seen["price"]) == ("out_of_stock", 450_000)
    assert seen["title"] == "Nấm linh chi Phú Lương"


def test_opengraph_before_markup(postmart: ListingSpider) -> None:
    seen = observe(postmart, page("opengraph.html"), POSTMART)
    assert (seen["price"], seen["title"]) == (1_250_000, "Trà hoa vàng Tam Đảo")


def test_json_ld_graph_picks_the_product_with_our_sku(postmart: ListingSpider) -> None:
    seen = observe(postmart, page("graph_two_products.html"), POSTMART, sku="HD-CTN-100")
    assert (seen["status"], seen["price"], seen["title"]) == ("live", 250_000, "Chè nõn tôm")


def test_network_failures_are_errors_and_robots_refusals_blocked(voso: ListingSpider) -> None:
    from scrapy.exceptions import IgnoreRequest

    target = {"sku": "HD-CTN-100", "url": VOSO}
    request = Request(VOSO, cb_kwargs={"target": target})
    for exc, status in (
        (DNSLookupError("x"), "error"),
        (TimeoutError(), "error"),
        (IgnoreRequest("robots.txt"), "blocked"),
    ):
        failure = Failure(exc)
        failure.request = request  # type: ignore[attr-defined]
        (seen,) = list(voso.listing_failed(failure))
        assert seen["status"] == status
        assert seen["http_status"] is None and seen["sku"] == "HD-CTN-100"


SAVED = [
    # (spider, page saved from the sandbox, HTTP status it was served with, expected outcome)
    ("voso", "sandbox_voso_live.html", 200, "live"),
    ("voso", "sandbox_voso_out_of_stock.html", 200, "out_of_stock"),
    ("voso", "sandbox_voso_hidden.html", 200, "delisted"),
    ("voso", "sandbox_voso_deleted.html", 404, "removed"),
    ("postmart", "sandbox_postmart_live.html", 200, "live"),
    ("postmart", "sandbox_postmart_out_of_stock.html", 200, "out_of_stock"),
    ("postmart", "sandbox_postmart_inactive.html", 200, "delisted"),
    ("postmart", "sandbox_postmart_suspended.html", 410, "removed"),
    ("postmart", "sandbox_postmart_unknown.html", 404, "removed"),
]


@pytest.mark.parametrize(("market", "name", "code", "outcome"), SAVED)
def test_pages_saved_from_the_sandbox(market: str, name: str, code: int, outcome: str) -> None:
    crawler = spider(market)
    url = VOSO.replace("p1001", "p1") if market == "voso" else POSTMART.replace("-123", "-1")
    seen = observe(crawler, page(name), url, status=code)
    assert seen["status"] == outcome
    if outcome in ("live", "out_of_stock"):
        assert seen["price"] == 125_000
        assert seen["stars"] == (5 if market == "voso" else 4)
        assert seen["title"].startswith("Chè Tân Cương đặc biệt")
    if market == "voso" and outcome == "live":
        assert seen["list_price"] == 150_000
    if market == "postmart" and outcome == "live":
        assert seen["list_price"] is None  # the side column's struck-out prices are not its own


def test_a_bold_price_is_not_mistaken_for_an_old_one(postmart: ListingSpider) -> None:
    body = (
        f'<html><head><link rel="canonical" href="{POSTMART}"></head><body>'
        '<h1 class="product-title">Chè xanh Tân Cương</h1><div class="prices">'
        '<div class="product-price bold golden">125.000 ₫</div>'
        '<span class="product-price price-old">150.000 ₫</span></div></body></html>'
    ).encode()
    seen = observe(postmart, body, POSTMART)
    assert (seen["price"], seen["list_price"]) == (125_000, 150_000)


# --- identity before facts: a wall or a page that does not name the listing never counts ---


def test_a_captcha_page_with_an_og_title_is_blocked_not_the_listing(voso: ListingSpider) -> None:
    seen = observe(voso, page("captcha_og.html"), VOSO)
    assert (seen["status"], seen["detail"]) == ("blocked", "captcha")
    assert seen["price"] is None and seen["title"] is None


def test_a_captcha_page_that_copies_the_listing_address_is_still_blocked(
    voso: ListingSpider,
) -> None:
    body = page("captcha_og.html").replace(
        b"<title>", f'<link rel="canonical" href="{VOSO}"><title>'.encode()
    )
    assert observe(voso, body, VOSO)["status"] == "blocked"


def test_a_redirect_to_a_captcha_or_a_login_page_is_blocked(
    voso: ListingSpider, postmart: ListingSpider
) -> None:
    gate = "http://127.0.0.1:8701/xac-minh?next=/che-tan-cuong-dac-biet-p1001.html"
    seen = observe(voso, page("captcha.html"), VOSO, final_url=gate)
    assert (seen["status"], seen["detail"]) == ("blocked", "captcha")
    login = "http://127.0.0.1:8702/dang-nhap?next=/p/che-123.html"
    walled = observe(postmart, page("login_wall.html"), POSTMART, final_url=login)
    assert (walled["status"], walled["detail"]) == ("blocked", "login wall")


def test_an_interstitial_at_any_status_is_blocked(postmart: ListingSpider) -> None:
    for code in (200, 503):
        seen = observe(postmart, page("interstitial.html"), POSTMART, status=code)
        assert (seen["status"], seen["detail"]) == ("blocked", "interstitial"), code


def test_a_page_that_does_not_name_the_listing_is_an_error(voso: ListingSpider) -> None:
    seen = observe(voso, page("no_identity.html"), VOSO)
    assert seen["status"] == "error"
    assert seen["detail"] == "the page does not show it is this listing"
    assert seen["price"] is None


def test_a_page_naming_another_listing_is_not_this_one(
    voso: ListingSpider, postmart: ListingSpider
) -> None:
    other = page("voso_live.html").replace(b"-p1001.html", b"-p1002.html")
    assert observe(voso, other, VOSO)["status"] == "error"
    # a marketplace may hold two listings with one SKU: the address decides
    twin = POSTMART.replace("-123.html", "-456.html")
    moved = observe(postmart, page("postmart_live.html"), POSTMART, final_url=twin)
    assert moved["status"] == "redirected"


def test_the_sku_in_the_markup_names_the_listing(voso: ListingSpider) -> None:
    body = page("no_identity.html").replace(
        b"</body>", b'<div class="c-product-sku">SKU: HD-CTN-100</div></body>'
    )
    assert observe(voso, body, VOSO)["status"] == "live"
    assert observe(voso, body, VOSO, sku="HD-CTN-1")["status"] == "error"


def test_leaving_the_marketplace_is_an_error_not_a_takedown(voso: ListingSpider) -> None:
    seen = observe(voso, page("home.html"), VOSO, final_url="https://example.com/")
    assert seen["status"] == "error"


def test_the_list_price_comes_from_the_listing_never_from_related_cards(
    voso: ListingSpider, postmart: ListingSpider
) -> None:
    # no struck-out price of its own; a related product's card has one
    body = page("voso_live.html").replace(
        b'<span class="c-product-main__oldprice">150,000<sup>\xe2\x82\xab</sup></span>', b""
    )
    seen = observe(voso, body, VOSO)
    assert (seen["status"], seen["price"], seen["list_price"]) == ("live", 125_000, None)
    structured = observe(postmart, page("list_price_json_ld.html"), POSTMART)
    assert (structured["price"], structured["list_price"]) == (125_000, 160_000)


def test_the_item_is_what_the_observation_model_dumps(voso: ListingSpider) -> None:
    seen = observe(voso, page("voso_live.html"), VOSO)
    model = Observation.model_validate(seen)
    assert seen == model.model_dump(mode="json")
    assert list(seen) == list(model.model_dump(mode="json"))
    failed = Failure(DNSLookupError("no such host"))
    target = {"sku": "A", "url": VOSO}
    failed.request = Request(VOSO, cb_kwargs={"target": target})  # type: ignore[attr-defined]
    (item,) = voso.listing_failed(failed)
    assert item == Observation.model_validate(item).model_dump(mode="json")
    with pytest.raises(TypeError, match="not fields"):
        voso.observation({"sku": "A", "url": VOSO}, PageStatus.LIVE, prise=1)
