"""Signing Shopee calls (``common_params.sign`` of every file in ``apidoc``).

    sign = hex(HMAC-SHA256(key = partner_key, message = base string))
    base string, Shop APIs:   partner_id + api path + timestamp + access_token + shop_id
    base string, Public APIs: partner_id + api path + timestamp

``timestamp`` is Unix seconds and "expires in 5 minutes", so a request is signed afresh on each
attempt. The api path is the URL path exactly as sent (``/api/v2/product/add_item``).
"""

from __future__ import annotations

import hashlib
import hmac

from ocop.credentials import Secret

TIMESTAMP_TOLERANCE_S = 300  # "Expires in 5 minutes" (common_params.timestamp)


def base_string(
    partner_id: int,
    path: str,
    timestamp: int,
    access_token: str | None = None,
    shop_id: int | None = None,
) -> str:
    """The message that is signed; a Shop call passes both ``access_token`` and ``shop_id``."""
    tail = "" if access_token is None else f"{access_token}{shop_id}"
    return f"{partner_id}{path}{timestamp}{tail}"


def sign(partner_key: Secret | str, message: str) -> str:
    """Lowercase hex HMAC-SHA256 of ``message`` with the partner key."""
    key = partner_key.reveal() if isinstance(partner_key, Secret) else partner_key
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def signed_query(
    partner_id: int,
    partner_key: Secret | str,
    path: str,
    timestamp: int,
    access_token: str | None = None,
    shop_id: int | None = None,
) -> dict[str, str]:
    """The common query parameters of one call, signature included."""
    message = base_string(partner_id, path, timestamp, access_token, shop_id)
    query = {"partner_id": str(partner_id), "timestamp": str(timestamp)}
    if access_token is not None:
        query |= {"access_token": access_token, "shop_id": str(shop_id)}
    return query | {"sign": sign(partner_key, message)}


def fresh(timestamp: int, now: float, tolerance: int = TIMESTAMP_TOLERANCE_S) -> bool:
    """True while a request's timestamp is within the documented five minutes of ``now``."""
    return abs(now - timestamp) <= tolerance
