"""Verify 2,000 sandbox listings and compare with a plain concurrent httpx fetch of the same URLs.

    .venv/bin/python benchmarks/verify.py [--listings 2000] [--concurrency 64]

The sandbox runs in its own process so neither client shares a GIL with the server. Both
clients fetch the same product pages with the same concurrency; ``ocop.verify.observe`` is
timed end to end (child-process start-up, parsing, classification and item streaming
included) with politeness off, as only a sandbox of your own allows. Target: ≥ 0.7 of the
httpx rate. An empty crawl is timed too, to show the fixed start-up cost of each crawl.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

import httpx

from ocop.observation import PageStatus
from ocop.state import ListingRecord
from ocop.verify import observe


def serve_sandbox(db_path: str, count: int, pipe: Connection) -> None:
    """Child process: a sandbox with ``count`` Voso products; send their URLs, wait for stop."""
    from ocop.sandbox import Sandbox

    with Sandbox.start(db_path) as sandbox:
        urls = []
        for n in range(count):
            made = sandbox["voso"].create_product(
                f"BENCH-{n:05d}",
                name=f"Chè Tân Cương loại {n:05d}",
                price=100_000 + n,
                ocop_stars=4,
            )
            urls.append((made["sku"], str(made["product_id"]), made["url"]))
        pipe.send(urls)
        pipe.recv()  # "stop"


async def fetch_all(urls: list[str], concurrency: int) -> int:
    """Plain httpx: GET every URL with ``concurrency`` requests in flight; count 200s."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def one(url: str) -> int:
            async with gate:
                response = await client.get(url)
                return response.status_code

        codes = await asyncio.gather(*(one(u) for u in urls))
    return sum(1 for c in codes if c == 200)


def records(rows: list[tuple[str, str, str]]) -> list[ListingRecord]:
    """State-store records for the sandbox products (what a push would have left)."""
    return [
        ListingRecord("voso", sku, "bench", pid, url, "active", None, None, None, None, None, None)
        for sku, pid, url in rows
    ]


def measure(rows: list[tuple[str, str, str]], concurrency: int) -> dict[str, float]:
    """Time the plain fetch, a one-page crawl (start-up cost) and the full verification."""
    urls = [url for _, _, url in rows]
    settings = {
        "CONCURRENT_REQUESTS": str(concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
    }
    asyncio.run(fetch_all(urls[:50], concurrency))  # warm the server up
    start = time.perf_counter()
    ok = asyncio.run(fetch_all(urls, concurrency))
    plain = time.perf_counter() - start
    start = time.perf_counter()
    observe("voso", records(rows[:1]), polite=False, settings=settings)
    startup = time.perf_counter() - start
    start = time.perf_counter()
    seen = observe("voso", records(rows), polite=False, settings=settings)
    crawl = time.perf_counter() - start
    live = sum(1 for o in seen if o.status is PageStatus.LIVE)
    return {
        "ok": ok,
        "plain": plain,
        "startup": startup,
        "seen": len(seen),
        "live": live,
        "crawl": crawl,
    }


def main() -> None:
    """Run both fetchers on the same URLs and print their rates and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    ctx = multiprocessing.get_context("spawn")
    mine, theirs = ctx.Pipe()
    with tempfile.TemporaryDirectory() as work:
        db = str(Path(work) / "sb.db")
        server = ctx.Process(target=serve_sandbox, args=(db, args.listings, theirs))
        server.start()
        try:
            m = measure(mine.recv(), args.concurrency)
        finally:
            mine.send("stop")
            server.join(timeout=30)
    httpx_rate = m["ok"] / m["plain"]
    ocop_rate = m["seen"] / m["crawl"]
    print(f"listings:             {args.listings} (concurrency {args.concurrency})")
    print(
        f"httpx plain fetch:    {m['ok']:.0f} pages in {m['plain']:.2f} s = {httpx_rate:.0f} pages/s"
    )
    print(
        f"ocop verify (scrapy): {m['seen']:.0f} pages ({m['live']:.0f} live) in {m['crawl']:.2f} s"
        f" = {ocop_rate:.0f} pages/s"
    )
    print(f"one-page crawl (fixed start-up cost of a crawl): {m['startup']:.2f} s")
    print(f"ratio ocop/httpx:     {ocop_rate / httpx_rate:.2f} (target >= 0.70)")


if __name__ == "__main__":
    main()
