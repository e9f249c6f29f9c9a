"""Shop pages: one item per product card, and the next page."""

from __future__ import annotations

import scrapy
from scrapy.http import HtmlResponse, Request

from tests.spiders.conftest import page, shop

SHOP = "http://127.0.0.1:8701/htx-dac-san-thai-nguyen-s200001?page=1"


def test_voso_shop_cards_and_next_page() -> None:
    spider = shop("voso", shop=SHOP)
    response = HtmlResponse(
        SHOP, body=page("voso_shop.html"), encoding="utf-8", request=Request(SHOP)
    )
    out = list(spider.parse_page(response, page=1))
    items = [o for o in out if isinstance(o, dict)]
    following = [o for o in out if isinstance(o, scrapy.Request)]
    assert [i["remote_id"] for i in items] == ["1001", "1002"]
    assert items[0]["title"] == "Chè Tân Cương đặc biệt"
    assert items[1]["price"] == 120_000
    assert items[0]["url"] == "http://127.0.0.1:8701/che-tan-cuong-dac-biet-p1001.html"
    assert [r.url for r in following] == [SHOP.replace("page=1", "page=2")]


def test_a_short_page_without_next_link_ends_the_walk() -> None:
    url = "http://127.0.0.1:8702/shop/htx?page=3"
    body = b'<html><body><a href="/p/mien-dong-12.html">Mi\xe1\xba\xbfn dong</a><a href="/gioi-thieu">x</a></body></html>'
    spider = shop("postmart", shop=url)
    out = list(spider.parse_page(HtmlResponse(url, body=body, encoding="utf-8"), page=3))
    assert [(o["remote_id"], o["title"]) for o in out] == [("12", "Miến dong")]


def test_spiders_accept_arbitrary_arguments_as_scrapyd_passes_them() -> None:
    spider = shop("voso", shop=SHOP, _job="abc", _version="1", setting="x")
    assert spider.shop == SHOP
