"""Putting listings on and off sale on Shopee's item-level switch.

``unlist_item`` hides or shows a whole item; local shops have no per-model switch
(``update_model.model_status`` is "only CNSC and KRSC sellers"). So a SKU that is a model:
    off sale   its model is deleted while other models of the item stay on sale (its price and
               stock live in the catalogue; a later return re-creates it, found by its SKU);
               the last model on sale unlists the item instead
    on sale    the item is shown again (``unlist: false``)
ocop never deletes an item: its page, ratings and sales history are the item's, and they stay.
"""

from __future__ import annotations

from dataclasses import replace

from ocop.connector import ListingStatus, RemoteListing
from ocop.errors import Conflict, ConnectorError, NotFound, PermanentError
from ocop_shopee.client import ShopeeClient
from ocop_shopee.errors import NAME, ItemBlocked
from ocop_shopee.listings import RemoteId
from ocop_shopee.models import Nothing, UnlistResult
from ocop_shopee.reader import Reader


def unlist_failure(reason: str, remote_id: str) -> ConnectorError:
    """The error an unlist ``failed_reason`` describes."""
    text = reason.lower()
    if "banned" in text or "reviewing" in text:
        return ItemBlocked(remote_id, "banned_or_reviewing", reason)
    if "not found" in text:
        return NotFound(NAME, remote_id)
    if "promotion" in text:
        return Conflict(NAME, "in_promotion", reason, remote_id)
    return PermanentError(NAME, reason)


class Lister:
    """The writes behind ``set_listed``."""

    def __init__(self, client: ShopeeClient, reader: Reader) -> None:
        self.client = client
        self.reader = reader

    def _unlist(self, remote: RemoteId, unlist: bool) -> None:
        body = {"item_list": [{"item_id": remote.item_id, "unlist": unlist}]}
        answer = self.client.call(
            "product.unlist_item", UnlistResult, body=body, remote_id=str(remote)
        )
        for failed in answer.failure_list:
            if failed.item_id == remote.item_id:
                raise unlist_failure(failed.failed_reason, str(remote))

    def relist(self, current: RemoteListing) -> RemoteListing:
        """Show the item again (every model of it)."""
        if current.status is ListingStatus.ACTIVE:
            return current
        self._unlist(RemoteId.parse(current.remote_id), False)
        return replace(current, status=ListingStatus.ACTIVE)

    def take_off(self, current: RemoteListing, shop_id: int) -> RemoteListing:
        """Take one SKU off sale (see the module docstring)."""
        remote = RemoteId.parse(current.remote_id)
        if remote.model_id and self._others(remote):
            body = {"item_id": remote.item_id, "model_id": remote.model_id}
            self.client.call("product.delete_model", Nothing, body=body, remote_id=str(remote))
        else:
            self._unlist(remote, True)
        return replace(current, status=ListingStatus.INACTIVE)

    def _others(self, remote: RemoteId) -> bool:
        models = self.reader.models(remote.item_id).model
        if all(m.model_id != remote.model_id for m in models):
            raise NotFound(NAME, str(remote))
        return len(models) > 1
