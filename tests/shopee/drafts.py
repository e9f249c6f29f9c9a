"""Drafts as ocop's mapping makes them, for one-SKU and several-SKU products."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from ocop.connector import ListingDraft, OcopClaim, ProductRef

TEA = "Thực Phẩm và Đồ Uống > Đồ uống > Trà"
DESCRIPTION = "Chè búp hái tay ở Tân Cương, sao bằng chảo gang, nước xanh vàng, vị ngọt hậu."


def draft(sku: str | None = None, **changes: Any) -> ListingDraft:
    base = ListingDraft(
        sku=sku or f"S-{uuid.uuid4().hex[:8].upper()}",
        title="Chè Tân Cương đặc biệt hộp 200 g",
        description=DESCRIPTION,
        category=TEA,
        price=125_000,
        list_price=None,
        stock=12,
        unit="Hộp 200 g",
        net_weight_g=200,
        shipping_weight_g=300,
        images=("images/che.png",),
        ocop=OcopClaim(4, "1234/QĐ-UBND", date.today() + timedelta(days=400)),
        origin="Thái Nguyên",
    )
    return replace(base, **changes)


def product(
    labels: tuple[str, ...], producer: str | None = "HTX chè Hảo Đạt"
) -> list[ListingDraft]:
    """One draft per packaging of a new product (SKUs and product id are fresh)."""
    key = uuid.uuid4().hex[:6].upper()
    skus = tuple(f"P{key}-{i}" for i in range(len(labels)))
    name = f"Chè tôm nõn {key}"
    made = []
    for index, (sku, label) in enumerate(zip(skus, labels, strict=True)):
        ref = ProductRef(f"che-tom-non-{key.lower()}", name, label, skus, producer)
        made.append(
            draft(
                sku, title=f"{name} {label}", unit=label, price=90_000 + 40_000 * index, product=ref
            )
        )
    return made
