"""Verify 2,000 sandbox listings: ocop's Scrapy crawl against a plain aiohttp + lxml reader.

    .venv/bin/python benchmarks/verify.py [--listings 2000] [--concurrency 64] [--rounds 3]

The Voso sandbox (its own process) makes the listings; every page is fetched from it once —
that pass is the sandbox's own rate, a threaded ``http.server`` that caps any client near a
thousand pages a second — and the same bytes (origin rewritten) are then served by a
loopback aiohttp server in a process of its own, measured alone with a raw fetch, so that the
ratio measures the clients, not the server.

The peer is the strongest simple reader we could write: one ``aiohttp`` session with a
connection pool at the same concurrency, each page parsed once with lxml and the same facts
taken with the marketplace package's own selectors compiled to XPath once (title, price, list
price, stock, stars, and identity: the listing's number in the canonical link or its SKU).
ocop runs ``ocop.verify.observe`` — the child ``scrapy crawl`` process, the spider's
classification and the pydantic check of every observation in the parent — politeness off.

Rates are steady-state (first page read to last, the same for both); a crawl's fixed start-up
(a one-page crawl) is printed apart, with the end-to-end rate. The polite figure is the same
crawl with robots.txt obeyed, the configured per-site concurrency and retries (delay and
AutoThrottle off: on a real site they set the pace, not the engine), beside the peer at that
concurrency. Rounds alternate the clients; the best of each is compared. Target: ≥ 0.25.
The same crawl without Twisted's reactor (``TWISTED_REACTOR_ENABLED=False``; both download
with Scrapy's aiohttp handler) is printed too, and the CPU time a page of each client (parent
and child for ocop, start-up taken off), which the machine's other load does not change as it
does rates.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import re
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from lxml import etree, html
from ocop_spiders.prices import parse_vnd
from parsel import css2xpath

from ocop.observation import PageStatus
from ocop.registry import marketplaces
from ocop.state import ListingRecord
from ocop.storefront import Markup
from ocop.verify import observe

MARKETPLACE = "voso"
Page = tuple[int, str, bytes]  # status, content type, body


def serve_sandbox(db_path: str, count: int, pipe: Connection) -> None:
    """Child process: a sandbox with ``count`` Voso products; send their rows, wait for stop."""
    from ocop.sandbox import Sandbox

    with Sandbox.start(db_path, marketplaces=[MARKETPLACE]) as sandbox:
        market, rows = sandbox[MARKETPLACE], []
        for n in range(count):
            made = market.create_product(
                f"BENCH-{n:05d}",
                name=f"Chè Tân Cương loại {n:05d}",
                price=100_000 + n,
                stock=0 if n % 10 == 9 else 10,  # one in ten sold out
                original_price=150_000 if n % 4 == 0 else None,  # one in four struck out
                ocop_stars=3 + n % 3,
            )
            rows.append((made["sku"], str(made["product_id"]), made["url"]))
        pipe.send((market.storefront_url, rows))
        pipe.recv()  # "stop"


def serve_pages(pipe: Connection) -> None:
    """Child process: answer GETs from a dict of pre-rendered pages (aiohttp's low-level
    server, no routing, no access log); send the port, then receive the pages."""

    async def main() -> None:
        pages: dict[str, Page] = {}

        async def answer(request: web.BaseRequest) -> web.Response:
            status, kind, body = pages.get(request.path, (404, "text/plain", b""))
            return web.Response(status=status, body=body, headers={"Content-Type": kind})

        runner = web.ServerRunner(web.Server(answer, access_log=None))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        pipe.send(runner.addresses[0][1])
        pages.update(await asyncio.to_thread(pipe.recv))
        pipe.send("ready")
        await asyncio.to_thread(pipe.recv)  # "stop"
        await runner.cleanup()

    asyncio.run(main())


async def fetch_each(
    urls: list[str], concurrency: int, read: Callable[[str, bytes], Any]
) -> tuple[list[Any], list[float]]:
    """GET every URL through one pooled session, ``concurrency`` in flight; ``read`` each
    body as it arrives. The results and the time each page was done."""
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    results: list[Any] = [None] * len(urls)
    done: list[float] = []
    pending = iter(range(len(urls)))
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for n in pending:
                async with session.get(urls[n]) as response:
                    body = await response.read()
                results[n] = read(urls[n], body) if response.status == 200 else None
                done.append(time.perf_counter())

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results, done


class PeerReader:
    """The facts of a product page, by lxml and the package's selectors compiled once."""

    def __init__(self, markup: Markup, listing_id: re.Pattern[str], skus: dict[str, str]):
        def compiled(css: str) -> etree.XPath:
            return etree.XPath(css2xpath(css))

        self.title = compiled(markup.title)
        self.block = compiled(markup.price_block)
        self.price = compiled(markup.price)
        self.list_price = compiled(markup.list_price)
        self.stars = compiled(markup.stars)
        self.sold_out = compiled(markup.out_of_stock)
        self.sku = compiled(markup.sku)
        self.canonical = etree.XPath('//link[@rel="canonical"]/@href')
        self.listing_id = listing_id
        self.skus = skus  # url → the SKU asked for

    def __call__(self, url: str, body: bytes) -> dict[str, Any] | None:
        """Title, price, list price, stock, stars; None unless the page names the listing."""
        page = html.fromstring(body)
        wanted = self.listing_id.search(url)
        named = [m[1] for u in self.canonical(page) if (m := self.listing_id.search(u))]
        shown_sku = " ".join(n.text_content() for n in self.sku(page)).split()
        if not (wanted and wanted[1] in named) and self.skus[url] not in shown_sku:
            return None
        block = self.block(page)[:1] or [page]
        title, price, old = self.title(page), self.price(block[0]), self.list_price(block[0])
        stars = self.stars(page)
        return {
            "title": title[0].text_content().strip() if title else None,
            "price": parse_vnd(price[0].text_content()) if price else None,
            "list_price": parse_vnd(old[0].text_content()) if old else None,
            "in_stock": not self.sold_out(page),
            "stars": int(stars[0]) if stars else None,
        }


