"""On the sandbox: push, verify, report; the report's live counts are what the sandbox really has.

The truth is what each marketplace's seller API lists as active, read through the connector,
independently of ocop's state and of the spiders. Then listings are hidden and suspended behind ocop's back, the
storefronts are verified again, and the report must follow.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ocop.cli import cli
from ocop.connector import ListingStatus
from ocop.registry import open_connector
from ocop.sandbox import Sandbox
from ocop.state import StateStore

pytestmark = pytest.mark.slow

CATALOG = """
version: 1
province: Thái Nguyên
marketplaces:
  voso:
    categories: {thuc_pham/che: "Chè, trà", thuc_pham: Thực phẩm khác, do_uong: "Rượu, đồ uống"}
  postmart:
    categories: {thuc_pham/che: "Chè, trà", thuc_pham: Nông sản khác, do_uong: Đồ uống}
producers:
  - {id: htx-tan-cuong, name: HTX Chè Tân Cương, kind: hop_tac_xa, address: {commune: "05503"}}
  - {id: hkd-dong-hy, name: Hộ kinh doanh Mật ong Đồng Hỷ, kind: ho_kinh_doanh, address: {commune: "01843"}}
products:
"""
PRODUCTS = [
    ("che-tom", "htx-tan-cuong", "thuc_pham", "che", 5, "trung_uong", ["CT-100", "CT-200"]),
    ("che-non", "htx-tan-cuong", "thuc_pham", "che", 4, "tinh", ["CN-100"]),
    ("mat-ong", "hkd-dong-hy", "thuc_pham", "so_che", 3, "tinh", ["MO-500"]),
    ("mien", "hkd-dong-hy", "thuc_pham", "che_bien", 3, "tinh", ["MI-500"]),
    ("ruou", "htx-tan-cuong", "do_uong", "co_con", 4, "tinh", ["RU-650"]),
]


def _product(
    pid: str, producer: str, group: str, sub: str, stars: int, level: str, skus: list[str]
) -> str:
    lines = [
        f"  - id: {pid}",
        f"    name: Sản phẩm thử {pid}",
        f"    producer: {producer}",
        f"    group: {group}",
        f"    subgroup: {sub}",
        f"    description: Sản phẩm thử {pid} của hợp tác xã, dùng cho kiểm thử báo cáo.",
        "    certifications:",
        f"      - {{stars: {stars}, decision: 12{len(pid)}/QĐ-UBND, date: 2025-10-01, level: {level}}}",
        "    images: [images/p.png]",
        "    skus:",
    ]
    for sku in skus:
        lines.append(
            f"      - {{sku: {sku}, label: Hộp, unit: hop, net_weight_g: 200, "
            f"shipping_weight_g: 300, price: 120000, stock: 10}}"
        )
    return "\n".join(lines) + "\n"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Sandbox, Path]]:
    from PIL import Image

    (tmp_path / "images").mkdir()
    Image.new("RGB", (16, 16), (40, 120, 60)).save(tmp_path / "images" / "p.png")
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG + "".join(_product(*p) for p in PRODUCTS), encoding="utf-8")
    with Sandbox.start() as sandbox:
        for market in ("voso", "postmart"):
            sandbox.set_faults(
                market, rate_limit=0
            )  # the contract's rate limits only slow this down
        sandbox.set_moderation(delay_s=0)
        yield sandbox, catalog


def _ocop(sandbox: Sandbox, *args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), env=sandbox.env())
    assert result.exit_code == 0, result.output
    return result


def _really_live(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> dict[str, set[str]]:
    """Which SKUs each marketplace's seller API says are on sale (not ocop's state, no spider)."""
    for name, value in sandbox.env().items():
        monkeypatch.setenv(name, value)
    truth = {}
    for market in ("voso", "postmart"):
        connector = open_connector(market)
        try:
            truth[market] = {
                item.sku
                for item in connector.iter_listings()
                if item.status is ListingStatus.ACTIVE
            }
        finally:
            connector.close()
    return truth


def _report(sandbox: Sandbox, catalog: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "report.json"
    state = str(catalog.parent / "state.db")
    _ocop(sandbox, "verify", "--catalog", str(catalog), "--state", state, "--no-polite")
    _ocop(
        sandbox,
        "report",
        "--catalog",
        str(catalog),
        "--state",
        state,
        "--format",
        "json",
        "-o",
        str(out),
    )
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return doc


def _check(doc: dict[str, Any], truth: dict[str, set[str]]) -> None:
    product_of = {sku: pid for pid, *_rest, skus in PRODUCTS for sku in skus}
    verified: dict[str, set[str]] = {"voso": set(), "postmart": set()}
    for item in doc["listings"]["verified"]:
        verified[item["marketplace"]].add(item["sku"])
    assert verified == truth
    rows = {r["key"]: r["values"] for r in doc["tables"][0]["rows"]}
    for market, skus in truth.items():
        assert rows[market]["skus_live"] == len(skus)
        assert rows[market]["products_live"] == len({product_of[s] for s in skus})


def test_report_counts_what_is_really_live_on_the_sandbox(
    world: tuple[Sandbox, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox, catalog = world
    state = str(catalog.parent / "state.db")
    _ocop(sandbox, "push", "--catalog", str(catalog), "--state", state, "--wait", "20", "-q")
    truth = _really_live(sandbox, monkeypatch)
    assert (
        truth["voso"]
        == truth["postmart"]
        == {"CT-100", "CT-200", "CN-100", "MO-500", "MI-500", "RU-650"}
    )
    doc = _report(sandbox, catalog, tmp_path)
    _check(doc, truth)
    coverage = {r["key"]: r["values"] for r in doc["tables"][2]["rows"]}
    assert coverage["3"]["any.coverage"] == 1.0 and coverage["5"]["voso.live_coverage"] == 1.0

    # behind ocop's back: one voso product hidden, one postmart listing suspended
    with StateStore.open(state) as store:
        hidden, suspended = store.listing("voso", "MO-500"), store.listing("postmart", "CT-200")
    assert hidden is not None and hidden.remote_id and suspended is not None and suspended.remote_id
    sandbox["voso"].mutate(int(hidden.remote_id), status="hidden")
    sandbox["postmart"].mutate(suspended.remote_id, status="suspended")
    truth = _really_live(sandbox, monkeypatch)
    assert "MO-500" not in truth["voso"] and "CT-200" not in truth["postmart"]
    doc = _report(sandbox, catalog, tmp_path)
    _check(doc, truth)
    unverified = {(e["marketplace"], e["sku"]) for e in doc["listings"]["unverified"]}
    assert unverified == {("voso", "MO-500"), ("postmart", "CT-200")}
