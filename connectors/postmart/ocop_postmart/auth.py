"""Postmart's OAuth client-credentials token, fetched once and shared by every thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from ocop.credentials import Secret
from ocop.errors import PermanentError
from ocop.http import RetryPolicy, exchange
from ocop.i18n import _

from . import payload
from .errors import NAME


def read_token(status: int, body: Any) -> dict[str, Any]:
    """The bare OAuth answer on success; errors come in Postmart's envelope."""
    if isinstance(body, dict) and isinstance(body.get("access_token"), str):
        return body
    if isinstance(body, dict) and "code" in body:
        payload.read_envelope(status, body)  # raises the translated error
    raise PermanentError(NAME, _("the token endpoint gave an unexpected answer"))


class TokenSource:
    """Holds the current access token; ``refresh(stale)`` fetches a new one at most once per
    stale token, however many threads saw it expire."""

    def __init__(
        self,
        client: httpx.Client,
        client_id: str,
        client_secret: Secret,
        policy: RetryPolicy,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._client_id = client_id
        self._secret = client_secret
        self._policy = policy
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
            return self._client.build_request("POST", "/oauth/token", data=form)

        # a token fetch creates nothing that matters: retried like a read
        answer = exchange(
            self._client,
            build,
            lambda response, body: read_token(response.status_code, body),
            marketplace=NAME,
            operation="POST /oauth/token",
            write=False,
            limiter=None,  # the token endpoint is not rate-limited
            policy=self._policy,
        )
        self.fetches += 1
        self.store_id = answer.get("store_id")
        lifetime = answer.get("expires_in")
        lifetime = lifetime if isinstance(lifetime, int | float) else 3600
        self._renew_at = self._clock() + max(lifetime - 60, lifetime / 2)
        return Secret(answer["access_token"])

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
