"""National scale on each state backend: 15,000 products in 34 provinces, three sandboxes.

Runs the same national day on SQLite and on PostgreSQL (a server started for the run from
Debian's packages, on a unix socket) and prints each step's wall time with its ratio to the
SQLite figure of the same run:

  plan      every province plans its first push (empty state, empty shops)
  push      every province pushes, --operators provinces at a time, each its own process-like
            operator (own state connection, own connectors)
  again     every province pushes again, unchanged: shop read, reviews polled and the
            decided ones recorded (Postmart's moderator decides overnight, between the pushes)
  verify    every province verifies: each listing's storefront page crawled by the
            marketplace's spider (three crawls side by side, politeness off: the sandboxes
            are ours), recorded and compared with the catalogue
  record    what a verify records, alone: one observation per listing written to the state
  report    one province's report and the national report (--all-provinces), as JSON

The marketplaces are the three sandboxes in a process of their own, with no added latency and
their contract rate limits switched off (``ocop sandbox --no-rate-limit``), and the connectors'
own pacing off too: at the contract's 10 and 5 calls a second, 15,000 creates on Postmart alone
would take 50 minutes of waiting that says nothing about ocop. Postmart's reviews are left
pending during the first push (a moderation delay of an hour), as on a real first day.

Each province sells on Shopee from a shop of its own, as a national programme does: the
sandbox opens one per province (``POST /__sandbox__/shops``), its seller authorises the app
through the consent page, and the province's operator keeps that shop's id in a credentials
file of its own (``[shopee] shop_id``) with its token file beside it — the connector reads both
through its ordinary settings. Shopee's limit of 5,000 items a shop stays in force; one shared
shop would refuse every item past the 5,000th (``error_reach_shop_item_limit``).

PostgreSQL runs with ``synchronous_commit=off``: the same durability as SQLite's WAL with
``synchronous=NORMAL`` (a power cut may lose the last commits, never corrupt the database).

    .venv/bin/python benchmarks/national.py [--products 15000] [--provinces 34] [--operators 4]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from ocop_shopee.connector import ShopeeConnector
from ocop_shopee.sandbox.seller import authorise
from ocop_shopee.settings import load_settings

from ocop.connector import Connector
from ocop.engine import Outcome, Prepared, plan_all, push
from ocop.http import TokenBucket
from ocop.model import Catalog
from ocop.observation import Observation, PageStatus
from ocop.registry import open_connector
from ocop.report import build_national_report, parts_from_store, render, report_from_store
from ocop.state import Scope, StateStore, now
from ocop.testing.world import Item, write_catalog
from ocop.verify import verify_many
from tests.postgres import PostgresServer

PROVINCES = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)  # fmt: skip
# the three marketplace packages of this repository, and the category tea goes to on each
# (by name: an id alone is held back, since a reader cannot check it)
CATEGORIES: dict[str, int | str] = {
    "voso": "Đặc sản vùng miền > Chè, trà",
    "postmart": "Chè, trà",
    "shopee": "Thực Phẩm và Đồ Uống > Đồ uống > Trà",
}
MARKETPLACES = tuple(CATEGORIES)
IMAGES_PER_PROVINCE = 20
TODAY = date.today()
# PostgreSQL for the benchmark: durable like SQLite's WAL + synchronous=NORMAL, not faster
BENCH_SETTINGS = {"fsync": "on", "full_page_writes": "on", "synchronous_commit": "off"}


def national_catalogues(folder: Path, products: int, provinces: int) -> list[Catalog]:
    """One catalogue per province (one SKU a product), SKUs unique across the country."""
    catalogs = []
    for number, province in enumerate(PROVINCES[:provinces]):
        count = products // provinces + (number < products % provinces)
        here = folder / f"p{number:02d}"
        items = [
            Item(
                f"P{number:02d}-{n:05d}", price=50_000 + n, image=f"i{n % IMAGES_PER_PROVINCE}.png"
            )
            for n in range(count)
        ]
        write_catalog(here, items, CATEGORIES)
        path = here / "catalog.yaml"
        text = path.read_text(encoding="utf-8").replace(
            "province: Thái Nguyên", f"province: {province}"
        )
        path.write_text(text, encoding="utf-8")
        from ocop.loading import load_catalog

        catalogs.append(load_catalog(path))
    return catalogs


@contextmanager
def sandboxes(folder: Path) -> Iterator[dict[str, str]]:
    """Both sandboxes in a process of their own (a core of their own), empty, limits off."""
    ready = folder / "sandbox.ready"
    command = [
        sys.executable, "-m", "ocop", "sandbox", "--port", "0",
        *(f"--marketplace={name}" for name in MARKETPLACES), "--db", str(folder / "sandbox.db"), "--no-rate-limit", "--moderation-delay", "3600",
        "--ready-file", str(ready),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the sandbox did not start: {process.stderr}")
            time.sleep(0.05)
        env = dict(
            word.split("=", 1)
            for line in ready.read_text(encoding="utf-8").splitlines()
            for word in shlex.split(line)[1:]
        )
        yield env
    finally:
        process.terminate()
        process.wait(timeout=30)


Operators = dict[str, dict[str, str]]  # province → its operator's environment
SHARED_SHOP = ("OCOP_SHOPEE_SHOP_ID", "OCOP_SHOPEE_TOKENS_FILE")  # the sandbox's demo shop


def open_shops(env: dict[str, str], catalogs: list[Catalog], folder: Path) -> Operators:
    """A Shopee shop for each province, authorised by its seller; each province's operator
    gets a credentials file naming its shop, with the shop's token file beside it."""
    api = env["OCOP_SHOPEE_API_URL"]
    base = {k: v for k, v in os.environ.items() if k not in SHARED_SHOP}
    operators: Operators = {}
    for number, catalog in enumerate(catalogs):
        answer = httpx.post(
            f"{api}/__sandbox__/shops", json={"name": f"OCOP {catalog.province}"}, timeout=30
        )
        shop_id = int(answer.raise_for_status().json()["data"]["shop_id"])
        home = folder / "operators" / f"p{number:02d}"
        home.mkdir(parents=True, mode=0o700)
        credentials = home / "credentials.toml"
        credentials.write_text(f"[shopee]\nshop_id = {shop_id}\n", encoding="utf-8")
        credentials.chmod(0o600)
        authorise(api, home / "shopee-tokens.json", shop_id)  # beside the credentials file
        operators[catalog.province] = base | {"OCOP_CREDENTIALS_FILE": str(credentials)}
    return operators


