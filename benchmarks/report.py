"""How long `ocop report` takes on a national-scale state, against loading that state alone.

    .venv/bin/python benchmarks/report.py [--products 20000]

Builds a synthetic catalogue (20,000 products, three marketplaces) and a state store with a
listing and a crawl observation for most SKUs, in a temporary folder. Prints the time to load
the state (listings + each one's newest and newest trustworthy observations: the peer, the
better of two reads), to count the report, to render each format, and for each format the
ratio of ``ocop report --format F`` (load + count + render) to loading the state alone.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ocop import locality
from ocop.model import SUBGROUPS, Catalog, ProductGroup
from ocop.observation import Observation, PageStatus
from ocop.report import FORMATS, build_report, read_state, render
from ocop.state import ListingRecord, StateStore

MARKETPLACES = ("voso", "postmart", "thirdmart")
AS_OF = date(2026, 1, 15)
NOW = datetime(2026, 1, 15, 12, tzinfo=UTC)
KINDS = ("hop_tac_xa", "doanh_nghiep", "ho_kinh_doanh", "to_hop_tac")
STATUSES = [PageStatus.LIVE] * 14 + [
    PageStatus.OUT_OF_STOCK,
    PageStatus.BLOCKED,
    PageStatus.REMOVED,
]


def synthetic_catalog(products: int, rng: random.Random) -> Catalog:
    """A valid-shaped catalogue: every group, commune and producer kind, 1–3 SKUs a product."""
    communes = sorted(locality.communes())
    producers = [
        {
            "id": f"p{i}",
            "name": f"Chủ thể {i}",
            "kind": KINDS[i % 4],
            "address": {"commune": communes[i % len(communes)]},
        }
        for i in range(products // 4)
    ]
    groups = [
        (g, s) for g in ProductGroup if g is not ProductGroup.DICH_VU_DU_LICH for s in SUBGROUPS[g]
    ]
    items = [_product(i, groups[i % len(groups)], len(producers), rng) for i in range(products)]
    marketplaces: dict[str, Any] = {name: {} for name in MARKETPLACES}
    return Catalog.model_validate(
        {"marketplaces": marketplaces, "producers": producers, "products": items}
    )


def _product(i: int, group: tuple[ProductGroup, str], producers: int, rng: random.Random) -> Any:
    """Product number ``i``: a certificate signed 1–43 months ago, 1–3 SKUs."""
    signed = AS_OF - timedelta(days=rng.randrange(30, 1300))
    stars = rng.choice((3, 3, 3, 4, 4, 5))
    level = "trung_uong" if stars == 5 else "tinh"
    skus = [
        {
            "sku": f"S{i}-{k}",
            "label": "Hộp",
            "unit": "hop",
            "shipping_weight_g": 300,
            "price": 50000 + 1000 * k,
        }
        for k in range(1 + i % 3)
    ]
    return {
        "id": f"sp-{i}", "name": f"Sản phẩm {i}", "producer": f"p{i % producers}",
        "group": group[0].value, "subgroup": group[1], "description": "Mô tả.",
        "certifications": [{"stars": stars, "date": signed.isoformat(), "level": level}],
        "skus": skus,
    }  # fmt: skip


def synthetic_state(catalog: Catalog, path: Path, rng: random.Random) -> int:
    """Listings for ~80 % of SKUs on each marketplace, each with one or two observations."""
    count = 0
    observations, records = [], []
    with StateStore.open(path) as store:
        for market in MARKETPLACES:
            for product, sku in catalog.skus():
                if rng.random() > 0.8:
                    continue
                url = f"https://{market}.example/p/{sku.sku}"
                records.append(
                    ListingRecord(
                        market,
                        sku.sku,
                        product.id,
                        sku.sku,
                        url,
                        "active",
                        sku.price,
                        None,
                        None,
                        None,
                        None,
                        None,
                    )
                )
                count += 1
                for age in rng.sample((1, 3, 9), rng.choice((1, 2))):
                    observations.append(
                        Observation(
                            marketplace=market, sku=sku.sku, url=url, status=rng.choice(STATUSES),
                            price=sku.price, observed_at=NOW - timedelta(days=age, minutes=rng.randrange(600)),
                        )
                    )  # fmt: skip
        store.save_listings(records)  # one transaction: a commit per listing takes minutes
        store.record_observations(observations)
    return count


def _timed(label: str, action: Any) -> tuple[float, Any]:
    """Run ``action``; print wall and CPU time (CPU: fairer on a shared, busy machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<34} {elapsed:8.2f} s wall {cpu:8.2f} s CPU")
    return cpu, result


def _load(state: Path) -> tuple[Any, Any]:
    """The peer: the state's listings and what was seen of them, read as ``ocop report`` reads
    them (``report_from_store`` calls ``read_state``)."""
    with StateStore.open(state) as store:
        return read_state(store, until=NOW)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(6)
    with tempfile.TemporaryDirectory() as folder:
        catalog = synthetic_catalog(args.products, rng)
        state = Path(folder) / "state.db"
        listings = synthetic_state(catalog, state, rng)
        print(
            f"{len(catalog.products)} products, {len(catalog.skus())} SKUs, {listings} listings on {len(MARKETPLACES)} marketplaces"
        )
        # the peer is the better of two loads, so a cold first read does not flatter the ratios
        loads = [_timed("load the state alone", lambda: _load(state)) for _ in range(2)]
        load_s, (records, seen) = min(loads, key=lambda timed: timed[0])
        count_s, report = _timed(
            "count the report",
            lambda: build_report(catalog, records, seen, as_of=AS_OF, reference_time=NOW),
        )
        spent = {}
        for fmt in FORMATS:
            spent[fmt], data = _timed(f"render {fmt}", lambda fmt=fmt: render(report, fmt, "vi"))
            (Path(folder) / f"report.{fmt}").write_bytes(data)
        print("ocop report --format F (load + count + render F) / load the state alone, CPU:")
        for fmt, render_s in spent.items():
            ratio = (load_s + count_s + render_s) / load_s
            print(f"  {fmt:<6} {ratio:5.2f}x  {'within' if ratio <= 2 else 'over'} 2x")
        total = load_s + count_s + sum(spent.values())
        print(
            f"every format in one run (load + count + all five) / load alone: {total / load_s:.2f}x"
        )


if __name__ == "__main__":
    main()
