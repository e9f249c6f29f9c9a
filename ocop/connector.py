"""The seam every marketplace implements, and the marketplace-neutral values that cross it.

Terminology:
    SKU        the seller SKU from catalog.yaml: the only key every marketplace shares.
    listing    what a marketplace shows for one SKU (a "product", "item" or "listing").
    remote id  the marketplace's id of a listing, as a string.
    draft      the listing ocop wants, built by the pure mapping step (``ocop.mapping``).
    offer      the price and stock part of a listing, which can change without review.

A connector raises only ``ocop.errors.ConnectorError`` subclasses. It never retries a write
whose outcome is unknown: it raises ``OutcomeUnknown`` and the sync engine reconciles by SKU.
Each marketplace's package declares an ``ocop.marketplace.Marketplace`` in the
``ocop.marketplaces`` entry-point group (``ocop.registry``), so a new marketplace is a package a
user installs; ``ocop`` never imports a connector by name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol, runtime_checkable

from ocop.errors import ConnectorError


@dataclass(frozen=True)
class Capabilities:
    """What a marketplace's API can do, as data the engine plans with.

    Every field is read by ocop (a test checks it):

        unique_sku          a second listing with the same SKU is refused (``DuplicateListing``
                            names the first), so a create whose answer was lost can be sent
                            again safely; without it, the engine never sends it twice
        moderated_create    a create returns a review request, not a listing
        moderated_update    a content change goes back to review (price/stock go apart)
        review_horizon_hours    how long a create can take to show in the shop's listing:
                            its longest review, or its indexing delay. A create whose answer
                            was lost is not sent again before then where a second listing of
                            the SKU would be taken (``ocop.plan.Policy``)
        batch_offers        most price/stock items per call; 0 = one call per listing
        rate_per_second, burst    the contract's rate limit (the client's token bucket, workers)
        max_images          images per listing (only the first ones go there)
        image_formats, image_bytes_max, image_side_min, image_side_max    what the
                            marketplace takes as a picture (None: its contract states no
                            limit); a picture it would refuse is left out of its listing and
                            ``ocop validate`` warns (``ocop.rules.images.takes``)
        title_length, description_length, price_range, stock_max, unit_length,
        shipping_weight_max, origin_length    field limits the draft is fitted to
        max_price_change    the largest share a direct price change may move the price by;
                            a larger one is planned as a (reviewed) content update
        ocop_needs_certificate_no    the badge is refused without the decision number
        html_description    the description may carry limited HTML
        shows_list_price    the marketplace shows a struck-out price ocop can send; when
                            False, drafts and the read-back carry none
    """

    unique_sku: bool
    moderated_create: bool
    moderated_update: bool
    batch_offers: int
    rate_per_second: float
    burst: int
    max_images: int
    title_length: tuple[int, int]
    description_length: tuple[int, int | None]
    price_range: tuple[int, int]
    stock_max: int
    max_price_change: float | None = None
    review_horizon_hours: float = 0.0
    ocop_needs_certificate_no: bool = False
    html_description: bool = False
    unit_length: int = 20  # characters of the unit label ("Hộp 200g")
    shipping_weight_max: int = 30_000  # grams
    origin_length: int = 50
    # What the marketplace takes as a picture; None where its contract states no limit.
    image_formats: tuple[str, ...] | None = None  # Pillow's names: "JPEG", "PNG", "WEBP"
    image_bytes_max: int | None = None  # per uploaded file
    image_side_min: int | None = None  # pixels, the shorter side
    image_side_max: int | None = None  # pixels, the longer side
    shows_list_price: bool = True  # False: no struck-out price can be sent (drafts carry none)


class ListingStatus(StrEnum):
    """A listing's state as the marketplace reports it."""

    ACTIVE = "active"  # on sale
    INACTIVE = "inactive"  # hidden / deactivated by the seller
    BLOCKED = "blocked"  # banned / suspended by the marketplace


@dataclass(frozen=True)
class OcopClaim:
    """The OCOP badge a listing may show while its certificate is valid."""

    stars: int
    certificate_no: str
    valid_until: date


@dataclass(frozen=True)
class Category:
    """One node of a marketplace's category tree, as its API gives it.

    ``name`` is the name the marketplace shows (in Vietnamese where it has one); ``aliases``
    are other names it answers to (an English original name). ``parent`` is the parent's
    id (None at the top); only a ``leaf`` takes listings. A flat list is a tree of leaves.
    """

    id: int | str
    name: str
    parent: int | str | None = None
    leaf: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProductRef:
    """The catalogue product a SKU is one packaging of, for marketplaces that list a product
    once with its SKUs as variants (Shopee: one item, one model per SKU)."""

    product_id: str  # the catalogue's product id: the SKUs' shared key
    name: str  # the product's own name (NFC), for the listing its SKUs share
    option: str  # this SKU's packaging label ("Hộp 200 g"): its variant's name
    skus: tuple[str, ...]  # every SKU of the product in the catalogue, in catalogue order
    producer: str | None = None  # who makes it (a brand candidate)


