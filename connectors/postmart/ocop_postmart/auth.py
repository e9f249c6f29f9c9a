"""Postmart's OAuth client-credentials token, fetched once and shared by every thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import Field

from ocop.answers import Answer, parse
from ocop.connector_kit import SellerApi
from ocop.credentials import Secret
from ocop.errors import MalformedAnswer
from ocop.i18n import _

from . import payload
from .errors import NAME

TOKEN = "POST /oauth/token"


class Token(Answer):
    """The bare OAuth answer (contract §2.1)."""

    access_token: str = Field(min_length=1)
    expires_in: int | float | None = None
    store_id: str | None = None


def read_token(status: int, body: Any) -> Token:
    """The bare OAuth answer on success; errors come in Postmart's envelope."""
    if isinstance(body, dict) and "code" in body and "access_token" not in body:
        payload.read_envelope(status, body, operation=TOKEN)  # raises the translated error
        raise MalformedAnswer(NAME, TOKEN, _("an envelope without a token"))
    return parse(Token, body, marketplace=NAME, operation=TOKEN)


class TokenSource:
    """Holds the current access token; ``refresh(stale)`` fetches a new one at most once per
    stale token, however many threads saw it expire."""

    def __init__(
        self,
        api: SellerApi,
        client_id: str,
        client_secret: Secret,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api = api
        self._client_id = client_id
        self._secret = client_secret
        self._lock = threading.Lock()
        self._token: Secret | None = None
        self._clock = clock
        self._renew_at = 0.0  # a minute before the token's announced expiry
        self.store_id: str | None = None
        self.fetches = 0

    def _fetch(self) -> Secret:
        def build() -> httpx.Request:
            form = {
                "grant_type": "client_credentials",
                "client_id": self._client_id,
                "client_secret": self._secret.reveal(),
            }
            return self._api.client.build_request("POST", "/oauth/token", data=form)

        # a token fetch creates nothing that matters: retried like a read
        answer: Token = self._api.exchange(
            build,
            lambda response, body: read_token(response.status_code, body),
            operation=TOKEN,
            write=False,
            paced=False,  # the token endpoint is not rate-limited
        )
        self.fetches += 1
        self.store_id = answer.store_id
        lifetime = answer.expires_in if answer.expires_in and answer.expires_in > 0 else 3600
        self._renew_at = self._clock() + max(lifetime - 60, lifetime / 2)
        return Secret(answer.access_token)

    def current(self) -> Secret:
        """The token to use now (fetched on first use)."""
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._token = self._fetch()
            return self._token

    def refresh(self, stale: Secret) -> Secret:
        """A token newer than ``stale``; fetched only if no other thread already did."""
        with self._lock:
            if self._token is None or self._token == stale:
                self._token = self._fetch()
            return self._token