def unpaced(name: str, environ: dict[str, str]) -> Connector:
    """A connector without its client-side pacing (the sandbox's limits are off too), opened
    with the province operator's own settings."""
    if name == "shopee":
        return ShopeeConnector(load_settings(environ=environ), limiter=TokenBucket.unlimited())
    return open_connector(name, limiter=TokenBucket.unlimited())


def province_connectors(operators: Operators, catalog: Catalog) -> list[Connector]:
    return [unpaced(name, operators[catalog.province]) for name in MARKETPLACES]


def each_province(
    location: str | Path, catalogs: list[Catalog], operators: int, work: Callable[..., int]
) -> tuple[float, int]:
    """Run ``work(store, catalog)`` for every province, ``operators`` at a time; (wall, sum)."""

    def operator(catalog: Catalog) -> int:
        with StateStore.open(location, Scope.of(catalog)) as store:
            return work(store, catalog)

    started = time.perf_counter()
    with ThreadPoolExecutor(operators) as pool:
        total = sum(pool.map(operator, catalogs))
    return time.perf_counter() - started, total


def plan_one(operators: Operators, store: StateStore, catalog: Catalog) -> int:
    connectors = province_connectors(operators, catalog)
    try:
        results = plan_all(catalog, store, connectors, TODAY)
    finally:
        for connector in connectors:
            connector.close()
    return sum(len(r.plan.actions) for r in results if isinstance(r, Prepared))


def push_one(operators: Operators, store: StateStore, catalog: Catalog) -> int:
    connectors = province_connectors(operators, catalog)
    try:
        outcomes: list[Outcome] = push(catalog, store, connectors, TODAY)
    finally:
        for connector in connectors:
            connector.close()
    for failed in (o for o in outcomes if not o.ok):
        held = [o for o in failed.outcomes() if o.verdict.needs_a_person]
        why = failed.error or "; ".join(
            [f"{f.sku}: {f.message}" for f in failed.progress.failures[:3]]
            + [f"{o.sku}: {o.verdict.value}: {o.reason}" for o in held[:3]]
        )
        print(f"  {catalog.province}, {failed.marketplace}: {why}", file=sys.stderr)
    return sum(o.writes for o in outcomes)


def observe_one(store: StateStore, catalog: Catalog) -> int:
    """What a verify of every listing records (every page seen live, at the pushed price)."""
    seen = [
        Observation(
            marketplace=r.marketplace,
            sku=r.sku,
            url=r.url or f"http://sandbox/{r.marketplace}/{r.sku}",
            status=PageStatus.LIVE,
            price=r.price,
            stars=r.stars,
            observed_at=now(),
        )
        for r in store.listings()
    ]
    return store.record_observations(seen)


