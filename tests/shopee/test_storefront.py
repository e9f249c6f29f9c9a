"""Shopee's product pages in the sandbox, and observing listings on them with the package's
spider (or, when a page cannot be read, through the seller API's read-back, ``ocop.readback``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from ocop_shopee import ShopeeConnector, ShopeeSandbox, read_page
from ocop_shopee.listings import RemoteId
from ocop_shopee.spider import ShopeeSpider
from ocop_shopee.storefront import ids_in_url, product_url
from scrapy.http import HtmlResponse, Request, TextResponse

from ocop.connector import OfferUpdate
from ocop.observation import Observation, PageStatus
from ocop.readback import read_back
from tests.shopee.conftest import upload
from tests.shopee.drafts import draft, product

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as client:
        yield client


@pytest.fixture
def storefront(shopee: ShopeeSandbox) -> Iterator[ShopeeSandbox]:
    yield shopee
    shopee.set_behaviour(storefront="ssr")


def observe(
    connector: ShopeeConnector, http: httpx.Client, sku: str, remote_id: str, url: str
) -> Observation:
    """What verify records: the spider on the page as served, then the read-back of a page
    that could not be read."""
    (seen,) = read_back(connector, [spider_sees(http, sku, remote_id, url)])
    return seen


def made_product(connector: ShopeeConnector) -> tuple[list[str], list[str]]:
    drafts = product(("Hộp 100 g", "Hộp 200 g"))
    image = upload(connector)
    ids = [connector.create(d, [image]).remote_id for d in drafts]
    return [d.sku for d in drafts], ids


def test_a_product_page_carries_one_variant_per_model(
    shopee: ShopeeSandbox, connector: ShopeeConnector, http: httpx.Client
) -> None:
    skus, ids = made_product(connector)
    connector.update_offers([OfferUpdate(ids[1], stock=0)])
    url = connector.get(ids[0]).url
    assert ids_in_url(url) == (300_001, RemoteId.parse(ids[0]).item_id)
    page = http.get(url)
    data = json.loads(LD.findall(page.text)[0])
    assert data["@type"] == "ProductGroup" and [v["sku"] for v in data["hasVariant"]] == skus
    first, second = read_page(page.text, skus[0]), read_page(page.text, skus[1])
    assert (first.price, first.availability, first.stars) == (90_000, "in_stock", 4)
    assert second.availability == "out_of_stock" and second.title.endswith("Hộp 200 g")  # type: ignore[union-attr]
    assert not read_page(page.text, "NOT-THERE").seen


def test_an_item_without_models_is_one_product(
    connector: ShopeeConnector, http: httpx.Client
) -> None:
    one = draft()
    made = connector.create(one, [upload(connector)])
    reading = read_page(http.get(connector.get(made.remote_id).url).text, one.sku)
    assert (reading.seen, reading.price, reading.title) == (True, 125_000, one.title)


def test_the_short_url_redirects_to_the_canonical_one(
    shopee: ShopeeSandbox, connector: ShopeeConnector, http: httpx.Client
) -> None:
    made = connector.create(draft(), [upload(connector)])
    item_id = RemoteId.parse(made.remote_id).item_id
    moved = http.get(f"{shopee.storefront_url}/product/300001/{item_id}")
    assert moved.status_code == 301
    assert moved.headers["location"] == product_url(
        shopee.storefront_url, 300_001, item_id, draft().title
    )
    assert http.get(f"{shopee.storefront_url}/any-slug-i.300001.{item_id}").status_code == 200


def test_observations_come_from_the_page_when_it_can_be_read(
    storefront: ShopeeSandbox, connector: ShopeeConnector, http: httpx.Client
) -> None:
    skus, ids = made_product(connector)
    url = connector.get(ids[0]).url
    seen = observe(connector, http, skus[0], ids[0], url)
    assert (seen.status, seen.source, seen.price, seen.stars) == (
        PageStatus.LIVE,
        "page",
        90_000,
        4,
    )
    connector.set_listed(ids[1], False)  # the other model goes: this one stays on sale
    assert observe(connector, http, skus[0], ids[0], url).status is PageStatus.LIVE
    connector.set_listed(ids[0], False)  # the last one: the item is unlisted
    delisted = observe(connector, http, skus[0], ids[0], url)
    assert (delisted.status, delisted.source) == (PageStatus.DELISTED, "page")
    storefront.delete(RemoteId.parse(ids[0]).item_id)
    removed = observe(connector, http, skus[0], ids[0], url)
    assert (removed.status, removed.source, removed.http_status) == (
        PageStatus.REMOVED,
        "page",
        404,
    )


def test_a_model_taken_off_its_page_is_removed_by_the_read_back(
    storefront: ShopeeSandbox, connector: ShopeeConnector, http: httpx.Client
) -> None:
    skus, ids = made_product(connector)
    url = connector.get(ids[0]).url
    connector.set_listed(ids[0], False)  # its model is deleted; the other stays on the page
    gone = observe(connector, http, skus[0], ids[0], url)
    assert (gone.status, gone.source) == (PageStatus.REMOVED, "seller_api")
    assert gone.detail is not None and "no product" in gone.detail


@pytest.mark.parametrize("mode", ["spa", "blocked", "auto"])
def test_a_page_that_shows_nothing_falls_back_to_the_read_back(
    storefront: ShopeeSandbox, connector: ShopeeConnector, http: httpx.Client, mode: str
) -> None:
    skus, ids = made_product(connector)
    storefront.set_behaviour(storefront=mode)
    seen = observe(connector, http, skus[1], ids[1], connector.get(ids[1]).url)
    assert seen.status is PageStatus.LIVE and seen.price == 130_000
    assert seen.source == "seller_api" and seen.http_status is None
    assert seen.detail is not None and seen.detail.startswith("page ")


def test_crawlers_get_the_rendered_page_in_auto_mode(
    storefront: ShopeeSandbox, connector: ShopeeConnector, http: httpx.Client
) -> None:
    skus, ids = made_product(connector)
    storefront.set_behaviour(storefront="auto")
    url = connector.get(ids[0]).url
    assert not read_page(http.get(url).text, skus[0]).seen
    bot = http.get(url, headers={"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"})
    assert read_page(bot.text, skus[0]).seen


def test_images_and_robots_are_served(
    shopee: ShopeeSandbox, connector: ShopeeConnector, http: httpx.Client
) -> None:
    url = upload(connector, 9)
    assert http.get(url).headers["content-type"] == "image/png"
    assert http.get(f"{shopee.storefront_url}/file/nothing").status_code == 404
    assert "Disallow: /api/" in http.get(f"{shopee.storefront_url}/robots.txt").text


@pytest.mark.parametrize(
    ("knob", "detail"),
    [({"page_captcha": 1}, "captcha"), ({"page_captcha_redirect": 1}, "captcha")],
)
def test_a_captcha_in_front_of_the_page_is_blocked_then_read_back(
    shopee: ShopeeSandbox,
    connector: ShopeeConnector,
    http: httpx.Client,
    knob: dict[str, int],
    detail: str,
) -> None:
    skus, ids = made_product(connector)
    url = connector.get(ids[0]).url
    shopee.set_faults(**knob)  # the kit's bot defences: a 200 captcha with an og:title, a 302
    try:
        page = spider_sees(http, skus[0], ids[0], url)
        seen = observe(connector, http, skus[0], ids[0], url)
    finally:
        shopee.set_faults(page_captcha=0, page_captcha_redirect=0)
    assert (page.status, page.detail, page.price, page.title) == (
        PageStatus.BLOCKED,
        detail,
        None,
        None,
    )
    assert (seen.status, seen.source, seen.price) == (PageStatus.LIVE, "seller_api", 90_000)


def test_shopees_own_walls_are_blocked_at_any_status(
    connector: ShopeeConnector, http: httpx.Client
) -> None:
    skus, ids = made_product(connector)
    url = connector.get(ids[0]).url
    target = {"sku": skus[0], "url": url, "remote_id": ids[0]}
    host = url.split("/", 3)[:3]
    captcha = "/".join(host) + "/verify/captcha?anti_bot_tracking_id=abc"
    slider = HtmlResponse(
        url=captcha, status=200, body=b"<html><body><div id='main'></div></body></html>",
        encoding="utf-8", request=Request(url, cb_kwargs={"target": target}),
    )  # fmt: skip
    answer = b'{"error": 90309999, "tracking_id": "x", "action_type": 2, "is_login": false}'
    anti_bot = TextResponse(
        url=url, status=200, body=answer, encoding="utf-8",
        headers={"Content-Type": "application/json"}, request=Request(url),
    )  # fmt: skip
    for response, why in ((slider, "captcha"), (anti_bot, "anti-bot answer (error 90309999)")):
        (item,) = ShopeeSpider().parse_listing(response, target=target)
        assert (item["status"], item["detail"]) == ("blocked", why)


def test_a_page_naming_another_item_is_not_this_listing(
    connector: ShopeeConnector, http: httpx.Client
) -> None:
    """Identity before facts: the canonical link names the item; a page of another item with
    the same SKU (a seller may reuse one) does not count for this listing."""
    one = draft()
    first = connector.create(one, [upload(connector)])
    other = connector.create(replace(one, title=one.title + " (2)"), [upload(connector)])
    own = spider_sees(http, one.sku, first.remote_id, connector.get(first.remote_id).url)
    assert own.status is PageStatus.LIVE
    elsewhere = http.get(connector.get(other.remote_id).url).content
    target = {"sku": one.sku, "url": connector.get(first.remote_id).url}
    response = HtmlResponse(
        url=target["url"], status=200, body=elsewhere, encoding="utf-8",
        request=Request(target["url"], cb_kwargs={"target": target}),
    )  # fmt: skip
    (item,) = ShopeeSpider().parse_listing(response, target=target)
    assert (item["status"], item["price"]) == ("error", None)
    assert item["detail"] == "the page does not show it is this listing"


def spider_sees(http: httpx.Client, sku: str, remote_id: str, url: str) -> Observation:
    """The package's spider on the page as served (redirects followed), no read-back."""
    answer = http.get(url, follow_redirects=True)
    target = {"sku": sku, "url": url, "remote_id": remote_id}
    response = HtmlResponse(
        url=str(answer.url), status=answer.status_code, body=answer.content,
        headers={"Content-Type": answer.headers.get("content-type", "text/html")},
        encoding="utf-8", request=Request(url, cb_kwargs={"target": target}),
    )  # fmt: skip
    (item,) = ShopeeSpider().parse_listing(response, target=target)
    return Observation.model_validate(item)
