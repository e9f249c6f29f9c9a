"""``ocop verify --discover``: listings a shop page shows that the state store does not know.

Made by hand in the seller centre, or a duplicate (a marketplace may accept a second listing
with the same SKU). The shop page is the user's (``--shop``) or the marketplace package's rule
(``Storefront.shop_url``); the ``<marketplace>-shop`` spider walks it in a child process.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ocop.credentials import Credentials
from ocop.drift import same_text
from ocop.errors import OcopError
from ocop.i18n import _
from ocop.registry import marketplace as marketplace_descriptor
from ocop.state import ListingRecord
from ocop.verify import run_spider


class NoShopPage(OcopError):
    """``--discover`` has no shop page for a marketplace: none given and no rule for one, or
    its package describes no shop pages its spiders can read (``readable`` False)."""

    def __init__(self, marketplace: str, *, readable: bool = True) -> None:
        self.marketplace = marketplace
        self.readable = readable
        message = (
            _("{marketplace}: no shop page to discover from (use --shop)")
            if readable
            else _(
                "{marketplace}: its shop pages cannot be read by the spiders; `ocop plan` lists "
                "the listings that match no catalogue SKU, and `ocop link` adopts those whose "
                "SKU the catalogue has"
            )
        )
        super().__init__(message.format(marketplace=marketplace))


@dataclass(frozen=True)
class ShopListing:
    """A listing a shop page shows that the state store does not know."""

    marketplace: str
    remote_id: str
    url: str
    title: str | None
    price: int | None
    duplicate_of: str | None  # a known SKU whose title it repeats


def default_shop_url(marketplace: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The shop page ``--discover`` crawls when none is given: the marketplace package's rule
    (from a shop id in the credentials, say), or None when it has none."""
    env = os.environ if environ is None else environ
    found = marketplace_descriptor(marketplace)
    rule = found.storefront.shop_url
    if rule is None:
        return None
    return rule(found.config(env).storefront_url, Credentials(marketplace, env))


def discover(
    marketplace: str,
    shop_url: str,
    records: Sequence[ListingRecord],
    *,
    polite: bool = True,
    settings: dict[str, str] | None = None,
) -> list[ShopListing]:
    """Listings a shop page shows that the state store does not know (hand-made, duplicates)."""
    known_ids = {_id_number(r.remote_id) for r in records if r.remote_id}
    titles = {same_text(r.title).lower(): r.sku for r in records if r.title}
    unknown: dict[str, ShopListing] = {}
    items = run_spider(f"{marketplace}-shop", {"shop": shop_url}, polite=polite, settings=settings)
    for item in items:
        number = _id_number(str(item.get("remote_id", "")))
        if number is None or number in known_ids or item["url"] in unknown:
            continue
        title = item.get("title")
        twin = titles.get(same_text(title).lower()) if title else None
        unknown[item["url"]] = ShopListing(
            marketplace, str(item["remote_id"]), item["url"], title, item.get("price"), twin
        )
    return list(unknown.values())


def _id_number(remote_id: str | None) -> int | None:
    """Listing ids compared as numbers: an id such as ``PM-000123`` is ``123`` in its URLs."""
    digits = "".join(ch for ch in remote_id or "" if ch.isdigit())
    return int(digits) if digits else None
