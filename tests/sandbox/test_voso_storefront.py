"""Contract §1.6: Voso's product pages for every status, shop pages, robots.txt."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from ocop_voso.sandbox.pages import discount_percent

from ocop.sandbox import Sandbox
from tests.sandbox.conftest import VosoClient, voso_product

NOT_FOUND_DIV = '<div class="c-notfound">Sản phẩm không tồn tại hoặc đã ngừng kinh doanh</div>'


def _create(voso: VosoClient, **overrides: Any) -> dict[str, Any]:
    response = voso.call("POST", "/products", json=voso_product(**overrides))
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_active_page_has_the_contract_markup(voso: VosoClient) -> None:
    product = _create(voso)
    page = httpx.get(product["url"])
    assert page.status_code == 200
    html = page.text
    assert '<h1 class="c-product-head__title">Chè Tân Cương đặc biệt</h1>' in html
    assert '<span class="c-product-main__price">125,000<sup>₫</sup></span>' in html
    assert '<span class="c-product-main__oldprice">150,000<sup>₫</sup></span>' in html
    assert '<span class="c-tag-sale">Giảm 17%</span>' in html
    assert '<span class="jstars jstars__ocop" data-value="5"></span>' in html
    assert "c-product-out-of-stock" not in html
    assert "application/ld+json" not in html
    for prop in ("og:title", "og:url", "og:image"):
        assert f'property="{prop}"' in html


def test_plain_product_has_no_optional_markup(voso: VosoClient) -> None:
    product = _create(voso, original_price=None, ocop_stars=None, stock=0, price=1_250_000)
    html = httpx.get(product["url"]).text
    assert "1,250,000<sup>₫</sup>" in html
    assert "oldprice" not in html and "c-tag-sale" not in html and "jstars" not in html
    assert '<div class="c-product-out-of-stock"><span>Hết hàng</span></div>' in html


def test_old_price_equal_to_price_shows_no_sale_tag(voso: VosoClient) -> None:
    html = httpx.get(_create(voso, original_price=125_000)["url"]).text
    assert "c-product-main__oldprice" in html and "c-tag-sale" not in html


@pytest.mark.parametrize(
    ("price", "original", "percent"),
    [
        (125_000, 150_000, 17),
        (99_500, 100_000, 1),
        (98_500, 100_000, 2),
        (1_000, 8_000, 88),
        (7_000, 8_000, 13),
    ],
)
def test_discount_rounds_half_up(price: int, original: int, percent: int) -> None:
    assert discount_percent(price, original) == percent


@pytest.mark.parametrize("status", ["hidden", "banned"])
def test_hidden_or_banned_is_a_soft_404_whatever_the_slug(
    sandbox: Sandbox, voso: VosoClient, status: str
) -> None:
    product = _create(voso)
    sandbox["voso"].mutate(product["product_id"], status=status)
    for url in (product["url"], product["url"].replace("che-tan", "wrong")):
        page = httpx.get(url, follow_redirects=False)
        assert page.status_code == 200 and NOT_FOUND_DIV in page.text
        assert "c-product-main__price" not in page.text


def test_deleted_and_unknown_are_404(sandbox: Sandbox, voso: VosoClient) -> None:
    product = _create(voso)
    sandbox["voso"].delete(product["product_id"])
    assert httpx.get(product["url"]).status_code == 404
    assert httpx.get(sandbox["voso"].storefront_url + "/anything-p424242.html").status_code == 404


def test_wrong_slug_redirects_permanently_to_the_canonical_url(voso: VosoClient) -> None:
    product = _create(voso)
    wrong = product["url"].replace("che-tan-cuong-dac-biet", "old-name")
    page = httpx.get(wrong, follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == product["url"]


def test_price_and_stock_changes_show_on_the_page(sandbox: Sandbox, voso: VosoClient) -> None:
    product = _create(voso)
    sandbox["voso"].mutate(product["product_id"], price=130_000, stock=0)
    html = httpx.get(product["url"]).text
    assert "130,000<sup>₫</sup>" in html and "Hết hàng" in html


def test_shop_page_pages_active_products_24_at_a_time(sandbox: Sandbox, voso: VosoClient) -> None:
    for n in range(26):
        sandbox["voso"].create_product(f"HAND-{n:02d}", price=10_000 + n)
    hidden = sandbox["voso"].create_product("HAND-HIDDEN")
    sandbox["voso"].mutate(hidden["product_id"], status="hidden")
    shop_url = voso.call("GET", "/shop").json()["data"]["url"]
    first = httpx.get(shop_url).text
    cards = re.findall(r'<div class="b-product-card"><a href="(/[^"]+-p\d+\.html)">', first)
    assert len(cards) == 24
    assert '<div class="b__price"><strong>10,000<sup>₫</sup></strong></div>' in first
    second = httpx.get(shop_url, params={"page": 2}).text
    assert len(re.findall(r'class="b-product-card"', second)) == 2
    assert hidden["url"].split("/")[-1] not in first + second
    assert 'rel="next"' in first and 'rel="next"' not in second


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5"])
def test_shop_page_refuses_a_page_that_is_not_a_positive_integer(
    sandbox: Sandbox, page: str
) -> None:
    url = sandbox["voso"].storefront_url + "/htx-dac-san-thai-nguyen-s200001"
    assert httpx.get(url, params={"page": page}).status_code == 400


def test_shop_page_wrong_slug_redirects(sandbox: Sandbox) -> None:
    page = httpx.get(sandbox["voso"].storefront_url + "/wrong-s200001", follow_redirects=False)
    assert page.status_code == 301
    assert (
        page.headers["location"]
        == sandbox["voso"].storefront_url + "/htx-dac-san-thai-nguyen-s200001"
    )
    assert httpx.get(sandbox["voso"].storefront_url + "/nobody-s999").status_code == 404


def test_robots_allows_product_and_shop_pages(sandbox: Sandbox) -> None:
    from urllib.robotparser import RobotFileParser

    parser = RobotFileParser()
    parser.parse(httpx.get(sandbox["voso"].storefront_url + "/robots.txt").text.splitlines())
    base = sandbox["voso"].storefront_url
    assert parser.can_fetch("ocop", base + "/che-tan-cuong-p1.html")
    assert parser.can_fetch("ocop", base + "/htx-dac-san-thai-nguyen-s200001?page=2")


def test_any_field_can_drift_behind_the_sellers_back(sandbox: Sandbox, voso: VosoClient) -> None:
    product = _create(voso)
    sandbox["voso"].mutate(product["product_id"], ocop_stars=3, name="Chè Tân Cương loại hai")
    page = httpx.get(product["url"], follow_redirects=True)
    assert 'data-value="3"' in page.text and "Chè Tân Cương loại hai" in page.text
    with pytest.raises(ValueError, match="unknown field"):
        sandbox["voso"].mutate(product["product_id"], colour="red")
    with pytest.raises(ValueError, match="status"):
        sandbox["voso"].mutate(product["product_id"], status="deleted")