@dataclass(frozen=True)
class ListingDraft:
    """The listing ocop wants for one SKU on one marketplace (already within its limits)."""

    sku: str
    title: str
    description: str
    category: int | str
    price: int
    list_price: int | None
    stock: int
    unit: str
    net_weight_g: int | None
    shipping_weight_g: int
    images: tuple[str, ...]  # local files, relative to the catalogue's folder
    ocop: OcopClaim | None
    origin: str
    product: ProductRef | None = None  # not part of content(): the title and text carry it


@dataclass(frozen=True)
class RemoteListing:
    """A listing as the marketplace returns it."""

    remote_id: str
    sku: str
    title: str
    price: int
    stock: int
    status: ListingStatus
    url: str
    category: int | str | None = None
    list_price: int | None = None
    images: tuple[str, ...] = ()
    ocop_stars: int | None = None
    pending_changes: bool = False
    # what else the marketplace shows, where its API returns it (None: not said), so a plan
    # can say which fields a content update changes, from what to what
    description: str | None = None
    unit: str | None = None
    shipping_weight_g: int | None = None
    origin: str | None = None
    # set when the marketplace's answer for this listing could not be read beyond its id and
    # SKU: nothing else here means anything, and nothing is sent for its SKU
    problem: str | None = None


class ReviewState(StrEnum):
    """Where a moderated request stands."""

    PENDING = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class WriteResult:
    """The answer to a create or content update.

    Unmoderated marketplaces return the listing at once; moderated ones return a request id
    (and, for an update, the listing id it concerns) to poll with ``review``.
    """

    remote_id: str | None
    request_id: str | None = None
    listing: RemoteListing | None = None


@dataclass(frozen=True)
class Review:
    """A moderation request's outcome."""

    request_id: str
    state: ReviewState
    remote_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class OfferUpdate:
    """New price and/or stock for one listing."""

    remote_id: str
    price: int | None = None
    stock: int | None = None


@dataclass(frozen=True)
class OfferResult:
    """The outcome of one item of a price/stock update."""

    remote_id: str
    error: ConnectorError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Shop:
    """The seller's shop or store on the marketplace."""

    shop_id: str
    name: str
    url: str


@runtime_checkable
class Connector(Protocol):
    """A marketplace ocop can push listings to. See the module docstring for the rules."""

    @property
    def name(self) -> str:
        """The marketplace's name (its descriptor's, ``ocop.marketplace.Marketplace``)."""
        ...

    @property
    def capabilities(self) -> Capabilities:
        """What the marketplace can do, as its descriptor declares it."""
        ...

    def shop(self) -> Shop:
        """The shop the credentials act for."""
        ...

    def categories(self) -> Sequence[Category]:
        """The marketplace's whole category tree (read now; ocop resolves the catalogue's
        category names against it, ``ocop.categories``)."""
        ...

    def upload_image(self, data: bytes, filename: str) -> str:
        """Upload image bytes; returns the URL listings refer to."""
        ...

    def iter_listings(self) -> Iterator[RemoteListing]:
        """Every listing of the shop, whatever its status, page by page."""
        ...

    def find_by_sku(self, sku: str) -> list[RemoteListing]:
        """Listings with exactly this SKU (several where the marketplace allows duplicates)."""
        ...

    def get(self, remote_id: str) -> RemoteListing:
        """One listing; ``NotFound`` if it does not exist."""
        ...

    def create(self, draft: ListingDraft, image_urls: Sequence[str]) -> WriteResult:
        """Create a listing (or a review request for one)."""
        ...

    def update_content(
        self, remote_id: str, draft: ListingDraft, image_urls: Sequence[str]
    ) -> WriteResult:
        """Replace a listing's content (may go to review)."""
        ...

    def review(self, request_id: str) -> Review:
        """Poll a moderation request (moderated marketplaces only)."""
        ...

    def update_offers(self, updates: Sequence[OfferUpdate]) -> list[OfferResult]:
        """Change price/stock; at most ``capabilities.batch_offers`` items when batched."""
        ...

    def set_listed(self, remote_id: str, listed: bool) -> RemoteListing:
        """Put a listing on sale (True) or take it off sale (False), keeping its SKU.

        ocop never deletes a listing: taking it off sale keeps its history and reviews, and
        it comes back under the same id when the catalogue wants it again."""
        ...

    def close(self) -> None:
        """Release the HTTP client."""
        ...


@runtime_checkable
class ChecksDrafts(Protocol):
    """Optional: a connector that can tell, with reads only, why the marketplace would refuse a
    draft as it is (a mandatory attribute the catalogue does not give, a category that needs a
    registered brand…). The plan holds such a SKU back with the reasons instead of sending it
    to be refused at every push. It is asked only about SKUs a push would send content for."""

    def problems(self, draft: ListingDraft) -> list[str]:
        """Why the marketplace would refuse ``draft``, in the user's words; empty when it can
        be sent. Raises ``ConnectorError`` only when the reads fail."""
        ...
