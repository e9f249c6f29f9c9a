"""What the catalogue wants on one marketplace: drafts with their hashes, and what must go.

Drafts come from the pure mapping step (``ocop.mapping.draft_for``); images are hashed by
their bytes so that replacing a photo under the same name is a content change, and a picture
the marketplace would refuse (``Capabilities`` image fields) is left out of its listing. (A
SKU its connector says would be refused as it is, ``ChecksDrafts``, is held back by the plan
step: ``ocop.engine.categories.refusals``.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ocop.categories.tree import CategoryTree
from ocop.connector import Capabilities, ListingDraft
from ocop.i18n import _
from ocop.mapping import Skip, draft_for
from ocop.model import Catalog
from ocop.plan import Wanted, content_hash, legacy_content_hash
from ocop.rules.images import Picture, read_picture, takes
from ocop.selection import Offer, offers


@dataclass
class WantedSet:
    """The catalogue's side of one marketplace's plan."""

    wanted: list[Wanted] = field(default_factory=list)
    unwanted: dict[str, str] = field(default_factory=dict)  # sku → why it must go off sale
    held: dict[str, str] = field(default_factory=dict)  # sku → why it cannot be sent now
    titles: dict[str, str] = field(default_factory=dict)  # sku → what to call it (held ones)

    def hold(self, sku: str, reason: str) -> None:
        """Move a wanted SKU to the held ones (a problem found after its draft was made)."""
        for item in self.wanted:
            if item.sku == sku:
                self.titles[sku] = item.draft.title
        self.wanted = [w for w in self.wanted if w.sku != sku]
        self.held[sku] = reason


class ImageHashes:
    """sha256 of image files, read once per run however many SKUs share them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._known: dict[str, str] = {}  # image → sha256
        self._pictures: dict[str, Picture | None] = {}

    def path(self, image: str) -> Path:
        return self.root / image

    def of(self, image: str) -> str:
        """The hex sha256 of one image file (``OSError`` when it cannot be read)."""
        if image not in self._known:
            self._known[image] = hashlib.sha256(self.path(image).read_bytes()).hexdigest()
        return self._known[image]

    def picture(self, image: str) -> Picture | None:
        """What the file is as a picture (its header, read once per run); None when ocop
        refuses it, which the catalogue's own check reports."""
        if image not in self._pictures:
            self._pictures[image] = read_picture(image, str(self.root))
        return self._pictures[image]


def wanted_for(
    catalog: Catalog,
    marketplace: str,
    capabilities: Capabilities,
    as_of: date,
    hashes: ImageHashes,
    categories: CategoryTree,
) -> WantedSet:
    """Every SKU of the catalogue sorted into wanted / to delist / held on ``marketplace``;
    category names are resolved on the marketplace's ``categories``."""
    result = WantedSet()
    settings = catalog.marketplaces.get(marketplace)
    selected = offers(catalog, marketplace)
    chosen = {o.sku.sku for o in selected}
    for _product, sku in catalog.skus():
        if sku.sku not in chosen:
            result.unwanted[sku.sku] = _("switched off for this marketplace")
    policy = settings.on_expired_certificate if settings else "delist"
    for offer in selected:
        producer = catalog.producer(offer.product.producer)
        outcome = draft_for(
            offer,
            capabilities,
            as_of,
            on_expired=policy,
            province=catalog.province,
            producer_name=producer.name if producer else None,
            categories=categories,
        )
        if not isinstance(outcome, Skip):
            outcome = _pictures_taken(outcome, capabilities, hashes)
        result.titles[offer.sku.sku] = offer.product.name
        _sort(result, offer, outcome, hashes, categories)
    return result


def _pictures_taken(
    draft: ListingDraft, capabilities: Capabilities, hashes: ImageHashes
) -> ListingDraft | Skip:
    """The draft without the pictures the marketplace would refuse (format, bytes or sides:
    ``ocop.rules.images.takes``, which ``ocop validate`` warns by); held when none is left."""
    kept = tuple(image for image in draft.images if _taken(image, capabilities, hashes))
    if not kept:
        return Skip(
            draft.sku,
            _(
                "the marketplace refuses every picture of it (kind, file size or pixels): "
                "ocop validate says why"
            ),
        )
    return draft if kept == draft.images else replace(draft, images=kept)


def _taken(image: str, capabilities: Capabilities, hashes: ImageHashes) -> bool:
    picture = hashes.picture(image)
    # None: not a picture ocop accepts, an error of the catalogue itself (a push refuses such a
    # catalogue; a file that cannot be read holds its SKU when sorted)
    return picture is None or takes(picture, capabilities)


def _sort(
    result: WantedSet,
    offer: Offer,
    outcome: ListingDraft | Skip,
    hashes: ImageHashes,
    categories: CategoryTree,
) -> None:
    if isinstance(outcome, Skip):
        target = result.unwanted if outcome.delist else result.held
        target[outcome.sku] = outcome.reason
        return
    try:
        image_hashes = [hashes.of(image) for image in outcome.images]
    except OSError as exc:
        result.held[outcome.sku] = _("image {path} cannot be read: {error}").format(
            path=exc.filename, error=exc.strerror
        )
        return
    category = categories.get(outcome.category)
    result.wanted.append(
        Wanted(
            outcome.sku,
            offer.product.id,
            outcome,
            content_hash(outcome, image_hashes),
            outcome.ocop.stars if outcome.ocop else None,
            _legacy(outcome, offer, image_hashes),
            categories.path(category) if category else None,
        )
    )


def _legacy(draft: ListingDraft, offer: Offer, image_hashes: list[str]) -> tuple[str, ...]:
    """The hashes ocop ≤ 0.2 may have stored for this content: with the category's id (what
    Voso and Postmart sections wrote then), or with the name the catalogue writes (Shopee's
    sections named their categories already, and its connector resolved them itself)."""
    found = [legacy_content_hash(draft, image_hashes)]
    if isinstance(offer.category, int | str) and offer.category != draft.category:
        found.append(legacy_content_hash(replace(draft, category=offer.category), image_hashes))
    return tuple(found)
