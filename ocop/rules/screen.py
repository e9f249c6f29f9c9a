"""The usual product, recognised in one pass, so that only the rest meet every rule.

Nearly every product of a national catalogue (20,000 of them) raises nothing: one first
recognition whose verdict its whole batch shares, images that many products share, goods with a
shipping weight. ``ProductScreen.passes`` says "nothing to say" after a few attribute reads and
dictionary look-ups, where running every rule costs ten times more. A product it does not pass
goes through ``check_product``, which alone decides what is reported; the screen only ever skips
products about which the rules would say nothing (``tests/catalog/test_screen.py`` holds it to
that on generated products).
"""

from __future__ import annotations

from ocop import locality
from ocop.identifiers import VIETNAM_GS1_PREFIX, gtin13_is_valid
from ocop.model import SUBGROUPS, Address, Product, ProductGroup
from ocop.rules.certificates import lone_decision_is_plain
from ocop.rules.context import Context
from ocop.rules.goods import is_usual_sku
from ocop.rules.images import image_findings

_SERVICE = ProductGroup.DICH_VU_DU_LICH
_SUBGROUPS = {group: frozenset(names) for group, names in SUBGROUPS.items()}


class ProductScreen:
    """Answers, per product, whether every product rule would pass it silently."""

    def __init__(self, producer_ids: frozenset[str], ctx: Context) -> None:
        self._producers = producer_ids
        self._as_of = ctx.as_of
        self._root = str(ctx.root)
        self._decode = ctx.decode_pictures
        self._communes = locality.communes()
        self._images: dict[str, bool] = {}

    def passes(self, product: Product) -> bool:
        """True when the product rules would report nothing about ``product``."""
        if product.producer not in self._producers:
            return False
        if product.subgroup is not None and product.subgroup not in _SUBGROUPS[product.group]:
            return False
        if product.locality is not None and not self._plain_place(product.locality):
            return False
        gtin = product.gtin
        if gtin is not None and not (gtin.startswith(VIETNAM_GS1_PREFIX) and gtin13_is_valid(gtin)):
            return False
        certs = product.certifications
        if len(certs) != 1 or not lone_decision_is_plain(certs[0], self._as_of):
            return False
        for image in product.images:  # loops, not all(): a generator per product shows
            if not self._plain_image(image):
                return False
        service = product.group is _SERVICE
        for sku in product.skus:  # noqa: SIM110 (as above)
            if not is_usual_sku(sku, service):
                return False
        return True

    def _plain_place(self, place: Address) -> bool:
        return place.commune in self._communes and place.old_commune is None

    def _plain_image(self, image: str) -> bool:
        plain = self._images.get(image)
        if plain is None:
            plain = self._images[image] = not image_findings(image, self._root, self._decode)
        return plain
