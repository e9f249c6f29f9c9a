"""A small catalogue and state whose counts are worked out by hand in the tests.

as_of 2026-01-15; crawls judged fresh within 7 days of 2026-01-15 12:00 UTC.

    product     stars on as_of         commune (2025)          SKUs
    che         4 (to 2027-02-28)      01843 Phường Bắc Kạn    CHE-100, CHE-200
    mien        3 (to 2026-02-09: 25d) 01864 Xã Bằng Thành     MIEN-1
    mat-ong     3 (to 2026-03-31: 75d) 01849 Xã Phong Quang    MO-1
    ruou        none (expired 2024)    01843                   RUOU-1
    gio         5                      01906 Xã Ba Bể          GIO-1   (old_district given)
    hoa         4                      01933 Xã Đồng Phúc      HOA-1   (production site)
"""

from __future__ import annotations

import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ocop.loading import load_catalog
from ocop.model import Catalog
from ocop.observation import Observation, PageStatus
from ocop.state import ListingRecord, StateStore

AS_OF = date(2026, 1, 15)
REFERENCE = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
FRESH = datetime(2026, 1, 14, 8, 0, tzinfo=UTC)
STALE = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)

CATALOG_YAML = """
version: 1
province: Thái Nguyên
marketplaces:
  voso:
    categories: {thuc_pham: Thực phẩm khác, do_uong: "Rượu, đồ uống", thu_cong_my_nghe: Thủ công mỹ nghệ, sinh_vat_canh: Thực phẩm khác}
  postmart:
    categories: {thuc_pham: Nông sản khác, do_uong: Đồ uống, thu_cong_my_nghe: Thủ công mỹ nghệ, sinh_vat_canh: Nông sản khác}
producers:
  - {id: htx-a, name: HTX Chè Bắc Kạn, kind: hop_tac_xa, address: {commune: "01843"}}
  - {id: dn-b, name: Công ty Miến Bằng Thành, kind: doanh_nghiep, address: {commune: "01864"}}
  - {id: hkd-c, name: Hộ kinh doanh Mật ong, kind: ho_kinh_doanh, address: {commune: "01849"}}
  - id: tht-d
    name: Tổ hợp tác Mây tre
    kind: to_hop_tac
    address: {commune: "01906", old_district: Huyện Ba Bể}
products:
{products}
"""


def _product(
    pid: str, producer: str, group: str, sub: str, cert: str, skus: list[str], extra: str = ""
) -> str:
    sku_lines = "".join(
        f"\n      - {{sku: {s}, label: Gói, unit: goi, shipping_weight_g: 300, price: 100000}}"
        for s in skus
    )
    return textwrap.indent(
        f"- id: {pid}\n  name: Sản phẩm {pid}\n  producer: {producer}\n  group: {group}\n"
        f"  subgroup: {sub}\n  description: Mô tả {pid}.\n{extra}"
        f"  certifications:\n    - {cert}\n  skus:{sku_lines}\n",
        "  ",
    )


PRODUCTS = [
    _product(
        "che",
        "htx-a",
        "thuc_pham",
        "che",
        "{stars: 4, date: 2024-03-01, level: tinh}",
        ["CHE-100", "CHE-200"],
    ),
    _product(
        "mien",
        "dn-b",
        "thuc_pham",
        "che_bien",
        "{stars: 3, date: 2023-02-10, level: tinh}",
        ["MIEN-1"],
    ),
    _product(
        "mat-ong",
        "hkd-c",
        "thuc_pham",
        "so_che",
        "{stars: 3, date: 2023-04-01, level: tinh}",
        ["MO-1"],
    ),
    _product(
        "ruou",
        "htx-a",
        "do_uong",
        "co_con",
        "{stars: 3, date: 2022-01-01, level: tinh}",
        ["RUOU-1"],
    ),
    _product(
        "gio",
        "tht-d",
        "thu_cong_my_nghe",
        "may_tre_dan",
        "{stars: 5, date: 2025-06-01, level: trung_uong}",
        ["GIO-1"],
    ),
    _product(
        "hoa",
        "hkd-c",
        "sinh_vat_canh",
        "hoa",
        "{stars: 4, date: 2025-09-01, level: tinh}",
        ["HOA-1"],
        '  locality: {commune: "01933"}\n',
    ),
]


def listing(
    marketplace: str, sku: str, product: str, state: str = "active", price: int = 100000
) -> ListingRecord:
    """A state-store record as a push leaves it."""
    url = f"https://{marketplace}.example/p/{sku.lower()}"
    return ListingRecord(
        marketplace, sku, product, f"r-{sku}", url, state, price, None, None, None, None, None
    )


def seen(
    marketplace: str, sku: str, status: PageStatus, when: datetime = FRESH, **more: object
) -> Observation:
    """What a spider saw."""
    return Observation(
        marketplace=marketplace,
        sku=sku,
        url=f"https://{marketplace}.example/p/{sku.lower()}",
        status=status,
        observed_at=when,
        **more,  # type: ignore[arg-type]
    )


LISTINGS = [
    listing("voso", "CHE-100", "che"),
    listing("voso", "CHE-200", "che", price=250000),
    listing("voso", "MIEN-1", "mien"),
    listing("voso", "MO-1", "mat-ong"),
    listing("voso", "RUOU-1", "ruou"),
    listing("voso", "GIO-1", "gio", state="inactive"),
    listing("voso", "GONE-1", "old-product"),
    listing("postmart", "CHE-100", "che"),
    listing("postmart", "MIEN-1", "mien"),
    listing("postmart", "GIO-1", "gio"),
]
OBSERVATIONS = [
    seen("voso", "CHE-100", PageStatus.LIVE, price=100000, stars=4),
    seen("voso", "CHE-200", PageStatus.LIVE, price=99000, stars=4),
    seen("voso", "MIEN-1", PageStatus.BLOCKED),
    seen("voso", "MO-1", PageStatus.LIVE, STALE),
    seen("voso", "RUOU-1", PageStatus.LIVE),
    seen("voso", "GIO-1", PageStatus.LIVE),
    seen("postmart", "CHE-100", PageStatus.REMOVED, http_status=404),
    seen("postmart", "MIEN-1", PageStatus.OUT_OF_STOCK, price=100000, stars=4),
]


@pytest.fixture(scope="session")
def catalog_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("catalogue")
    path = folder / "catalog.yaml"
    path.write_text(CATALOG_YAML.replace("{products}", "".join(PRODUCTS)), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def catalog(catalog_path: Path) -> Catalog:
    return load_catalog(catalog_path, as_of=AS_OF)


@pytest.fixture
def observations() -> dict[tuple[str, str], Observation]:
    return {(o.marketplace, o.sku): o for o in OBSERVATIONS}


@pytest.fixture(scope="session")
def state_path(catalog_path: Path) -> Path:
    """The same listings and observations in a real state database."""
    path = catalog_path.parent / ".ocop" / "state.db"
    with StateStore.open(path) as store:
        for record in LISTINGS:
            store.save_listing(record)
        store.record_observations(OBSERVATIONS)
    return path