def steady_rate(done: list[float]) -> float:
    """Pages a second from the first page done to the last (start-up and ramp left out)."""
    ordered = sorted(done)
    return (len(ordered) - 1) / (ordered[-1] - ordered[0])


def records(rows: list[tuple[str, str, str]]) -> list[ListingRecord]:
    """State-store records for the sandbox products (what a push would have left)."""
    return [
        ListingRecord(
            MARKETPLACE, sku, "bench", pid, url, "active", None, None, None, None, None, None
        )
        for sku, pid, url in rows
    ]


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the crawl's child process)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@dataclass
class Round:
    """One round's figures, in pages a second (``startup`` in seconds, ``*_cpu`` in CPU
    seconds a page: what the machine's other load does not change)."""

    peer: float
    ocop: float
    peer_cpu: float
    ocop_cpu: float
    ocop_reactorless: float  # the same crawl on asyncio alone, without Twisted's reactor
    ocop_end_to_end: float
    startup: float
    peer_polite: float
    ocop_polite: float
    live: int
    read: int


def crawl(
    rows: list[tuple[str, str, str]], polite: bool, settings: dict[str, str]
) -> tuple[list[Any], list[float], float, float]:
    """``observe`` the rows: observations, when each arrived, the whole call's time and its
    CPU time (parent and child)."""
    arrived: list[float] = []
    cpu = cpu_seconds()
    start = time.perf_counter()
    seen = observe(
        MARKETPLACE,
        records(rows),
        polite=polite,
        settings=settings,
        on_observation=lambda _o: arrived.append(time.perf_counter()),
    )
    return seen, arrived, time.perf_counter() - start, cpu_seconds() - cpu


