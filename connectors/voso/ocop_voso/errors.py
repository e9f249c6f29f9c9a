"""Voso's own refusals, as classes the engine understands through their ``ocop.errors`` bases."""

from __future__ import annotations

from ocop.errors import DuplicateListing, ListingBlocked
from ocop.i18n import _

NAME = "voso"


class DuplicateSku(DuplicateListing):
    """409 ``error_duplicate_sku``: the shop already has a product with this SKU."""

    def __init__(self, product_id: str) -> None:
        super().__init__(
            NAME, product_id, _("this SKU already exists as product {id}").format(id=product_id)
        )


class ProductBanned(ListingBlocked):
    """409 ``error_banned``: Voso banned the product; the seller cannot list or unlist it."""

    def __init__(self, product_id: str | None) -> None:
        super().__init__(
            NAME, product_id, _("product {id} is banned by Voso").format(id=product_id)
        )
