"""End to end on the sandbox: list, change things behind ocop's back, and verify.

Listings are created through the sandbox helpers and registered in a state store (what a push
would leave behind); each crawl is a real ``scrapy crawl`` child process against 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ocop import verify as verifying
from ocop.certification import stars_as_of
from ocop.cli import cli
from ocop.discovery import discover
from ocop.loading import load_catalog
from ocop.model import Catalog
from ocop.observation import PageStatus
from ocop.sandbox import Sandbox
from ocop.selection import offers
from ocop.state import ListingRecord, StateStore, now
from ocop.verdict import Verdict

CATALOG = Path(__file__).parent / "catalog" / "catalog.yaml"
TODAY = date.today()
pytestmark = pytest.mark.slow


@dataclass
class World:
    sandbox: Sandbox
    catalog: Catalog
    store: StateStore
    state_path: Path
    ids: dict[tuple[str, str], Any] = field(default_factory=dict)  # (marketplace, sku) → id

    def verify(self, marketplace: str) -> verifying.VerifyResult:
        return verifying.verify(self.catalog, self.store, marketplace, as_of=TODAY, polite=False)

    def cli(self, *args: str) -> Any:
        argv = [
            "verify",
            "--catalog",
            str(CATALOG),
            "--state",
            str(self.state_path),
            "--no-polite",
            *args,
        ]
        return CliRunner().invoke(cli, argv, env=self.sandbox.env())


def _list_everything(world: World) -> None:
    for offer in offers(world.catalog, "voso"):
        title = f"{offer.product.name} {offer.sku.label}"
        stars = stars_as_of(offer.product, TODAY)
        made = world.sandbox["voso"].create_product(
            offer.sku.sku, name=title, price=offer.price, stock=offer.sku.stock, ocop_stars=stars
        )
        world.ids["voso", offer.sku.sku] = made["product_id"]
        _register(
            world.store,
            "voso",
            offer.sku.sku,
            offer.product.id,
            str(made["product_id"]),
            made["url"],
            title,
        )
    for offer in offers(world.catalog, "postmart"):
        title = f"{offer.product.name} - {offer.sku.label}"
        stars = stars_as_of(offer.product, TODAY)
        ocop = {"stars": stars, "certificate_no": "1200/QĐ-UBND", "valid_until": "2028-09-30"}
        made = world.sandbox["postmart"].create_listing(
            offer.sku.sku, title=title, price=offer.price, stock=offer.sku.stock, ocop=ocop
        )
        world.ids["postmart", offer.sku.sku] = made["listing_id"]
        _register(
            world.store,
            "postmart",
            offer.sku.sku,
            offer.product.id,
            made["listing_id"],
            made["url"],
            title,
        )


def _register(
    store: StateStore, market: str, sku: str, product: str, remote: str, url: str, title: str
) -> None:
    store.save_listing(
        ListingRecord(
            marketplace=market, sku=sku, product_id=product, remote_id=remote, url=url,
            state="active", price=None, stars=None, title=title, pushed_at=now(),
            last_error=None, request_id=None,
        )
    )  # fmt: skip


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with Sandbox.start() as sandbox:
        state_path = tmp_path / "state.db"
        store = StateStore.open(state_path)
        try:
            w = World(sandbox, load_catalog(CATALOG), store, state_path)
            _list_everything(w)
            yield w
        finally:
            store.close()


def _kinds(result: verifying.VerifyResult) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in result.drift:
        found.setdefault(d.sku, []).append(d.kind.value)
    return found


def test_untouched_listings_match_the_catalogue(world: World) -> None:
    for market in ("voso", "postmart"):
        result = world.verify(market)
        assert result.count(PageStatus.LIVE) == 4, result.observations
        assert result.drift == []
    # every observation was stored, newest per listing
    assert len(world.store.latest_observations()) == 8


def test_changes_behind_our_back_are_each_reported_and_nothing_else(world: World) -> None:
    voso, postmart = world.sandbox["voso"], world.sandbox["postmart"]
    voso.mutate(world.ids["voso", "CTN-100"], price=240_000)
    voso.mutate(world.ids["voso", "MO-DH-500"], status="hidden")
    voso.delete(world.ids["voso", "MD-VC-500"])
    voso.mutate(world.ids["voso", "MK-VN-300"], stock=0)
    postmart.mutate(world.ids["postmart", "CTN-100"], price=199_000)
    postmart.mutate(world.ids["postmart", "MO-DH-500"], status="inactive")
    postmart.mutate(world.ids["postmart", "MD-VC-500"], status="suspended")
    postmart.mutate(world.ids["postmart", "MK-VN-300"], stock=0)

    on_voso = world.verify("voso")
    assert _kinds(on_voso) == {
        "CTN-100": ["price"],
        "MO-DH-500": ["taken_down"],
        "MD-VC-500": ["taken_down"],
        "MK-VN-300": ["out_of_stock"],
    }
    by_sku = {d.sku: d for d in on_voso.drift}
    assert by_sku["CTN-100"].observed == 240_000
    assert str(by_sku["MO-DH-500"].observed).startswith("delisted")
    assert str(by_sku["MD-VC-500"].observed).startswith("removed (HTTP 404)")
    assert on_voso.verdicts() == {Verdict.ON_SALE: 2, Verdict.TAKEN_DOWN: 2, Verdict.UNVERIFIED: 0}

    on_postmart = world.verify("postmart")
    assert _kinds(on_postmart) == {
        "CTN-100": ["price"],
        "MO-DH-500": ["taken_down"],
        "MD-VC-500": ["taken_down"],
        "MK-VN-300": ["out_of_stock"],
    }
    assert str({d.sku: d.observed for d in on_postmart.drift}["MD-VC-500"]).startswith(
        "removed (HTTP 410)"
    )


def test_title_and_stars_drift(world: World) -> None:
    # the listing was pushed with another title than the one recorded, and claims 3 stars
    product_id = world.ids["voso", "CTN-100"]
    world.store.update_listing("voso", "CTN-100", title="Chè tôm nõn Hảo Đạt loại 1")
    world.sandbox["voso"].mutate(int(product_id), ocop_stars=3)
    assert _kinds(world.verify("voso")) == {"CTN-100": ["stars", "title"]}


class _Refusing(BaseHTTPRequestHandler):
    """A storefront that refuses crawlers (429 on /busy, 403) or was redesigned (/blank)."""

    def do_GET(self) -> None:
        if self.path.startswith("/blank"):  # a redesigned site: 200, but none of our markup
            body = "<html><body><div id='app'>Đang tải…</div></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(429 if self.path.startswith("/busy") else 403)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def refusing() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_blocked_pages_are_unverified_never_removed(world: World, refusing: str) -> None:
    world.store.update_listing("voso", "CTN-100", url=f"{refusing}/busy/x-p1.html")
    world.store.update_listing("voso", "MO-DH-500", url=f"{refusing}/x-p2.html")
    result = world.verify("voso")
    assert result.count(PageStatus.BLOCKED) == 2
    assert result.count(PageStatus.REMOVED) == 0
    assert _kinds(result) == {"CTN-100": ["unverified"], "MO-DH-500": ["unverified"]}


def test_a_blocked_crawl_after_a_good_one_keeps_the_good_one(world: World) -> None:
    assert world.verify("voso").verdicts()[Verdict.ON_SALE] == 4
    world.sandbox["voso"].mutate(world.ids["voso", "CTN-100"], price=240_000)
    assert _kinds(world.verify("voso")) == {"CTN-100": ["price"]}
    for knob in ({"page_status": 403}, {"page_captcha": 1}, {"page_captcha_redirect": 1}):
        world.sandbox["voso"].set_faults(**knob)
        blocked = world.verify("voso")
        world.sandbox["voso"].set_faults(page_status=0, page_captcha=0, page_captcha_redirect=0)
        assert blocked.count(PageStatus.BLOCKED) == 4, (knob, blocked.observations)
        assert blocked.verdicts()[Verdict.ON_SALE] == 4 and blocked.older == 4, knob
        # the drift is still the one the last trustworthy crawl showed
        assert _kinds(blocked) == {"CTN-100": ["price"]}, knob
    printed = world.cli("-m", "voso", "--detailed-exitcode")
    assert printed.exit_code == 2, printed.output
    assert "on sale 4, taken down 0, not verified 0" in printed.output


def test_cli_exit_codes_and_runs_twice_in_one_process(world: World) -> None:
    clean = world.cli("--detailed-exitcode")
    assert clean.exit_code == 0, clean.output
    assert "everything matches the catalogue" in clean.output
    world.sandbox["postmart"].mutate(world.ids["postmart", "CTN-100"], price=200_000)
    drifted = world.cli("--detailed-exitcode", "-m", "postmart")
    assert drifted.exit_code == 2, drifted.output
    assert "price" in drifted.output and "CTN-100" in drifted.output
    assert "voso" not in drifted.output.split("postmart:")[0]


def test_discover_reports_hand_made_listings(world: World) -> None:
    world.sandbox["voso"].create_product("HAND-1", name="Chè tôm nõn Hảo Đạt Hộp 100 g")
    result = world.cli("--discover", "-m", "voso")
    assert result.exit_code == 0, result.output
    assert "1 listing(s) on the shop that ocop does not know" in result.output
    assert "same title as CTN-100" in result.output


def test_discover_walks_every_shop_page_and_flags_duplicates(world: World) -> None:
    from ocop_postmart.sandbox.accounts import POSTMART_DEMO_CLIENT

    from ocop.slug import slugify

    postmart = world.sandbox["postmart"]
    for n in range(21):  # 4 known + 22 unknown = 26 listings: two store pages of 20
        postmart.create_listing(f"HAND-{n}", title=f"Sản phẩm làm tay số {n:02d}")
    twin = postmart.create_listing("CTN-100", title="Chè tôm nõn Hảo Đạt - Hộp 100 g")
    shop = f"{postmart.storefront_url}/shop/{slugify(POSTMART_DEMO_CLIENT.store_name)}"
    unknown = discover("postmart", shop, world.store.listings("postmart"), polite=False)
    assert len(unknown) == 22
    assert {u.remote_id.lstrip("0") for u in unknown if u.duplicate_of} == {
        twin["listing_id"][3:].lstrip("0")
    }
    assert [u.duplicate_of for u in unknown if u.duplicate_of] == ["CTN-100"]


def test_polite_defaults_obey_robots_and_still_finish(world: World) -> None:
    result = verifying.verify(world.catalog, world.store, "postmart", as_of=TODAY, polite=True)
    assert result.count(PageStatus.LIVE) == 4
    assert result.drift == []


def test_after_a_real_push_verify_matches_then_reports_a_price_change(tmp_path: Path) -> None:
    shutil.copytree(CATALOG.parent, tmp_path / "cat")
    catalog = str(tmp_path / "cat" / "catalog.yaml")
    with Sandbox.start() as sandbox:
        env = sandbox.env()
        pushed = CliRunner().invoke(cli, ["push", "--catalog", catalog, "-m", "voso"], env=env)
        assert pushed.exit_code == 0, pushed.output
        verify = [
            "verify",
            "--catalog",
            catalog,
            "--no-polite",
            "--detailed-exitcode",
            "--discover",
        ]
        clean = CliRunner().invoke(cli, verify, env=env)
        assert clean.exit_code == 0, clean.output
        assert "voso: 4 listing(s) checked (live 4)" in clean.output
        assert "everything matches the catalogue" in clean.output
        assert "voso: the shop shows no unknown listing" in clean.output
        with StateStore.open(tmp_path / "cat" / ".ocop" / "state.db") as store:
            record = store.listing("voso", "MK-VN-300")
        assert record is not None and record.remote_id is not None
        sandbox["voso"].mutate(int(record.remote_id), price=90_000)
        drifted = CliRunner().invoke(cli, verify, env=env)
    assert drifted.exit_code == 2, drifted.output
    assert "MK-VN-300" in drifted.output and "₫90,000" in drifted.output


def test_items_from_a_crawl_run_elsewhere_are_verified_without_crawling(
    world: World, tmp_path: Path
) -> None:
    # what a Scrapyd job does: `scrapy crawl voso -a targets=… -O items.jsonl`, somewhere else
    targets = tmp_path / "targets.jsonl"
    rows = verifying.crawl_targets(world.store.listings("voso"))
    targets.write_text("".join(json.dumps(t) + "\n" for t in rows), encoding="utf-8")
    world.sandbox["voso"].mutate(world.ids["voso", "MO-DH-500"], stock=0)
    env = os.environ | {"SCRAPY_SETTINGS_MODULE": "ocop_spiders.settings"}
    crawl = [sys.executable, "-m", "scrapy", "crawl", "voso", "-a", f"targets={targets}",
             "-s", "ROBOTSTXT_OBEY=False", "-s", "LOG_ENABLED=False", "-O", "items.jsonl"]  # fmt: skip
    subprocess.run(crawl, cwd=tmp_path, env=env, check=True)
    result = world.cli("--items", str(tmp_path / "items.jsonl"), "--detailed-exitcode")
    assert result.exit_code == 2, result.output
    assert "voso: 4 listing(s) checked (live 3, out_of_stock 1)" in result.output
    assert "postmart" not in result.output  # only what the feed holds
    assert len(world.store.latest_observations("voso")) == 4


def test_a_broken_item_feed_is_refused_with_its_line(world: World, tmp_path: Path) -> None:
    feed = tmp_path / "items.jsonl"
    feed.write_text('{"kind": "shop_listing", "url": "x"}\n{"marketplace": "voso"}\n')
    result = world.cli("--items", str(feed))
    assert result.exit_code == 1
    assert f"{feed}, line 2: not an observation" in result.output


def test_a_redesigned_storefront_is_an_error_with_a_warning_not_a_removal(
    world: World, refusing: str
) -> None:
    for n, sku in enumerate(("CTN-100", "MO-DH-500", "MD-VC-500")):
        world.store.update_listing("voso", sku, url=f"{refusing}/blank/x-p{n}.html")
    result = world.cli("-m", "voso")
    assert result.exit_code == 0, result.output
    assert "error 3" in result.output and "removed" not in result.output
    assert "3 page(s) showed no product" in " ".join(result.output.split())


def test_an_old_slug_or_leading_zeros_follow_the_301_to_the_same_listing(world: World) -> None:
    voso_id = world.ids["voso", "CTN-100"]
    world.store.update_listing(
        "voso", "CTN-100", url=f"{world.sandbox['voso'].storefront_url}/ten-cu-p{voso_id}.html"
    )
    number = int(world.ids["postmart", "CTN-100"][3:])
    stale = f"{world.sandbox['postmart'].storefront_url}/p/ten-cu-{number:06d}.html"
    world.store.update_listing("postmart", "CTN-100", url=stale)
    for market in ("voso", "postmart"):
        result = world.verify(market)
        assert result.count(PageStatus.LIVE) == 4, result.observations
        assert result.drift == []


def _send_page(handler: BaseHTTPRequestHandler, page: bytes) -> None:
    """Answer 200 with the saved listing page."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(page)))
    handler.end_headers()
    handler.wfile.write(page)


