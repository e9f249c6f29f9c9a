"""Price and stock per model: ``update_price`` / ``update_stock``, grouped by item.

Each call takes one item and at most 50 models ("Length should be between 1 to 50"); model id 0
addresses an item without models. Shopee answers per model (``failure_list``), so one refused
model never hides the others' success. Both calls set absolute values: repeating one cannot
duplicate anything, so the client retries them like reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ocop.connector import OfferResult, OfferUpdate
from ocop.errors import (
    Conflict,
    ConnectorError,
    FieldIssue,
    NotFound,
    PermanentError,
    ValidationRejected,
)
from ocop_shopee.client import ShopeeClient
from ocop_shopee.errors import NAME
from ocop_shopee.listings import RemoteId
from ocop_shopee.models import ModelOutcomes

BATCH = 50
Entry = tuple[int, RemoteId, OfferUpdate]  # (position in the request, where, what)


def failure(reason: str, remote_id: str) -> ConnectorError:
    """The error a ``failed_reason`` describes."""
    text = reason.lower()
    if "model_id" in text or "not found" in text:
        return NotFound(NAME, remote_id)
    if "promotion" in text:
        return Conflict(NAME, "in_promotion", reason, remote_id)
    for word, field in (("price", "original_price"), ("stock", "seller_stock")):
        if word in text:
            return ValidationRejected(NAME, [FieldIssue(field, "out_of_range")], reason)
    return PermanentError(NAME, reason)


def _price(remote: RemoteId, update: OfferUpdate) -> dict[str, Any]:
    return {"model_id": remote.model_id, "original_price": update.price}


def _stock(remote: RemoteId, update: OfferUpdate) -> dict[str, Any]:
    return {"model_id": remote.model_id, "seller_stock": [{"stock": update.stock}]}


KINDS = (
    ("price", "product.update_price", "price_list", _price),
    ("stock", "product.update_stock", "stock_list", _stock),
)


class OfferWriter:
    """Sends offer updates and reads the per-model outcomes."""

    def __init__(self, client: ShopeeClient) -> None:
        self.client = client

    def write(self, updates: Sequence[OfferUpdate]) -> list[OfferResult]:
        """One result per update, in order."""
        errors: dict[int, ConnectorError] = {}
        groups: dict[int, list[Entry]] = {}
        for position, update in enumerate(updates):
            try:
                remote = RemoteId.parse(update.remote_id)
            except NotFound as exc:
                errors[position] = exc
                continue
            groups.setdefault(remote.item_id, []).append((position, remote, update))
        for item_id, entries in groups.items():
            for start in range(0, len(entries), BATCH):
                for kind in KINDS:
                    self._send(item_id, entries[start : start + BATCH], kind, errors)
        return [OfferResult(u.remote_id, errors.get(i)) for i, u in enumerate(updates)]

    def _send(
        self, item_id: int, entries: list[Entry], kind: Any, errors: dict[int, ConnectorError]
    ) -> None:
        field, call, key, build = kind
        wanted = [e for e in entries if getattr(e[2], field) is not None and e[0] not in errors]
        if not wanted:
            return
        body = {"item_id": item_id, key: [build(remote, update) for _p, remote, update in wanted]}
        try:
            outcome = self.client.call(call, ModelOutcomes, body=body, remote_id=str(item_id))
        except ConnectorError as exc:
            for position, remote, _u in wanted:
                errors[position] = NotFound(NAME, str(remote)) if isinstance(exc, NotFound) else exc
            return
        failed = {f.model_id: f.failed_reason for f in outcome.failure_list}
        for position, remote, _u in wanted:
            if remote.model_id in failed:
                errors[position] = failure(failed[remote.model_id], str(remote))