def one_round(rows: list[tuple[str, str, str]], reader: PeerReader, concurrency: int) -> Round:
    """Peer, ocop, one-page crawl, then both again at the polite per-site concurrency."""
    urls = [url for _, _, url in rows]
    wide = {"CONCURRENT_REQUESTS": str(concurrency)}
    wide["CONCURRENT_REQUESTS_PER_DOMAIN"] = str(concurrency)
    cpu = cpu_seconds()
    read, done = asyncio.run(fetch_each(urls, concurrency, reader))
    peer_cpu = cpu_seconds() - cpu
    seen, arrived, whole, ocop_cpu = crawl(rows, False, wide)
    _, _, startup, startup_cpu = crawl(rows[:1], False, wide)
    _, reactorless, _, _ = crawl(rows, False, wide | {"TWISTED_REACTOR_ENABLED": "False"})
    polite_fetches = int(_settings().get("CONCURRENT_REQUESTS_PER_DOMAIN", 2))
    _, polite_done = asyncio.run(fetch_each(urls, polite_fetches, reader))
    # robots.txt, per-site concurrency and retries as configured; no delay, no AutoThrottle
    _, polite_arrived, _, _ = crawl(
        rows, True, {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}
    )
    return Round(
        peer=steady_rate(done),
        ocop=steady_rate(arrived),
        peer_cpu=peer_cpu / len(urls),
        ocop_cpu=max(ocop_cpu - startup_cpu, 0.0) / (len(urls) - 1),
        ocop_reactorless=steady_rate(reactorless),
        ocop_end_to_end=len(seen) / whole,
        startup=startup,
        peer_polite=steady_rate(polite_done),
        ocop_polite=steady_rate(polite_arrived),
        live=sum(1 for o in seen if o.status in (PageStatus.LIVE, PageStatus.OUT_OF_STOCK)),
        read=sum(1 for r in read if r is not None),
    )


def _settings() -> dict[str, Any]:
    from ocop_spiders import settings

    return {k: getattr(settings, k) for k in dir(settings) if k.isupper()}


async def raw_pass(urls: list[str], concurrency: int) -> tuple[list[bytes], float]:
    """Every page's bytes and the rate of a fetch that does nothing else (a server's bound)."""
    bodies, done = await fetch_each(urls, concurrency, lambda _u, body: body)
    return bodies, steady_rate(done)


def prerender(
    pipe: Connection, origin: str, rows: list[tuple[str, str, str]], concurrency: int
) -> tuple[str, list[tuple[str, str, str]], float]:
    """Fetch every page (and robots.txt) from the sandbox once and hand them to the page
    server, its origin written in; that server's origin, the rows there, the sandbox's rate."""
    port = pipe.recv()
    fast = f"http://127.0.0.1:{port}"
    urls = [url for _, _, url in rows] + [f"{origin}/robots.txt"]
    bodies, sandbox_rate = asyncio.run(raw_pass(urls, concurrency))
    pages: dict[str, Page] = {
        url.removeprefix(origin): (
            200,
            "text/html; charset=utf-8",
            body.replace(origin.encode(), fast.encode()),
        )
        for url, body in zip(urls, bodies, strict=True)
    }
    pages["/robots.txt"] = (200, "text/plain; charset=utf-8", bodies[-1])
    pipe.send(pages)
    pipe.recv()  # "ready"
    moved = [(sku, pid, url.replace(origin, fast, 1)) for sku, pid, url in rows]
    return fast, moved, sandbox_rate