class _BusyOnce(BaseHTTPRequestHandler):
    """Answers each page 429 with Retry-After the first time, the saved live page after."""

    seen: dict[str, int] = {}  # noqa: RUF012 - per-test state, reset by the fixture
    page = (Path(__file__).parent / "pages" / "sandbox_voso_live.html").read_bytes()

    def do_GET(self) -> None:
        count = self.seen[self.path] = self.seen.get(self.path, 0) + 1
        if count == 1:
            self.send_response(429)
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        _send_page(self, self.page)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_429_with_retry_after_is_waited_out_and_retried() -> None:
    _BusyOnce.seen = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BusyOnce)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/che-tan-cuong-dac-biet-p1.html"
        record = ListingRecord(
            "voso", "CTN-100", "p", "1", url, "active", None, None, None, None, None, None
        )
        (seen,) = verifying.observe("voso", [record], polite=False, settings={"RETRY_TIMES": "2"})
    finally:
        server.shutdown()
        server.server_close()
    assert (seen.status, seen.price) == (PageStatus.LIVE, 125_000)
    assert _BusyOnce.seen == {"/che-tan-cuong-dac-biet-p1.html": 2}


class _StallsOnce(BaseHTTPRequestHandler):
    """Stalls past the crawl's timeout the first time a page is asked, answers it after."""

    seen: dict[str, int] = {}  # noqa: RUF012 - per-test state, reset by the test
    page = _BusyOnce.page

    def do_GET(self) -> None:
        count = self.seen[self.path] = self.seen.get(self.path, 0) + 1
        if count == 1 or "never" in self.path:
            time.sleep(2.5)  # DOWNLOAD_TIMEOUT is 1 s: the client has given up
            return
        _send_page(self, self.page)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_page_that_times_out_is_retried_and_one_that_always_does_is_an_error() -> None:
    _StallsOnce.seen = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StallsOnce)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    records = [
        ListingRecord("voso", sku, "p", "1", url, "active", None, None, None, None, None, None)
        for sku, url in (
            ("CTN-100", f"{origin}/che-tan-cuong-dac-biet-p1.html"),
            ("CTN-200", f"{origin}/never-p2.html"),
        )
    ]
    try:
        seen = verifying.observe(
            "voso", records, polite=False, settings={"RETRY_TIMES": "1", "DOWNLOAD_TIMEOUT": "1"}
        )
    finally:
        server.shutdown()
        server.server_close()
    by_sku = {o.sku: o for o in seen}
    assert (by_sku["CTN-100"].status, by_sku["CTN-100"].price) == (PageStatus.LIVE, 125_000)
    assert by_sku["CTN-200"].status is PageStatus.ERROR
    assert "timeout" in (by_sku["CTN-200"].detail or "").lower()
    assert _StallsOnce.seen == {"/che-tan-cuong-dac-biet-p1.html": 2, "/never-p2.html": 2}
