"""Seeing a listing through the seller API where its public page cannot be read.

Some storefronts cannot always be read by a crawler: a page rendered in the browser shows a
crawler an empty shell, an anti-bot wall answers 403. A marketplace package that says so
(``Storefront.read_back``) gets each listing whose page was blocked or showed no product
looked up with its connector's ``get`` instead, and the observation says where it comes from
(``Observation.source``: ``seller_api``), with what the page said in ``detail``:

    on sale, with stock         live
    on sale, no stock           out of stock
    hidden by the seller        delisted
    banned by the marketplace   banned
    gone (``NotFound``)         removed
    the API fails too           the page's own observation stays (blocked or error)

The API's answer for the listing's id is a trustworthy observation of that listing, counted
exactly like a page that showed it (``ocop.verdict``); a failed call is not, and never displaces
an earlier trustworthy observation. A page that could be read is never second-guessed: what
buyers see wins over what the seller API says.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from ocop.connector import Connector, ListingStatus, RemoteListing
from ocop.errors import ConnectorError, NotFound, OcopError
from ocop.i18n import _
from ocop.observation import ON_SALE, UNTRUSTWORTHY, Observation, ObservationSource, PageStatus


def unread(observations: Sequence[Observation]) -> list[Observation]:
    """The observations whose page could not be read, for listings with a known id."""
    return [o for o in observations if o.status in UNTRUSTWORTHY and o.remote_id]


def _status(listing: RemoteListing) -> PageStatus:
    if listing.status is ListingStatus.BLOCKED:
        return PageStatus.BANNED
    if listing.status is not ListingStatus.ACTIVE:
        return PageStatus.DELISTED
    return PageStatus.LIVE if listing.stock > 0 else PageStatus.OUT_OF_STOCK


def _why(page: Observation) -> str:
    said = page.status.value + (f" (HTTP {page.http_status})" if page.http_status else "")
    return f"page {said}: {page.detail}" if page.detail else f"page {said}"


def read_back_one(connector: Connector, page: Observation) -> Observation:
    """What the seller API says about the listing ``page`` could not show."""
    seen = {
        "source": ObservationSource.SELLER_API,
        "observed_at": datetime.now(UTC),
        "detail": _why(page),
        "http_status": None,
        "final_url": None,
    }
    try:
        listing = connector.get(page.remote_id or "")
    except NotFound:
        return page.model_copy(update={**seen, "status": PageStatus.REMOVED})
    except ConnectorError as exc:
        note = _("the seller API could not be asked: {error}").format(error=exc)
        return page.model_copy(update={"detail": f"{_why(page)}; {note}"})
    status = _status(listing)
    shown = status in ON_SALE
    return page.model_copy(
        update={
            **seen,
            "status": status,
            "price": listing.price if shown else None,
            "list_price": listing.list_price if shown else None,
            "stars": listing.ocop_stars if shown else None,
            "title": listing.title if shown else None,
        }
    )


def read_back(connector: Connector, observations: Sequence[Observation]) -> list[Observation]:
    """``observations`` with every unread page replaced by the seller API's read-back."""
    replaced = {id(o): read_back_one(connector, o) for o in unread(observations)}
    return [replaced.get(id(o), o) for o in observations]


def read_back_unread(marketplace: str, observations: list[Observation]) -> list[Observation]:
    """The unread pages of ``marketplace``, read back when its package asks for it
    (``Storefront.read_back``); a connector that cannot be opened leaves them unread, saying
    why."""
    from ocop.registry import marketplaces

    found = marketplaces().get(marketplace)
    if found is None or not found.storefront.read_back or not unread(observations):
        return observations
    try:
        connector = found.open()
    except OcopError as exc:
        note = _("the seller API could not be asked: {error}").format(error=exc)
        return [
            o.model_copy(update={"detail": f"{o.detail}; {note}" if o.detail else note})
            if o.status in UNTRUSTWORTHY and o.remote_id
            else o
            for o in observations
        ]
    try:
        return read_back(connector, observations)
    finally:
        connector.close()