def report(rounds: list[Round], args: argparse.Namespace, sandbox: float, server: float) -> None:
    """Each round's figures, then the best of each client and their ratio."""
    print(f"listings: {args.listings}, concurrency {args.concurrency}, {len(rounds)} rounds")
    print(
        f"server alone (raw aiohttp fetch, no parse): sandbox {sandbox:.0f} pages/s, "
        f"pre-rendered page server {server:.0f} pages/s"
    )
    for n, r in enumerate(rounds, 1):
        print(
            f"round {n}: peer {r.peer:.0f}, ocop {r.ocop:.0f} ({r.ocop / r.peer:.2f}), "
            f"end to end {r.ocop_end_to_end:.0f}, start-up {r.startup:.2f} s; polite: "
            f"peer {r.peer_polite:.0f}, ocop {r.ocop_polite:.0f}; pages read {r.read}/{r.live}; "
            f"CPU a page: peer {r.peer_cpu * 1000:.2f} ms, ocop {r.ocop_cpu * 1000:.2f} ms"
        )
    peer, ocop = max(r.peer for r in rounds), max(r.ocop for r in rounds)
    polite_peer, polite = max(r.peer_polite for r in rounds), max(r.ocop_polite for r in rounds)
    per_site = _settings().get("CONCURRENT_REQUESTS_PER_DOMAIN")
    print(f"peer aiohttp + lxml:   {peer:.0f} pages/s")
    print(
        f"ocop verify (scrapy):  {ocop:.0f} pages/s steady, "
        f"{max(r.ocop_end_to_end for r in rounds):.0f} pages/s end to end"
    )
    print(
        f"  the same without Twisted's reactor: {max(r.ocop_reactorless for r in rounds):.0f} "
        f"pages/s (ratio {max(r.ocop_reactorless for r in rounds) / peer:.2f})"
    )
    print(f"crawl start-up (one-page crawl, best): {min(r.startup for r in rounds):.2f} s")
    print(
        f"polite ({per_site} per site, robots.txt): ocop {polite:.0f} pages/s, "
        f"peer {polite_peer:.0f} pages/s ({polite / polite_peer:.2f})"
    )
    peer_cpu, ocop_cpu = min(r.peer_cpu for r in rounds), min(r.ocop_cpu for r in rounds)
    print(
        f"CPU a page (start-up apart): peer {peer_cpu * 1000:.2f} ms, ocop {ocop_cpu * 1000:.2f} "
        f"ms (ratio {peer_cpu / ocop_cpu:.2f}: pages a CPU-second, whatever else the machine runs)"
    )
    ratios = [r.ocop / r.peer for r in rounds]
    print(
        f"ratio ocop/peer:       {ocop / peer:.2f} (median of rounds "
        f"{statistics.median(ratios):.2f}; target >= 0.25)"
    )


def main() -> None:
    """Make the listings, serve them fast, then alternate the two clients."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--listings", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ctx = multiprocessing.get_context("spawn")
    (to_sandbox, sandbox_end), (to_pages, pages_end) = ctx.Pipe(), ctx.Pipe()
    with tempfile.TemporaryDirectory() as work:
        sandbox = ctx.Process(
            target=serve_sandbox, args=(str(Path(work) / "sb.db"), args.listings, sandbox_end)
        )
        server = ctx.Process(target=serve_pages, args=(pages_end,))
        sandbox.start()
        server.start()
        try:
            origin, rows = to_sandbox.recv()
            _fast, rows, sandbox_rate = prerender(to_pages, origin, rows, args.concurrency)
            to_sandbox.send("stop")
            sandbox.join(timeout=30)
            _bodies, server_rate = asyncio.run(raw_pass([u for *_, u in rows], args.concurrency))
            found = marketplaces()[MARKETPLACE].storefront
            reader = PeerReader(found.markup, found.listing_pattern, {u: s for s, _, u in rows})
            rounds = [one_round(rows, reader, args.concurrency) for _ in range(args.rounds)]
        finally:
            for pipe, process in ((to_sandbox, sandbox), (to_pages, server)):
                if process.is_alive():
                    pipe.send("stop")
                    process.join(timeout=30)
    report(rounds, args, sandbox_rate, server_rate)


if __name__ == "__main__":
    main()
