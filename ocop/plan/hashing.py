"""The hashes a plan compares: content by its named fields, the offer by price and stock.

The content hash is the SHA-256 of a canonical JSON document of the draft's named fields
(keys sorted, no spaces, UTF-8), images by their bytes' SHA-256, fields without a value left
out, prefixed with its version (``c2:``). Adding a field to drafts therefore changes no hash
until a SKU gives that field a value, and a listing is never pushed again because ocop
learned a new field.

States written by ocop before this version hold version-1 hashes (``repr`` of a tuple of the
same fields, by position): ``legacy_content_hash`` still computes them, so an upgraded ocop
recognises unchanged content and plans no write; a push then stores the new hash in their
place without sending anything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from ocop.connector import ListingDraft, OcopClaim

PREFIX = "c2:"  # the current version's mark; version 1 hashes are 32 bare hex digits


def content_document(draft: ListingDraft, image_hashes: Sequence[str]) -> dict[str, Any]:
    """Every field a content update sends, by name, the way the hash sees them."""
    claim = draft.ocop
    document: dict[str, Any] = {
        "title": draft.title,
        "description": draft.description,
        "category": draft.category,
        "list_price": draft.list_price,
        "unit": draft.unit,
        "net_weight_g": draft.net_weight_g,
        "shipping_weight_g": draft.shipping_weight_g,
        "images": list(image_hashes),
        "ocop": None
        if claim is None
        else {
            "stars": claim.stars,
            "certificate_no": claim.certificate_no,
            "valid_until": claim.valid_until.isoformat(),
        },
        "origin": draft.origin,
    }
    return {name: value for name, value in document.items() if value is not None}


def content_hash(draft: ListingDraft, image_hashes: Sequence[str]) -> str:
    """The versioned hash of ``content_document``."""
    text = json.dumps(
        content_document(draft, image_hashes),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class _Verbatim(str):
    """Text whose ``repr`` is itself (to rebuild a dataclass's ``repr`` exactly)."""

    def __repr__(self) -> str:
        return str(self)


def _claim_v1(claim: OcopClaim | None) -> _Verbatim | None:
    if claim is None:
        return None
    return _Verbatim(
        f"OcopClaim(stars={claim.stars!r}, certificate_no={claim.certificate_no!r}, "
        f"valid_until={claim.valid_until!r})"
    )


def legacy_content_hash(draft: ListingDraft, image_hashes: Sequence[str]) -> str:
    """The version-1 hash (ocop ≤ 0.2): ``repr`` of the fields by position. Frozen: never
    change it, or states written then are pushed again in full."""
    parts = (
        draft.title,
        draft.description,
        draft.category,
        draft.list_price,
        draft.unit,
        draft.net_weight_g,
        draft.shipping_weight_g,
        tuple(image_hashes),
        _claim_v1(draft.ocop),
        draft.origin,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def is_current(stored: str | None) -> bool:
    """Whether a stored hash is of this version (else a version-1 one, or none)."""
    return stored is not None and stored.startswith(PREFIX)


def offer_hash(price: int, stock: int) -> str:
    """The hash of the offer part of a listing."""
    return f"{price}:{stock}"