def verify_one(store: StateStore, catalog: Catalog) -> int:
    """``ocop verify --no-polite`` of one province: its pages crawled, recorded, compared."""
    results = verify_many(catalog, store, MARKETPLACES, as_of=TODAY, polite=False)
    seen = sum(len(r.observations) for r in results)
    listed = sum(1 for r in store.listings() if r.url)
    if seen != listed:
        print(f"  {catalog.province}: {seen} pages seen of {listed}", file=sys.stderr)
    return seen


def moderate_overnight(env: dict[str, str]) -> None:
    """Postmart's moderator decides every pending review at the next call (as overnight)."""
    api = httpx.URL(env["OCOP_POSTMART_API_URL"])
    admin = f"{api.scheme}://{api.netloc.decode()}/__sandbox__/moderation"
    httpx.post(admin, content=json.dumps({"delay_s": 0}), timeout=30).raise_for_status()


def reports(location: str | Path, catalogs: list[Catalog]) -> tuple[float, float, int]:
    """(one province's report as JSON, the national report as JSON, products counted)."""
    biggest = max(catalogs, key=lambda c: len(c.products))
    options = {"as_of": TODAY, "reference_time": now()}
    started = time.perf_counter()
    with StateStore.open(location, Scope.of(biggest)) as store:
        render(report_from_store(biggest, store, **options), "json")
    province = time.perf_counter() - started
    started = time.perf_counter()
    with StateStore.open(location) as store:
        parts, _missing = parts_from_store(store)
    national = build_national_report(parts, **options)
    render(national, "json")
    whole = time.perf_counter() - started
    table = national.table("star")
    counted = int(table.total.values["products"] or 0) if table else 0
    return province, whole, counted


def national_day(
    location: str | Path, catalogs: list[Catalog], folder: Path, operators: int
) -> dict[str, float]:
    times: dict[str, float] = {}
    with sandboxes(folder) as env:
        os.environ.update(env)
        shops = open_shops(env, catalogs, folder)
        plan, push_all = partial(plan_one, shops), partial(push_one, shops)
        times["plan"], actions = each_province(location, catalogs, operators, plan)
        times["push"], writes = each_province(location, catalogs, operators, push_all)
        moderate_overnight(env)
        times["again"], rewrites = each_province(location, catalogs, operators, push_all)
        times["verify"], pages = each_province(location, catalogs, operators, verify_one)
    times["record"], observed = each_province(location, catalogs, operators, observe_one)
    times["report (province)"], times["report (national)"], counted = reports(location, catalogs)
    print(
        f"  {actions} planned actions, {writes} write calls, {rewrites} on the second push, "
        f"{pages} pages verified ({pages / times['verify']:.0f} pages/s), {observed} "
        f"observations recorded, {counted} products in the national report",
        flush=True,
    )
    print("  " + ", ".join(f"{step} {took:.1f} s" for step, took in times.items()), flush=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=15_000)
    parser.add_argument("--provinces", type=int, default=len(PROVINCES))
    parser.add_argument("--operators", type=int, default=4, help="provinces pushed at a time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ocop-national-") as tmp:
        folder = Path(tmp)
        catalogs = national_catalogues(folder / "catalogues", args.products, args.provinces)
        skus = sum(len(p.skus) for c in catalogs for p in c.products)
        print(
            f"{args.products} products ({skus} SKUs) in {len(catalogs)} provinces × "
            f"{len(MARKETPLACES)} sandbox marketplaces, {args.operators} operators at a time; "
            "sandbox rate limits and connector pacing off, no added latency"
        )
        results: dict[str, dict[str, float]] = {}
        print("sqlite:", flush=True)
        (folder / "sqlite").mkdir()
        results["sqlite"] = national_day(
            folder / "sqlite" / "state.db", catalogs, folder / "sqlite", args.operators
        )
        print("postgresql:", flush=True)
        (folder / "pg").mkdir()
        with PostgresServer.start(BENCH_SETTINGS) as server:
            results["postgresql"] = national_day(
                server.create_database("national"), catalogs, folder / "pg", args.operators
            )
    print(f"\n{'step':<20}{'sqlite':>10}{'postgresql':>12}{'pg / sqlite':>13}")
    for step, base in results["sqlite"].items():
        other = results["postgresql"].get(step)
        ratio = f"{other / base:.2f}×" if other is not None and base else "-"
        shown = f"{other:10.1f} s" if other is not None else f"{'-':>12}"
        print(f"{step:<20}{base:8.1f} s{shown}{ratio:>13}")


if __name__ == "__main__":
    main()
