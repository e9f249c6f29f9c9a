"""The department's counts against what the marketplaces really show, on the sandbox.

The real Thái Nguyên catalogue is pushed to Voso, Postmart and Shopee and verified. Then,
behind ocop's back, listings are banned, hidden, unlisted, deleted, suspended and deactivated, a
price changes and stocks run out; after ``ocop verify`` every per-marketplace count of ``ocop
report`` equals what each sandbox really holds, read through its seller API (not ocop's state,
not the spiders). Then the storefronts answer every page with 403, 429, a 200 captcha page
carrying an ``og:title`` and a redirect to a captcha: the counts do not move and the report says
how many rest on an older observation, and why — except on Shopee, whose package reads a page
it cannot see back through the seller API (``ocop.readback``): those answers are fresh
trustworthy observations, so nothing there rests on an older one. Then robots.txt says
``Disallow: /``: no product page is fetched.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ocop import certification
from ocop.cli import cli
from ocop.connector import ListingStatus
from ocop.loading import load_catalog
from ocop.model import Catalog
from ocop.registry import open_connector
from ocop.sandbox import Sandbox
from ocop.state import ListingRecord, StateStore
from ocop.verify import verify_many

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MARKETS = ("postmart", "shopee", "voso")
CRAWLED_ONLY = ("postmart", "voso")  # no seller API read-back: what a crawl cannot see is stale
COUNTS = (
    "skus_on_sale",
    "skus_out_of_stock",
    "skus_taken_down",
    "skus_unverified",
    "products_on_sale",
    "products_expired_on_sale",
)


@dataclass
class World:
    sandbox: Sandbox
    catalog_path: Path
    catalog: Catalog
    state: Path

    def ocop(self, *args: str) -> str:
        common = ["--catalog", str(self.catalog_path), "--state", str(self.state)]
        result = CliRunner().invoke(cli, [*args, *common], env=self.sandbox.env())
        assert result.exit_code == 0, result.output
        return result.output

    def report(self) -> dict[str, Any]:
        self.ocop("verify", "--no-polite")
        doc: dict[str, Any] = json.loads(self.ocop("report", "--format", "json", "--lang", "en"))
        return doc

    def listings(self, market: str) -> list[ListingRecord]:
        with StateStore.open(self.state) as store:
            return [r for r in store.listings(market) if r.url]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    shutil.copy(ROOT / "catalog.yaml", tmp_path / "catalog.yaml")
    shutil.copytree(ROOT / "images", tmp_path / "images")
    path = tmp_path / "catalog.yaml"
    with Sandbox.start() as sandbox:
        for market in MARKETS:
            sandbox.set_faults(market, rate_limit=0)  # the contract's limits only slow this down
        sandbox.set_moderation(delay_s=0)
        world = World(sandbox, path, load_catalog(path), tmp_path / "state.db")
        world.ocop("push", "--wait", "30", "-q")
        yield world


def _truth(world: World, monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, int]]:
    """Each marketplace's counts as its seller API shows them, for the listings ocop knows."""
    for name, value in world.sandbox.env().items():
        monkeypatch.setenv(name, value)
    today = date.today()
    valid = {p.id: certification.stars_as_of(p, today) is not None for p in world.catalog.products}
    truth = {}
    for market in MARKETS:
        connector = open_connector(market)
        try:
            shown = {item.sku: item for item in connector.iter_listings()}
        finally:
            connector.close()
        known = world.listings(market)
        on_sale = [
            r for r in known if r.sku in shown and shown[r.sku].status is ListingStatus.ACTIVE
        ]
        products = {r.product_id for r in on_sale}
        truth[market] = {
            "skus_on_sale": len(on_sale),
            "skus_out_of_stock": sum(1 for r in on_sale if shown[r.sku].stock == 0),
            "skus_taken_down": len(known) - len(on_sale),
            "skus_unverified": 0,
            "products_on_sale": sum(1 for p in products if valid[p]),
            "products_expired_on_sale": sum(1 for p in products if not valid[p]),
        }
    return truth


def _counts(doc: dict[str, Any]) -> dict[str, dict[str, int]]:
    rows = {r["key"]: r["values"] for r in doc["tables"][0]["rows"]}
    return {market: {key: rows[market][key] for key in COUNTS} for market in MARKETS}


def _behind_ocops_back(world: World) -> None:
    """Ban, hide, delete, change a price, empty a stock on Voso; suspend, deactivate, change a
    price, empty a stock on Postmart; ban, unlist, delete, change a price, empty a stock on
    Shopee: each on a listing on sale now."""
    voso, postmart = world.sandbox["voso"], world.sandbox["postmart"]
    live = {m: [r for r in world.listings(m) if r.state == "active"] for m in MARKETS}
    v, p = live["voso"], live["postmart"]
    assert len(v) >= 5 and len(p) >= 4
    voso.mutate(int(v[0].remote_id or 0), status="banned")
    voso.mutate(int(v[1].remote_id or 0), status="hidden")
    voso.delete(int(v[2].remote_id or 0))
    voso.mutate(int(v[3].remote_id or 0), price=(v[3].price or 0) + 5_000)
    voso.mutate(int(v[4].remote_id or 0), stock=0)
    postmart.mutate(p[0].remote_id or "", status="suspended")
    postmart.mutate(p[1].remote_id or "", status="inactive")
    postmart.mutate(p[2].remote_id or "", price=(p[2].price or 0) + 5_000)
    postmart.mutate(p[3].remote_id or "", stock=0)
    _behind_shopees_back(world, live["shopee"])


