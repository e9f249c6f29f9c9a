"""Push N new SKUs to both sandbox marketplaces and compare with the contract's bound.

Prints, from one run:
  wall      the engine's push (both marketplaces, from an empty shop and an empty state)
  bound     per marketplace, the fewest calls the contract allows for that work (one list
            page read, each distinct image uploaded once, one create per SKU) divided by its
            rate limit; the larger of the two marketplaces
  naive     a client sending one request at a time, one marketplace after the other,
            measured on --naive-skus SKUs in the same sandbox conditions and scaled to N
The target is wall within 15 % of bound.

    .venv/bin/python benchmarks/push.py [--skus 500] [--latency-ms 300] [--naive-skus 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from ocop.categories import CategoryTree
from ocop.connector import Connector
from ocop.engine import push
from ocop.engine.wanted import ImageHashes, wanted_for
from ocop.registry import open_connector
from ocop.sandbox import Sandbox
from ocop.state import StateStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.sync.catalogs import Item, write_catalog

IMAGES = 50  # distinct photos (several SKUs of a product share one)


def items(count: int, prefix: str) -> list[Item]:
    return [
        Item(f"{prefix}-{n:04d}", price=50_000 + n * 100, image=f"img{n % IMAGES}.png")
        for n in range(count)
    ]


def fewest_calls(count: int) -> int:
    """One list page (the shop is empty) + each distinct image once + one create per SKU.
    (ocop also reads the category tree, to resolve the catalogue's names: one call more than
    this bound counts.)"""
    return 1 + min(IMAGES, count) + count


def engine_push(folder: Path, count: int) -> tuple[float, dict[str, int]]:
    catalog = write_catalog(folder, items(count, "BENCH"))
    connectors = [open_connector("voso"), open_connector("postmart")]
    with StateStore.open(folder / ".ocop" / "state.db") as store:
        started = time.perf_counter()
        outcomes = push(catalog, store, connectors, date.today())
        wall = time.perf_counter() - started
    for connector in connectors:
        connector.close()
    failures = sum(len(o.progress.failures) for o in outcomes)
    if failures:
        print(f"warning: {failures} failure(s) during the push", file=sys.stderr)
    return wall, {o.marketplace: o.writes for o in outcomes}


def naive_push(folder: Path, count: int) -> float:
    """One request at a time, one marketplace after the other; images once each."""
    catalog = write_catalog(folder, items(count, "NAIVE"))
    started = time.perf_counter()
    for name in ("voso", "postmart"):
        connector: Connector = open_connector(name)
        list(connector.iter_listings())
        tree = CategoryTree(name, connector.categories())  # categories are named: resolve them
        wanted = wanted_for(
            catalog, name, connector.capabilities, date.today(), ImageHashes(folder), tree
        ).wanted
        urls: dict[str, str] = {}
        for item in wanted:
            for image in item.draft.images:
                if image not in urls:
                    data = (folder / image).read_bytes()
                    urls[image] = connector.upload_image(data, Path(image).name)
            connector.create(item.draft, [urls[i] for i in item.draft.images])
        connector.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=500)
    parser.add_argument("--latency-ms", type=int, default=300)
    parser.add_argument("--naive-skus", type=int, default=50, help="0 = the full N")
    args = parser.parse_args()
    with Sandbox.start() as sandbox:
        os.environ.update(sandbox.env())
        for name in ("voso", "postmart"):
            sandbox.set_faults(name, latency_ms=args.latency_ms)
        sandbox.set_moderation(delay_s=3600)  # reviews are not part of the push
        bounds = {}
        for name in ("voso", "postmart"):
            connector = open_connector(name)
            caps = connector.capabilities
            calls = fewest_calls(args.skus)
            bounds[name] = calls / caps.rate_per_second
            print(f"{name}: {calls} calls at {caps.rate_per_second:g}/s → {bounds[name]:.1f} s")
            connector.close()
        bound = max(bounds.values())
        sandbox["voso"].reset_stats()
        sandbox["postmart"].reset_stats()
        with tempfile.TemporaryDirectory() as tmp:
            wall, writes = engine_push(Path(tmp), args.skus)
        seen = {name: sandbox[name].stats()["requests"] for name in ("voso", "postmart")}
        naive_n = args.naive_skus or args.skus
        with tempfile.TemporaryDirectory() as tmp:
            naive = naive_push(Path(tmp), naive_n) * args.skus / naive_n
    print(f"skus {args.skus}, latency {args.latency_ms} ms, write calls {writes}")
    print(f"requests the sandboxes received (429s and retries included): {seen}")
    print(f"wall  {wall:8.1f} s")
    print(f"bound {bound:8.1f} s   wall/bound = {wall / bound:.3f} (target ≤ 1.15)")
    scaled = "" if naive_n == args.skus else f" (measured on {naive_n} SKUs, scaled)"
    print(f"naive {naive:8.1f} s   naive/wall = {naive / wall:.1f}×{scaled}")


if __name__ == "__main__":
    main()
