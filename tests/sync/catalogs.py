"""Small catalogues for the sync tests, written as YAML and loaded the way users load them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ocop.loading import load_catalog
from ocop.model import Catalog

# a 1×1 PNG (a whole one: validation decodes pictures); the bytes differ per name, after the
# end of the picture, so each product has its own image
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63"
    "90abd0f80f00033401be0176b7700000000049454e44ae426082"
)


@dataclass(frozen=True)
class Item:
    """One product with one SKU."""

    sku: str
    price: int = 120_000
    stock: int = 10
    name: str = ""
    cert_date: str = "2025-06-26"  # valid through 2028-06-25
    image: str = "shared.png"

    @property
    def product_id(self) -> str:
        return self.sku.lower()


def write_catalog(
    folder: Path,
    items: list[Item],
    *,
    voso: str = "",
    postmart: str = "",
) -> Catalog:
    """Write ``catalog.yaml`` (and its images) into ``folder`` and load it."""
    (folder / "images").mkdir(parents=True, exist_ok=True)
    for image in {i.image for i in items}:
        (folder / "images" / image).write_bytes(PNG + image.encode())
    products = "\n".join(_product(item) for item in items)
    text = f"""version: 1
province: Thái Nguyên
marketplaces:
  voso:
    categories: {{thuc_pham/che: 101}}
{voso}
  postmart:
    categories: {{thuc_pham/che: CHE-TRA}}
{postmart}
producers:
  - id: htx-che
    name: HTX chè Tân Cương
    kind: hop_tac_xa
    address: {{street: Xóm Nam Đồng, commune: "05503"}}
products:
{products}
"""
    path = folder / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def _product(item: Item) -> str:
    name = item.name or f"Chè Tân Cương {item.sku}"
    return f"""  - id: {item.product_id}
    name: {name}
    producer: htx-che
    group: thuc_pham
    subgroup: che
    description: Chè búp hái thủ công ở Tân Cương, sao tay, nước xanh vàng, vị chát dịu.
    certifications:
      - {{stars: 4, decision: 123/QĐ-UBND, date: {item.cert_date}, level: tinh}}
    images: [images/{item.image}]
    skus:
      - {{sku: {item.sku}, label: Hộp 100 g, unit: hop, net_weight_g: 100, shipping_weight_g: 180, price: {item.price}, stock: {item.stock}}}
"""
