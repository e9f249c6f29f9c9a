"""Products and their SKUs: references, sub-groups, images, shipping."""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ocop.i18n import _, current_language
from ocop.model import SERVICE_UNITS, SUBGROUPS, Product, ProductGroup, Sku
from ocop.problem import Path as DataPath
from ocop.problem import Problem, Severity
from ocop.rules.certificates import check_certifications, lone_decision_is_plain
from ocop.rules.context import CatalogIndexes, Context
from ocop.rules.found import error, warning
from ocop.rules.identity import check_gtin
from ocop.rules.places import check_address

_SERVICE = ProductGroup.DICH_VU_DU_LICH  # enum member lookups cost at 20,000 products
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}
MIN_MARKETPLACE_PRICE = 1000


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
        for code, severity, message in image_findings(image, root):  # cached per file
            yield Problem((*path, "images", n), message.format(image=image), severity, code)
    yield from check_skus(product, path, idx)


def check_image(image: str, path: DataPath, root: Path) -> Iterator[Problem]:
    """Images are JPEG/PNG files inside the catalogue's folder."""
    for code, severity, message in image_findings(image, str(root)):
        yield Problem(path, message.format(image=image), severity, code)


@functools.lru_cache(maxsize=65536)
def image_findings(image: str, root: str) -> tuple[tuple[str, Severity, str], ...]:
    """What is wrong with one image path, as (code, severity, message template) triples."""
    # One lstat per distinct image: a national catalogue has tens of thousands of them, and
    # Path.resolve() on each would cost more than parsing the whole file.
    if "://" in image:
        return (
            (
                "image",
                Severity.ERROR,
                _("images are files next to catalog.yaml (e.g. images/che.jpg), not web addresses"),
            ),
        )
    inside = os.path.abspath(root)  # "catalog.yaml" given bare has root "."
    target = os.path.normpath(os.path.join(inside, image))
    if os.path.isabs(image) or not target.startswith(inside + os.sep):
        return (("image", Severity.ERROR, _("image {image} is outside the catalogue's folder")),)
    if os.path.splitext(target)[1].lower() not in IMAGE_SUFFIXES:
        return (("image", Severity.ERROR, _("image {image} must be a .jpg or .png file")),)
    try:
        info = os.lstat(target)
    except OSError:
        return (("image", Severity.ERROR, _("image file {image} does not exist")),)
    if stat.S_ISLNK(info.st_mode):
        real = os.path.realpath(target)
        if not real.startswith(os.path.realpath(inside) + os.sep):
            return (
                ("image", Severity.ERROR, _("image {image} is outside the catalogue's folder")),
            )
        info = os.stat(real)
    if not stat.S_ISREG(info.st_mode):
        return (("image", Severity.ERROR, _("image file {image} does not exist")),)
    return _size_findings(info.st_size)


@functools.cache
def image_limits() -> tuple[tuple[int, str], ...]:
    """(largest image in bytes, display name) of every installed marketplace, smallest first."""
    from ocop.registry import marketplaces  # only once per run, and only where images are

    language = current_language()
    return tuple(
        sorted(
            (m.capabilities.max_image_bytes, m.label.text(language))
            for m in marketplaces().values()
        )
    )


def _size_findings(size: int) -> tuple[tuple[str, Severity, str], ...]:
    refusing = [(limit, name) for limit, name in image_limits() if size > limit]
    if not refusing:
        return ()
    message = _(
        "image {{image}} is {size} MB, larger than {marketplaces} take(s) ({limit} MB at most): "
        "it is left out of the listing there"
    ).format(
        size=_megabytes(size),
        marketplaces=", ".join(name for _limit, name in refusing),
        limit=_megabytes(refusing[0][0]),
    )
    return (("image_size", Severity.WARNING, message),)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def forget_images() -> None:
    """Drop what is known about image files: they may have changed since the last check."""
    image_findings.cache_clear()
    image_limits.cache_clear()


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
        and sku.price >= MIN_MARKETPLACE_PRICE
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
