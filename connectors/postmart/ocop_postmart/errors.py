"""Postmart's own refusals, as classes the engine understands through their ``ocop.errors`` bases."""

from __future__ import annotations

from ocop import errors
from ocop.i18n import _

NAME = "postmart"


class TokenExpired(errors.AuthenticationError):
    """Code 40101: the access token is unknown, expired or revoked; fetch a new one once."""

    def __init__(self) -> None:
        super().__init__(NAME, _("access token expired"))


class ListingSuspended(errors.ListingBlocked):
    """Code 40900: Postmart suspended the listing; the seller cannot change it."""

    def __init__(self, listing_id: str | None) -> None:
        super().__init__(NAME, listing_id, _("listing {id} is suspended").format(id=listing_id))


class PriceChangeTooLarge(errors.PriceChangeTooLarge):
    """Code 40010: a batch offer may move a price by at most 50 %; a full update (reviewed)
    may move it further."""

    def __init__(self, listing_id: str | None) -> None:
        super().__init__(
            NAME,
            listing_id,
            _("price change of more than 50 % refused for {id}").format(id=listing_id),
        )