def _behind_shopees_back(world: World, live: list[ListingRecord]) -> None:
    """On five different Shopee items (an item is a product, its models the SKUs): one banned,
    one unlisted, one deleted, a model's price changed, a model's stock emptied."""
    shopee = world.sandbox["shopee"]
    by_item: dict[str, list[ListingRecord]] = {}
    for record in sorted(live, key=lambda r: r.sku):
        by_item.setdefault((record.remote_id or "").partition("/")[0], []).append(record)
    # item ids follow the order concurrent creates landed in: choose by SKU, never by id
    items = sorted(by_item, key=lambda item: by_item[item][0].sku)
    assert len(items) >= 5
    shopee.mutate(int(items[0]), item_status="BANNED")
    shopee.mutate(int(items[1]), item_status="UNLIST")
    shopee.delete(int(items[2]))
    changed = by_item[items[3]][0]
    shopee.change_listing(changed.remote_id or "", price=(changed.price or 0) + 5_000)
    # only a model the catalogue has stock for drifts when its stock runs out
    stocked = {sku.sku for _product, sku in world.catalog.skus() if sku.stock}
    emptied = next(r for item in items[4:] for r in by_item[item] if r.sku in stocked)
    shopee.change_listing(emptied.remote_id or "", stock=0)


def _older(doc: dict[str, Any]) -> dict[str, int]:
    rows = {r["key"]: r["values"] for r in doc["tables"][0]["rows"]}
    return {market: rows[market]["skus_older"] for market in MARKETS}


def _sources(doc: dict[str, Any], market: str) -> set[str]:
    return {e["source"] for v in doc["listings"].values() for e in v if e["marketplace"] == market}


def test_the_report_counts_what_the_marketplaces_really_show(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = world.report()
    assert _counts(first) == _truth(world, monkeypatch)

    _behind_ocops_back(world)
    truth = _truth(world, monkeypatch)
    doc = world.report()
    assert _counts(doc) == truth
    rows = {r["key"]: r["values"] for r in doc["tables"][0]["rows"]}
    for market in MARKETS:  # what ocop claims is shown apart: it still claims the takedowns
        assert rows[market]["skus_claimed"] > rows[market]["skus_on_sale"]
    verification = {r["key"]: r["values"] for r in doc["tables"][1]["rows"]}
    assert verification["taken_down/removed"]["voso"] >= 1  # the deleted one (404)
    assert verification["taken_down/delisted"]["voso"] >= 2  # banned and hidden: soft 404
    assert verification["taken_down/removed"]["postmart"] >= 1  # suspended (410)
    assert verification["taken_down/delisted"]["postmart"] >= 1  # deactivated
    assert verification["taken_down/removed"]["shopee"] >= 1  # the deleted item (404)
    assert verification["taken_down/delisted"]["shopee"] >= 2  # banned and unlisted: not exist
    _the_report_and_verify_see_the_same_drift(world, doc)

    # crawls that cannot see: the counts stand on the last trustworthy observation, or on the
    # seller API's answer where the package reads pages back (Shopee)
    crawled = {m: len(world.listings(m)) if m in CRAWLED_ONLY else 0 for m in MARKETS}
    for knob, why in (
        ({"page_status": 403}, "blocked (HTTP 403)"),
        ({"page_status": 429}, "blocked (HTTP 429)"),
        ({"page_captcha": 1}, "blocked (HTTP 200): captcha"),
        ({"page_captcha_redirect": 1}, "blocked (HTTP 200): captcha"),
    ):
        for market in MARKETS:
            world.sandbox.set_faults(market, **knob)
        blocked = world.report()
        for market in MARKETS:
            world.sandbox.set_faults(market, page_status=0, page_captcha=0, page_captcha_redirect=0)
        assert _counts(blocked) == truth, knob
        assert _older(blocked) == crawled, knob
        apart = {r["key"]: r["values"] for r in blocked["tables"][1]["apart"]}
        assert apart["older/blocked"] == crawled, knob
        reasons = {e["older_why"] for v in blocked["listings"].values() for e in v}
        assert reasons == {why, None}, knob  # None: Shopee's, seen through its seller API
        assert _sources(blocked, "shopee") == {"seller_api"}, knob
        shown = {r["key"]: r["values"] for r in blocked["tables"][1]["rows"]}
        assert shown["taken_down/banned"]["shopee"] >= 1, knob  # the API names the ban

    # robots.txt says no: nothing is fetched, and nothing moves
    for market in MARKETS:
        world.sandbox.set_faults(market, robots_disallow=1)
        world.sandbox[market].reset_stats()
    polite = world.ocop("verify")
    assert "could not be seen this time" in polite
    for market in MARKETS:
        assert world.sandbox[market].stats()["pages"] == 0, market
    doc = json.loads(world.ocop("report", "--format", "json"))
    assert _counts(doc) == truth


def _the_report_and_verify_see_the_same_drift(world: World, doc: dict[str, Any]) -> None:
    with StateStore.open(world.state) as store:
        results = verify_many(world.catalog, store, list(MARKETS), as_of=date.today(), crawled=[])
    from_verify = sorted((d.marketplace, d.sku, d.kind.value) for r in results for d in r.drift)
    from_report = sorted((d["marketplace"], d["sku"], d["kind"]) for d in doc["drift"])
    assert from_verify == from_report
    summary = {r["key"]: r["values"] for r in doc["tables"][-1]["rows"]}
    for market in MARKETS:
        assert sum(row[market] for row in summary.values()) == sum(
            1 for m, _sku, _kind in from_report if m == market
        )
    kinds = {(m, kind) for m, _sku, kind in from_report}
    assert {("voso", "price"), ("postmart", "price"), ("shopee", "price")} <= kinds
    assert {("voso", "out_of_stock"), ("shopee", "out_of_stock")} <= kinds
    assert {("voso", "taken_down"), ("postmart", "taken_down"), ("shopee", "taken_down")} <= kinds
