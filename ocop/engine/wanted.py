"""What the catalogue wants on one marketplace: drafts with their hashes, and what must go.

Drafts come from the pure mapping step (``ocop.mapping.draft_for``); images are hashed by
their bytes so that replacing a photo under the same name is a content change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ocop.connector import Capabilities, ListingDraft
from ocop.i18n import _
from ocop.mapping import Skip, draft_for
from ocop.model import Catalog
from ocop.plan import Wanted, content_hash
from ocop.selection import offers


@dataclass
class WantedSet:
    """The catalogue's side of one marketplace's plan."""

    wanted: list[Wanted] = field(default_factory=list)
    unwanted: dict[str, str] = field(default_factory=dict)  # sku → why it must go off sale
    held: dict[str, str] = field(default_factory=dict)  # sku → why it cannot be sent now


class ImageHashes:
    """sha256 of image files, read once per run however many SKUs share them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._known: dict[str, tuple[str, int]] = {}  # image → (sha256, size in bytes)

    def path(self, image: str) -> Path:
        return self.root / image

    def _read(self, image: str) -> tuple[str, int]:
        if image not in self._known:
            data = self.path(image).read_bytes()
            self._known[image] = (hashlib.sha256(data).hexdigest(), len(data))
        return self._known[image]

    def of(self, image: str) -> str:
        """The hex sha256 of one image file (``OSError`` when it cannot be read)."""
        return self._read(image)[0]

    def size(self, image: str) -> int:
        """The size of one image file in bytes (``OSError`` when it cannot be read)."""
        return self._read(image)[1]


def wanted_for(
    catalog: Catalog,
    marketplace: str,
    capabilities: Capabilities,
    as_of: date,
    hashes: ImageHashes,
    categories: Mapping[int | str, bool] | None = None,
) -> WantedSet:
    """Every SKU of the catalogue sorted into wanted / to delist / held on ``marketplace``."""
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
            outcome = _within_image_limit(outcome, capabilities.max_image_bytes, hashes)
        _sort(result, offer.product.id, outcome, hashes)
    return result


def _within_image_limit(
    draft: ListingDraft, limit: int, hashes: ImageHashes
) -> ListingDraft | Skip:
    """The draft without the images the marketplace would refuse as too large (``ocop
    validate`` warns about each); skipped when none is left."""
    try:
        kept = tuple(image for image in draft.images if hashes.size(image) <= limit)
    except OSError:
        return draft  # reported as unreadable when the draft is sorted
    if not kept:
        return Skip(
            draft.sku,
            _("every image is larger than the marketplace takes ({limit} bytes)").format(
                limit=limit
            ),
        )
    return draft if kept == draft.images else replace(draft, images=kept)


def _sort(
    result: WantedSet, product_id: str, outcome: ListingDraft | Skip, hashes: ImageHashes
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
    result.wanted.append(
        Wanted(
            outcome.sku,
            product_id,
            outcome,
            content_hash(outcome, image_hashes),
            outcome.ocop.stars if outcome.ocop else None,
        )
    )
