"""The shop's access and refresh tokens: kept with the credentials, refreshed before expiry.

Shopee's token calls (``public.get_access_token``, ``public.refresh_access_token``) return an
access token valid ``expire_in`` seconds (documented: 4 hours) and a refresh token valid 30 days
that "can only be used once": every refresh returns a new one, and losing it means authorising
the shop again. So:

* tokens live in ``shopee-tokens.json`` beside the credentials file (``OCOP_SHOPEE_TOKENS_FILE``
  overrides), owner-only (created 0600, refused when group or others can read it, like the
  credentials file), written atomically; never in the state store, the catalogue or a log;
* a refresh happens under a lock on that file, after reading it again: a token another process
  refreshed meanwhile is taken instead of spending the (single-use) refresh token twice;
* the new pair is written before it is used, so the newest refresh token is always kept;
* an access token is refreshed ``RENEW_MARGIN_S`` before it expires, and once more when Shopee
  refuses it (``TokenInvalid``); a refresh token that has expired or was refused is
  ``AuthorisationExpired``, whose message says to run ``ocop auth shopee``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ocop.credentials import Secret, credentials_path
from ocop.errors import ConfigError
from ocop.i18n import _
from ocop_shopee.errors import AuthorisationExpired
from ocop_shopee.models import TokenAnswer

RENEW_MARGIN_S = 300  # refresh this long before the access token expires
REFRESH_LIFETIME_S = 30 * 24 * 3600  # "Each refresh_token is valid for 30 days"
FILE_NAME = "shopee-tokens.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class ShopTokens:
    """One shop's token pair; its ``repr`` never shows a token (``Secret``)."""

    partner_id: int
    shop_id: int
    access_token: Secret
    refresh_token: Secret
    access_expires_at: float  # Unix time
    refresh_expires_at: float

    @classmethod
    def from_answer(
        cls, partner_id: int, shop_id: int, answer: TokenAnswer, now: float
    ) -> ShopTokens:
        """The pair a token call returned at ``now``."""
        return cls(
            partner_id,
            shop_id,
            Secret(answer.access_token),
            Secret(answer.refresh_token),
            now + answer.expire_in,
            now + REFRESH_LIFETIME_S,
        )

    def needs_refresh(self, now: float) -> bool:
        """True when the access token expires within the renewal margin."""
        return now >= self.access_expires_at - RENEW_MARGIN_S

    def as_record(self) -> dict[str, Any]:
        """The JSON record in the token file (the only place tokens are revealed)."""
        return {
            "partner_id": self.partner_id,
            "shop_id": self.shop_id,
            "access_token": self.access_token.reveal(),
            "refresh_token": self.refresh_token.reveal(),
            "access_expires_at": self.access_expires_at,
            "refresh_expires_at": self.refresh_expires_at,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> ShopTokens:
        """A pair read back from the token file."""
        return cls(
            int(record["partner_id"]),
            int(record["shop_id"]),
            Secret(str(record["access_token"])),
            Secret(str(record["refresh_token"])),
            float(record["access_expires_at"]),
            float(record["refresh_expires_at"]),
        )


def tokens_path(environ: Mapping[str, str] | None = None) -> Path:
    """``OCOP_SHOPEE_TOKENS_FILE``, else ``shopee-tokens.json`` beside the credentials file."""
    env = os.environ if environ is None else environ
    chosen = env.get("OCOP_SHOPEE_TOKENS_FILE")
    return Path(chosen).expanduser() if chosen else credentials_path(env).parent / FILE_NAME


def store_key(api_url: str, partner_id: int, shop_id: int) -> str:
    """Tokens are kept per API host, partner and shop (sandbox tokens never replace real ones)."""
    return f"{urlsplit(api_url).netloc}|{partner_id}|{shop_id}"


class TokenStore:
    """The owner-only token file; every method is safe across threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock_path = path.with_name(path.name + ".lock")

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the file lock (one refresh at a time, across processes)."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _read(self) -> dict[str, Any]:
        try:
            mode = self.path.stat().st_mode
        except FileNotFoundError:
            return {}
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(
                _("{path} can be read by other users; it holds secrets. Run: chmod 600 {path}")
                .format(path=self.path)
            )  # fmt: skip
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ConfigError(
                _("{path}: cannot read the Shopee token file; run `ocop auth shopee` again")
                .format(path=self.path)
            ) from None  # fmt: skip
        return data if isinstance(data, dict) else {}

    def load(self, key: str) -> ShopTokens | None:
        """The pair stored under ``key``, if any."""
        record = self._read().get("shops", {}).get(key)
        if not isinstance(record, dict):
            return None
        try:
            return ShopTokens.from_record(record)
        except (KeyError, TypeError, ValueError):
            return None

    def shops(self, api_url: str, partner_id: int) -> list[int]:
        """The shop ids with tokens for this API host and partner."""
        prefix = f"{urlsplit(api_url).netloc}|{partner_id}|"
        return sorted(
            int(k.rsplit("|", 1)[1]) for k in self._read().get("shops", {}) if k.startswith(prefix)
        )

    def save(self, key: str, tokens: ShopTokens) -> None:
        """Write the pair atomically, owner-only (call it holding ``locked()``)."""
        data = self._read()
        found = data.get("shops")
        shops: dict[str, Any] = found if isinstance(found, dict) else {}
        document = {"version": FORMAT_VERSION, "shops": {**shops, key: tokens.as_record()}}
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(prefix=".shopee-tokens-", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


Refresher = Callable[[Secret, int], TokenAnswer]  # (refresh token, shop id) → new pair


class TokenKeeper:
    """The access token a connector uses now; refreshes as the module docstring says."""

    def __init__(
        self,
        store: TokenStore,
        key: str,
        refresher: Refresher,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.key = key
        self._refresher = refresher
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens: ShopTokens | None = None
        self.refreshes = 0

    def _stored(self) -> ShopTokens:
        tokens = self.store.load(self.key)
        if tokens is None:
            raise AuthorisationExpired(_("no tokens for this shop yet"))
        return tokens

    def current(self) -> ShopTokens:
        """The pair to sign with now (refreshed first when it is about to expire)."""
        with self._lock:
            if self._tokens is None:
                self._tokens = self._stored()
            if self._tokens.needs_refresh(self._clock()):
                self._tokens = self._refresh(self._tokens.access_token)
            return self._tokens

    def refresh(self, stale: Secret) -> ShopTokens:
        """A pair newer than the one holding ``stale`` (refreshed only if nobody already did)."""
        with self._lock:
            if self._tokens is None or self._tokens.access_token == stale:
                self._tokens = self._refresh(stale)
            return self._tokens

    def _refresh(self, stale: Secret) -> ShopTokens:
        with self.store.locked():
            stored = self._stored()
            now = self._clock()
            if stored.access_token != stale and not stored.needs_refresh(now):
                return stored  # another process refreshed meanwhile: its pair is the newest
            if now >= stored.refresh_expires_at:
                raise AuthorisationExpired(_("the refresh token is older than 30 days"))
            answer = self._refresher(stored.refresh_token, stored.shop_id)
            fresh = ShopTokens.from_answer(stored.partner_id, stored.shop_id, answer, now)
            self.store.save(self.key, fresh)  # before use: the old refresh token is spent
            self.refreshes += 1
            return fresh
