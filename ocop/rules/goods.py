"""Products and their SKUs: references, sub-groups, images, shipping."""

from __future__ import annotations

from collections.abc import Iterator

from ocop.i18n import _
from ocop.model import SERVICE_UNITS, SUBGROUPS, Product, ProductGroup, Sku
from ocop.problem import Path as DataPath
from ocop.problem import Problem
from ocop.rules.certificates import check_certifications, lone_decision_is_plain
from ocop.rules.context import CatalogIndexes, Context
from ocop.rules.found import error, warning
from ocop.rules.identity import check_gtin
from ocop.rules.images import image_findings
from ocop.rules.places import check_address
from ocop.values import shown_number

_SERVICE = ProductGroup.DICH_VU_DU_LICH  # enum member lookups cost at 20,000 products
MIN_MARKETPLACE_PRICE = 1000
# Above this a price is most likely a slip (an extra 0, a price per tonne): a warning, not an
# error, since a rare ginseng or a set of gifts may cost it. ocop.values.MAX_PRICE refuses.
SUSPICIOUS_PRICE = 50_000_000


def check_product(
    producer_ids: frozenset[str],
    product: Product,
    path: DataPath,
    ctx: Context,
    idx: CatalogIndexes,
) -> Iterator[Problem]:
    """Every rule about one product and its SKUs."""
    if product.producer not in producer_ids:
        yield error(
            (*path, "producer"),
            _("no producer has the id {id!r}; add it under producers: or fix the id").format(
                id=product.producer
            ),
            "reference",
        )
    if product.subgroup is not None and product.subgroup not in SUBGROUPS[product.group]:
        yield error(
            (*path, "subgroup"),
            _("sub-group {sub!r} is not in group {group}; choose one of: {choices}").format(
                sub=product.subgroup,
                group=product.group.value,
                choices=", ".join(SUBGROUPS[product.group]),
            ),
            "subgroup",
        )
    if product.locality is not None:
        yield from check_address(product.locality, (*path, "locality"))
    certs = product.certifications
    if len(certs) != 1 or not lone_decision_is_plain(certs[0], ctx.as_of):
        yield from check_certifications(product, path, ctx.as_of, idx)
    if product.gtin is not None:
        yield from check_gtin(product.gtin, (*path, "gtin"))
    root = str(ctx.root)
    for n, image in enumerate(product.images):
        for code, severity, message in image_findings(image, root, ctx.decode_pictures):
            yield Problem((*path, "images", n), message, severity, code)
    yield from check_skus(product, path, idx)


def check_skus(product: Product, path: DataPath, idx: CatalogIndexes) -> Iterator[Problem]:
    """Goods are shipped and weighed; tourism services are not."""
    positions = idx.positions(path, "skus")
    service = product.group is _SERVICE
    for n, sku in enumerate(product.skus):
        if is_usual_sku(sku, service):
            continue  # nothing to say, no path to build
        here = (*path, "skus", positions[n] if positions else n)
        yield from _sku_problems(sku, here, service, sku.unit in SERVICE_UNITS)


def is_usual_sku(sku: Sku, service: bool) -> bool:
    """True when ``check_skus`` has nothing to say about this SKU of a (service) product."""
    return (
        (sku.unit in SERVICE_UNITS) is service
        and (sku.shipping_weight_g is None) is service
        and (sku.list_price is None or sku.list_price >= sku.price)
        and MIN_MARKETPLACE_PRICE <= sku.price <= SUSPICIOUS_PRICE
        and (sku.list_price is None or sku.list_price <= SUSPICIOUS_PRICE)
    )


def _sku_problems(
    sku: Sku, here: DataPath, service: bool, unit_is_service: bool
) -> Iterator[Problem]:
    if service:
        if not unit_is_service or sku.shipping_weight_g is not None:
            yield error(
                here,
                _(
                    "community tourism is a service, not shippable goods: use unit suat or ve "
                    "and no shipping weight"
                ),
                "service",
            )
    elif unit_is_service:
        yield error(
            (*here, "unit"),
            _("suat and ve are for tourism services; goods need a packaging unit"),
            "service",
        )
    elif sku.shipping_weight_g is None:
        yield error(
            (*here, "shipping_weight_g"),
            _("goods need a shipping weight in grams for the carrier"),
            "weight",
        )
    if sku.list_price is not None and sku.list_price < sku.price:
        yield error(
            (*here, "list_price"),
            _("the original price (list_price) cannot be lower than the price"),
            "list_price",
        )
    if sku.price < MIN_MARKETPLACE_PRICE:
        yield warning(
            (*here, "price"),
            _("{price} đồng is below 1.000 đồng: marketplaces refuse it; is a 000 missing?").format(
                price=sku.price
            ),
            "price_low",
        )
    for field, price in (("price", sku.price), ("list_price", sku.list_price)):
        if price is not None and price > SUSPICIOUS_PRICE:
            yield warning(
                (*here, field),
                _(
                    "{price} đồng is more than {limit} đồng, unusual for an OCOP product: check "
                    "that no 0 is too many"
                ).format(price=shown_number(price), limit=shown_number(SUSPICIOUS_PRICE)),
                "price_high",
            )
