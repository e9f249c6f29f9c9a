"""Contract §2.6: Postmart's product pages for every status, store pages, robots.txt."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from ocop.sandbox import Sandbox


def _ld(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def _made(sandbox: Sandbox, **fields: Any) -> dict[str, Any]:
    return sandbox["postmart"].create_listing(fields.pop("seller_sku", "TN-CHE-001"), **fields)


def test_active_page_has_json_ld_price_and_badge(sandbox: Sandbox) -> None:
    ocop = {"stars": 4, "certificate_no": "12/QĐ", "valid_until": "2099-01-01"}
    listing = _made(sandbox, title="Chè Tân Cương đặc biệt", price=125_000, ocop=ocop)
    page = httpx.get(listing["url"])
    assert page.status_code == 200
    ld = _ld(page.text)
    assert (
        ld["@type"] == "Product"
        and ld["name"] == "Chè Tân Cương đặc biệt"
        and ld["sku"] == "TN-CHE-001"
    )
    assert ld["offers"] == {
        "@type": "Offer", "price": "125000", "priceCurrency": "VND",
        "availability": "https://schema.org/InStock", "url": listing["url"],
    }  # fmt: skip
    assert '<h1 class="product-title">Chè Tân Cương đặc biệt</h1>' in page.text
    assert '<div class="product-price">125.000 ₫</div>' in page.text
    assert re.search(r'<img class="ocop-badge" alt="OCOP 4 sao" src="[^"]+">', page.text)


def test_out_of_stock_and_no_badge(sandbox: Sandbox) -> None:
    page = httpx.get(_made(sandbox, stock=0, price=1_250_000)["url"])
    assert _ld(page.text)["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert "1.250.000 ₫" in page.text and "ocop-badge" not in page.text


def test_inactive_is_200_discontinued(sandbox: Sandbox) -> None:
    listing = _made(sandbox)
    sandbox["postmart"].mutate(listing["listing_id"], status="inactive")
    page = httpx.get(listing["url"])
    assert page.status_code == 200 and "Sản phẩm ngừng kinh doanh" in page.text
    assert _ld(page.text)["offers"]["availability"] == "https://schema.org/Discontinued"


def test_suspended_is_410_even_with_a_wrong_slug(sandbox: Sandbox) -> None:
    listing = _made(sandbox)
    sandbox["postmart"].mutate(listing["listing_id"], status="suspended")
    assert httpx.get(listing["url"]).status_code == 410
    wrong = listing["url"].replace("che-tan", "xyz")
    assert httpx.get(wrong, follow_redirects=False).status_code == 410


def test_unknown_is_404(sandbox: Sandbox) -> None:
    assert (
        httpx.get(sandbox["postmart"].storefront_url + "/p/anything-424242.html").status_code == 404
    )


@pytest.mark.parametrize("path", ["/p/old-title-{n}.html", "/p/che-tan-cuong-dac-biet-000{n}.html"])
def test_wrong_slug_or_leading_zeros_redirect(sandbox: Sandbox, path: str) -> None:
    listing = _made(sandbox, title="Chè Tân Cương đặc biệt")
    n = int(listing["listing_id"][3:])
    page = httpx.get(sandbox["postmart"].storefront_url + path.format(n=n), follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == listing["url"]


def test_pending_changes_keep_the_old_content_on_the_page(sandbox: Sandbox) -> None:
    listing = _made(sandbox, title="Chè Tân Cương đặc biệt")
    sandbox.set_moderation(delay_s=3600)
    from tests.sandbox.conftest import PostmartClient, postmart_listing

    client = PostmartClient(sandbox["postmart"].api_url)
    client.call(
        "PUT",
        f"/listings/{listing['listing_id']}",
        json=postmart_listing(title="Tên mới hoàn toàn khác"),
    )
    assert "Chè Tân Cương đặc biệt" in httpx.get(listing["url"]).text


def test_store_page_pages_active_listings_20_at_a_time(sandbox: Sandbox) -> None:
    made = [_made(sandbox, seller_sku=f"S{n:02d}") for n in range(23)]
    sandbox["postmart"].mutate(made[0]["listing_id"], status="inactive")
    store = sandbox["postmart"].storefront_url + "/shop/htx-dac-san-thai-nguyen"
    first = httpx.get(store).text
    second = httpx.get(store, params={"page": 2}).text
    links = re.findall(r'<a class="product-link" href="(/p/[^"]+)"', first + second)
    assert len(re.findall('class="product-link"', first)) == 20
    assert (
        len(links) == 22
        and made[0]["url"].removeprefix(sandbox["postmart"].storefront_url) not in links
    )
    assert 'rel="next"' in first and 'rel="next"' not in second
    assert httpx.get(store, params={"page": "0"}).status_code == 400
    assert httpx.get(sandbox["postmart"].storefront_url + "/shop/nobody").status_code == 404


def test_robots_allows_product_and_store_pages(sandbox: Sandbox) -> None:
    from urllib.robotparser import RobotFileParser

    parser = RobotFileParser()
    parser.parse(httpx.get(sandbox["postmart"].storefront_url + "/robots.txt").text.splitlines())
    base = sandbox["postmart"].storefront_url
    assert parser.can_fetch("ocop", base + "/p/che-1.html")
    assert parser.can_fetch("ocop", base + "/shop/htx-dac-san-thai-nguyen?page=2")


def test_any_field_can_drift_behind_the_sellers_back(sandbox: Sandbox) -> None:
    ocop = {"stars": 4, "certificate_no": "12/QĐ", "valid_until": "2099-01-01"}
    listing = _made(sandbox, ocop=ocop)
    sandbox["postmart"].mutate(listing["listing_id"], ocop=None, price=99_000)
    page = httpx.get(listing["url"]).text
    assert "ocop-badge" not in page and "99.000 ₫" in page
    with pytest.raises(ValueError, match="SKU"):
        sandbox["postmart"].mutate(listing["listing_id"], seller_sku=None)
