from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ocop.loading import LoadResult, read_catalog_text

DATA = Path(__file__).parent / "data"
AS_OF = date(2026, 11, 22)

VALID = """\
version: 1
marketplaces:
  voso:
    categories: {thuc_pham/che: 101, thuc_pham: 108}
producers:
  - id: htx-che-hao-dat
    name: HTX chè Hảo Đạt
    kind: hop_tac_xa
    tax_code: "4600123459"
    phone: "0912345678"
    address: {street: Xóm Nam Đồng, commune: "05503"}
products:
  - id: che-tom-non
    name: Chè tôm nõn Hảo Đạt
    producer: htx-che-hao-dat
    group: thuc_pham
    subgroup: che
    description: Chè búp tôm nõn hái thủ công ở vùng chè Tân Cương, sao tay.
    images: [images/ok.png]
    certifications:
      - {stars: 5, decision: 2361/QĐ-BNNMT, date: 2025-06-26, level: trung_uong, score: 91}
    skus:
      - sku: HD-CTN-100
        label: Hộp 100 g
        unit: hop
        net_weight_g: 100
        shipping_weight_g: 180
        price: 250000
        stock: 40
"""


def check(text: str, as_of: date = AS_OF, root: Path = DATA) -> LoadResult:
    """Read catalogue text as if it were a file in tests/catalog/data."""
    return read_catalog_text(text.encode("utf-8"), root=root, as_of=as_of)


def codes(result: LoadResult) -> list[str]:
    return [p.code for p in result.problems]


@pytest.fixture
def valid_text() -> str:
    return VALID
