"""What each marketplace will refuse or cut, judged by its connector's ``Capabilities``.

Only run when the caller gives a way to find capabilities (``Context.limits``): looking up the
installed connectors imports them and their HTTP stack, about 70 ms, which ``ocop validate``
pays and the load of every other command does not. The marketplace names are the catalogue's
own keys under ``marketplaces:``; nothing here names one.

    pictures   format, bytes and sides of each picture of each listed product (Picture facts
               from ocop.rules.images, read once per file)
    count      more pictures than the marketplace shows: only the first ones go there
"""

from __future__ import annotations

from collections.abc import Iterator

from ocop.connector import Capabilities
from ocop.i18n import _
from ocop.model import Catalog
from ocop.problem import Problem, Severity
from ocop.rules.context import CatalogIndexes, Context
from ocop.rules.images import marketplace_findings, picture_of
from ocop.rules.marketplaces import Listable
from ocop.selection import Selector


def check_limits(catalog: Catalog, idx: CatalogIndexes, ctx: Context) -> Iterator[Problem]:
    """Problems with what each enabled marketplace of the catalogue would be sent."""
    if ctx.limits is None or not catalog.marketplaces:
        return
    listable = Listable.of(catalog, idx)
    root = str(ctx.root)
    for market, settings in catalog.marketplaces.items():
        limits = ctx.limits(market)
        if limits is None or not settings.enabled:
            continue
        selector = Selector.of(settings)
        for pos, product in listable.products:
            if any(selector.selects(product, sku) for sku in product.skus):
                yield from _pictures(
                    product.images, ("products", pos), market, limits, root, ctx.decode_pictures
                )


def _pictures(
    images: list[str],
    base: tuple[str, int],
    market: str,
    limits: Capabilities,
    root: str,
    decode: bool,
) -> Iterator[Problem]:
    for n, image in enumerate(images[: limits.max_images]):
        picture = picture_of(image, root, decode)  # None: an error of the catalogue itself
        if picture is None:
            continue
        for code, severity, message in marketplace_findings(image, picture, market, limits):
            yield Problem((*base, "images", n), message, severity, code)
    if len(images) > limits.max_images:
        yield Problem(
            (*base, "images", limits.max_images),
            _(
                "{market} shows at most {limit} pictures: only the first {limit} of {count} "
                "go there"
            ).format(market=market, limit=limits.max_images, count=len(images)),
            Severity.NOTICE,
            "image_count",
        )
