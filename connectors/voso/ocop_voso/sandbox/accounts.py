"""The Voso sandbox's fixed world: API partners, shops and the category tree.

These credentials are the sandbox's own and are printed on purpose; they open nothing real.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ocop.connector import Category


@dataclass(frozen=True)
class VosoPartner:
    """A Voso API partner and the shops it may act for."""

    partner_id: int
    partner_key: str
    shop_ids: frozenset[int]


@dataclass(frozen=True)
class VosoCategory:
    """One node of Voso's category tree."""

    category_id: int
    parent_id: int | None
    name: str
    leaf: bool


VOSO_PARTNERS = {
    100001: VosoPartner(100001, "sandbox-voso-partner-key", frozenset({200001})),
    100002: VosoPartner(100002, "sandbox-voso-other-key", frozenset({200002})),
}
VOSO_SHOPS = {200001: "HTX Đặc sản Thái Nguyên", 200002: "Cửa hàng Nông sản Đại Từ"}
VOSO_DEMO_PARTNER = VOSO_PARTNERS[100001]
VOSO_DEMO_SHOP = 200001

VOSO_CATEGORIES = (
    VosoCategory(1, None, "Đặc sản vùng miền", False),
    VosoCategory(101, 1, "Chè, trà", True),
    VosoCategory(102, 1, "Gạo, miến, bún, phở", True),
    VosoCategory(103, 1, "Mật ong, tinh bột nghệ", True),
    VosoCategory(104, 1, "Rượu, đồ uống", True),
    VosoCategory(105, 1, "Thịt, đồ khô, măng", True),
    VosoCategory(106, 1, "Nấm, dược liệu", True),
    VosoCategory(107, 1, "Thủ công mỹ nghệ", True),
    VosoCategory(108, 1, "Thực phẩm khác", True),
    VosoCategory(2, None, "Quà tặng", False),
    VosoCategory(201, 2, "Giỏ quà OCOP", True),
)
VOSO_CATEGORY_BY_ID = {c.category_id: c for c in VOSO_CATEGORIES}


def voso_categories(categories: Sequence[Category] | None) -> dict[int, VosoCategory]:
    """The tree a sandbox serves: ``categories`` when given (``ocop sandbox --categories``;
    Voso's ids are integers), else the default one above."""
    if categories is None:
        return dict(VOSO_CATEGORY_BY_ID)
    tree = {}
    for category in categories:
        if not isinstance(category.id, int) or not (
            category.parent is None or isinstance(category.parent, int)
        ):
            raise ValueError(f"Voso category ids are integers, not {category.id!r}")
        tree[category.id] = VosoCategory(category.id, category.parent, category.name, category.leaf)
    return tree
