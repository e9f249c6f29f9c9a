"""What ``ocop init`` writes: a starting catalogue for a province or cooperative.

The catalogue starts empty but valid, with commented examples of each record, and with the
schema header that lets editors (VS Code's YAML extension, IntelliJ) complete and check fields
from ``catalog.schema.json`` written next to it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ocop.errors import CatalogFileError
from ocop.i18n import _
from ocop.schema import SCHEMA_FILE, catalog_schema

CATALOG_FILE = "catalog.yaml"
SCHEMA_HEADER = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"

_TEMPLATE = """{header}
# Danh mục sản phẩm OCOP: {title}
# Kiểm tra bằng `ocop validate`; sửa bằng bảng tính với `ocop sheet export` / `ocop sheet import`.
version: 1
province: {province}

# Sàn nào nhận sản phẩm nào, vào ngành hàng nào (tên ngành hàng như sàn ghi).
{marketplaces}
marketplaces: {{}}

# Chủ thể OCOP (HTX, doanh nghiệp, hộ kinh doanh, tổ hợp tác). Ví dụ:
#   - id: htx-che-hao-dat
#     name: HTX chè Hảo Đạt
#     kind: hop_tac_xa
#     phone: "0912345678"
#     address:
#       street: Xóm Nam Đồng
#       commune: "05503"
producers:

# Sản phẩm đã được công nhận OCOP, mỗi sản phẩm một hoặc nhiều SKU. Ví dụ:
#   - id: che-tom-non-hao-dat
#     name: Chè tôm nõn Hảo Đạt
#     producer: htx-che-hao-dat
#     group: thuc_pham
#     subgroup: che
#     description: Chè búp tôm nõn hái thủ công ở Tân Cương.
#     certifications:
#       - stars: 5
#         decision: 2361/QĐ-BNNMT
#         date: 26/06/2025
#         level: trung_uong
#     skus:
#       - sku: HD-CTN-100
#         label: Hộp 100 g
#         unit: hop
#         net_weight_g: 100
#         shipping_weight_g: 180
#         price: 250000
#         stock: 40
products:
"""


@dataclass(frozen=True)
class Scaffold:
    """The files ``ocop init`` wrote."""

    catalog: Path
    schema: Path
    images: Path


def marketplaces_comment(installed: Mapping[str, str]) -> str:
    """The comment naming the installed marketplaces (name → display name), with an example."""
    if not installed:
        return "# Chưa cài sàn nào: cài gói kết nối của sàn (ocop-<tên sàn>) rồi mở lại tệp này."
    listed = ", ".join(f"{name} ({label})" for name, label in installed.items())
    example = next(iter(installed))
    return (
        f"# Sàn đã cài: {listed}. Ví dụ:\n"
        f"#   {example}:\n"
        "#     categories:\n"
        "#       thuc_pham/che: <tên ngành hàng chè như sàn ghi, vd. Chè, trà>\n"
        "#   (ocop categories liệt kê ngành hàng của sàn và gợi ý cho từng nhóm)"
    )


def catalog_text(
    province: str, title: str | None = None, installed: Mapping[str, str] | None = None
) -> str:
    """The text of a new, empty catalogue for ``province``; ``installed`` names the
    marketplaces it can go to (default: every installed one)."""
    if installed is None:
        from ocop.registry import marketplaces

        installed = {name: m.label.vi for name, m in marketplaces().items()}
    return _TEMPLATE.format(
        header=SCHEMA_HEADER,
        title=title or province,
        province=json.dumps(province, ensure_ascii=False),  # JSON strings are valid YAML
        marketplaces=marketplaces_comment(installed),
    )


def schema_text() -> str:
    """The JSON Schema file editors read."""
    return json.dumps(catalog_schema(), ensure_ascii=False, indent=2) + "\n"


def scaffold(folder: Path, province: str, title: str | None = None) -> Scaffold:
    """Write a new catalogue, its schema and an images folder into ``folder``.

    Refuses to overwrite an existing catalogue; the schema is always refreshed, since it only
    describes this version of ocop.
    """
    catalog = folder / CATALOG_FILE
    if catalog.exists():
        raise CatalogFileError(catalog, _("already exists; ocop init only starts a new catalogue"))
    folder.mkdir(parents=True, exist_ok=True)
    images = folder / "images"
    images.mkdir(exist_ok=True)
    schema = folder / SCHEMA_FILE
    schema.write_text(schema_text(), encoding="utf-8")
    catalog.write_text(catalog_text(province, title), encoding="utf-8")
    return Scaffold(catalog, schema, images)
