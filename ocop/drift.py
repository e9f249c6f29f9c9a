"""Drift: where a marketplace differs from what the catalogue wants, computed once.

``ocop verify`` prints these items, ``ocop report`` lists them and counts them by kind and
marketplace: the three can never disagree. Each listing is judged first (``ocop.verdict``:
on sale, taken down or not verified, from its last trustworthy observation within the window),
then compared with what the catalogue wants of its SKU on the report's day:

    taken_down       ocop's state says it is on sale; the marketplace shows it taken down
    unverified       ocop's state says it is on sale; no trustworthy observation confirms it
    still_live       on sale, though ocop's state says it is not, or the catalogue dropped it
    out_of_stock     on sale with no stock, while the catalogue has stock for the SKU
    price            on sale at another price than the catalogue's (its override included)
    stars            the page shows other OCOP stars than the badge the marketplace should
                     show (none where the certificate expired)
    title            the title shown differs from the override title, else the one pushed
    expired_live     on sale (or claimed on sale, unverified) without a valid certificate on a
                     marketplace whose policy is to delist such products
    unknown_product  ocop's state says it is on sale; the catalogue no longer has the SKU

Values stay values (prices as integers, stars as numbers, statuses as their codes); each
output writes them in its reader's words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from ocop import certification
from ocop.mapping import stars_shown
from ocop.model import Catalog, Certification
from ocop.observation import PageStatus
from ocop.registry import capabilities_of
from ocop.selection import Offer, offers
from ocop.verdict import Judgement, Verdict

Value = int | str | None
ACTIVE = "active"  # the state of a listing ocop believes is on sale


class ListingLike(Protocol):
    """What drift and the report read of a state-store listing (``ocop.state.ListingRecord``)."""

    @property
    def marketplace(self) -> str: ...
    @property
    def sku(self) -> str: ...
    @property
    def product_id(self) -> str: ...
    @property
    def remote_id(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def state(self) -> str: ...
    @property
    def price(self) -> int | None: ...
    @property
    def title(self) -> str | None: ...


class DriftKind(StrEnum):
    """How a listing differs from what the catalogue wants (module docstring)."""

    TAKEN_DOWN = "taken_down"
    UNVERIFIED = "unverified"
    STILL_LIVE = "still_live"
    OUT_OF_STOCK = "out_of_stock"
    PRICE = "price"
    STARS = "stars"
    TITLE = "title"
    EXPIRED_LIVE = "expired_live"
    UNKNOWN_PRODUCT = "unknown_product"


# not frozen (nothing changes them once made): a frozen dataclass sets each field through
# object.__setattr__, six times the cost, and a national report makes ~100,000 of these
@dataclass(slots=True)
class Drift:
    """One difference between a marketplace and the catalogue."""

    kind: DriftKind
    marketplace: str
    sku: str
    product_id: str | None
    expected: Value  # what the catalogue (or ocop's state) wants
    observed: Value  # what the marketplace shows (a status code, a price, stars, a title)
    url: str | None
    province: str = ""  # the catalogue's scope, in a national report only


@dataclass(slots=True)  # not frozen: as Drift
class Wanted:
    """What the catalogue wants of one of its SKUs on one marketplace on a given day."""

    product_id: str
    offer: Offer | None  # None: the catalogue does not put this SKU on this marketplace
    valid: bool  # its product has a certificate valid that day
    badge: int | None  # the OCOP stars its page should show
    delist_expired: bool  # the marketplace's policy for an expired certificate is "delist"


class WantedOn(Mapping[str, Wanted]):
    """SKU → ``Wanted`` on one marketplace, for every catalogue SKU (``wanted_on``): those
    offered there worked out at once, the others on first ask, one value a product (a
    listing of a SKU not offered is rare; a national catalogue has 120,000 that are not)."""

    def __init__(
        self,
        offered: dict[str, Wanted],
        product_of: Mapping[str, str],
        absent: Callable[[str], Wanted],
    ) -> None:
        self._offered, self._product_of, self._absent = offered, product_of, absent
        self._absent_of: dict[str, Wanted] = {}

    def __getitem__(self, sku: str) -> Wanted:
        want = self._offered.get(sku)
        if want is not None:
            return want
        product = self._product_of[sku]  # KeyError: not a catalogue SKU
        if product not in self._absent_of:
            self._absent_of[product] = self._absent(product)
        return self._absent_of[product]

    def get(self, sku: str, default: Any = None) -> Any:  # the hot path: no KeyError raised
        want = self._offered.get(sku)
        return want if want is not None or sku not in self._product_of else self[sku]

    def __iter__(self) -> Iterator[str]:
        return iter(self._product_of)

    def __len__(self) -> int:
        return len(self._product_of)


def wanted_on(
    catalog: Catalog,
    marketplace: str,
    as_of: date,
    certificates: Mapping[str, Certification | None] | None = None,
) -> WantedOn:
    """Every catalogue SKU's ``Wanted`` on ``marketplace`` (SKUs not offered there included).

    ``certificates`` (product id → its certificate valid on ``as_of``, or None) saves working
    them out again for each marketplace."""
    settings = catalog.marketplaces.get(marketplace)
    delist = settings is None or settings.on_expired_certificate == "delist"
    capabilities = capabilities_of(marketplace)  # entry points are slow to scan: once
    if certificates is None:
        certificates = {p.id: certification.current(p, as_of) for p in catalog.products}
    offered = {}
    product, valid, badge = None, False, None
    for offer in offers(catalog, marketplace):  # in catalogue order: a product's SKUs together
        if offer.product is not product:
            product = offer.product
            cert = certificates[product.id]
            valid, badge = cert is not None, stars_shown(cert, capabilities)
        offered[offer.sku.sku] = Wanted(product.id, offer, valid, badge, delist)
    product_of = {sku.sku: p.id for p in catalog.products for sku in p.skus}

    def absent(product: str) -> Wanted:  # not offered there
        return Wanted(product, None, certificates[product] is not None, None, delist)

    return WantedOn(offered, product_of, absent)


def drift_of(
    listings: Iterable[ListingLike],
    judgements: Mapping[tuple[str, str], Judgement],
    wanted: Mapping[str, Mapping[str, Wanted]],
) -> list[Drift]:
    """Every difference, listing by listing; ``wanted`` maps marketplace → SKU → ``Wanted``."""
    found: list[Drift] = []
    nothing: Mapping[str, Wanted] = {}
    for listing in listings:
        judgement = judgements[(listing.marketplace, listing.sku)]
        want = wanted.get(listing.marketplace, nothing).get(listing.sku)
        found += listing_drift(listing, judgement, want)
    return found


def listing_drift(listing: ListingLike, judgement: Judgement, want: Wanted | None) -> list[Drift]:
    """How one listing differs from what the catalogue wants (``want`` None: not in it)."""
    claimed = listing.state == ACTIVE
    verdict, seen = judgement.verdict, judgement.counted
    shown: Value = str(seen.status) if seen else None  # a StrEnum's value (.value: a call)
    about = (listing, judgement, want)  # what each item says of the listing (``_item``)
    on_sale = verdict is Verdict.ON_SALE
    if want is None:
        if claimed:
            return [_item(about, DriftKind.UNKNOWN_PRODUCT, None, listing.product_id)]
        return [_item(about, DriftKind.STILL_LIVE, listing.state, shown)] if on_sale else []
    found = []
    unconfirmed = claimed and verdict is Verdict.UNVERIFIED
    if not want.valid and want.delist_expired and (on_sale or unconfirmed):
        found.append(_item(about, DriftKind.EXPIRED_LIVE, None, shown or listing.state))
    if verdict is Verdict.UNVERIFIED:
        reason = str(judgement.reason) if judgement.reason else None
        return found + ([_item(about, DriftKind.UNVERIFIED, ACTIVE, reason)] if claimed else [])
    if verdict is Verdict.TAKEN_DOWN:
        if claimed and want.offer is not None and seen is not None:
            found.append(_item(about, DriftKind.TAKEN_DOWN, ACTIVE, seen.why))
        return found
    if found:  # on sale where it must not be: its price or title do not matter
        return found
    if not claimed or want.offer is None:
        return [_item(about, DriftKind.STILL_LIVE, listing.state, shown)]
    return _facts(about, want.offer, want.badge)


About = tuple[ListingLike, Judgement, Wanted | None]


def _item(about: About, kind: DriftKind, expected: Value, observed: Value) -> Drift:
    """A drift item about a listing: its product, and the page its verdict rests on (found
    here, when an item is made: most listings have none)."""
    listing, judgement, want = about
    seen = judgement.counted or judgement.latest
    url = (seen.url if seen else None) or listing.url
    product = want.product_id if want else None
    return Drift(kind, listing.marketplace, listing.sku, product, expected, observed, url)


def _facts(about: About, offer: Offer, badge: int | None) -> list[Drift]:
    """What an on-sale page shows that the catalogue does not want: stock, price, stars, title."""
    listing, judgement, _want = about
    seen = judgement.counted
    assert seen is not None  # on sale: a trustworthy observation
    found = []
    if seen.status is PageStatus.OUT_OF_STOCK and offer.sku.stock:  # judgement.out_of_stock
        found.append(_item(about, DriftKind.OUT_OF_STOCK, offer.sku.stock, 0))
    if seen.price != offer.price:
        found.append(_item(about, DriftKind.PRICE, offer.price, seen.price))
    if seen.stars != badge:
        found.append(_item(about, DriftKind.STARS, badge, seen.stars))
    title = offer.title or listing.title
    if title and same_text(title) != same_text(seen.title or ""):
        found.append(_item(about, DriftKind.TITLE, title, seen.title))
    return found


def same_text(text: str) -> str:
    """``text`` compared as a reader sees it: NFC, runs of spaces as one."""
    return " ".join(unicodedata.normalize("NFC", text).split())
