"""HTTP for connectors: the client factory, the one error boundary, retries and rate limiting.

Every connector sends its calls through ``exchange``. It is the single place where ``httpx``
exceptions, non-JSON bodies (a proxy's HTML 502), empty 5xx bodies and 429s become
``ocop.errors`` classes (``translate_errors`` / ``translate_response``); the marketplace's own
envelope is read by a function the connector passes in.

Retry rules (a retry must never duplicate anything):
    reads (GET) and token fetches      every ``TransientError``
    writes                             only ``Unreachable`` (connect error/timeout, pool timeout:
                                       the request never left) and ``RateLimited`` (the contract's
                                       429 is a refusal before any effect)
A write that timed out after sending, got a 5xx, or lost its connection raises
``OutcomeUnknown`` and is never repeated here.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import tenacity

from ocop.connector import Capabilities
from ocop.errors import (
    ConnectorError,
    MalformedAnswer,
    OutcomeUnknown,
    PermanentError,
    RateLimited,
    TransientError,
    Unreachable,
)
from ocop.i18n import _

USER_AGENT = "ocop/0.1 (+https://github.com/ocop)"
DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0, pool=10.0)


def make_client(
    base_url: str, *, transport: httpx.BaseTransport | None = None, **kwargs: Any
) -> httpx.Client:
    """An ``httpx.Client`` for one marketplace API: timeouts, user agent, no redirects."""
    return httpx.Client(
        base_url=base_url.rstrip("/"),
        timeout=DEFAULT_TIMEOUT,
        headers={"User-Agent": USER_AGENT},
        follow_redirects=False,
        transport=transport,
        **kwargs,
    )


# --- rate limiting --------------------------------------------------------------------------


class TokenBucket:
    """A thread-safe client-side token bucket: ``acquire()`` blocks until a call may go out.

    Built a little under the contract's limit (95 %, one token less of burst) so that a push
    stays clear of the server's own bucket despite network jitter: no 429 in
    ``benchmarks/connector_rate.py`` or ``benchmarks/push.py``, at 1.06× the contract's bound.
    """

    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self._tokens = float(self.burst)
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._lock = threading.Lock()

    @classmethod
    def for_capabilities(cls, capabilities: Capabilities, margin: float = 0.95) -> TokenBucket:
        """A bucket at ``margin`` of the contract's rate, with one token less of burst."""
        return cls(capabilities.rate_per_second * margin, capabilities.burst - 1)

    @classmethod
    def unlimited(cls) -> TokenBucket:
        """A bucket that never waits (rate 0): for a sandbox whose own limit is off."""
        return cls(0.0, 1)

    def acquire(self) -> float:
        """Take one token, sleeping as long as needed; returns the time slept."""
        if self.rate <= 0:
            return 0.0
        with self._lock:  # one waiter at a time keeps the order fair and the maths simple
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate
            if wait:
                self._sleep(wait)
                self._tokens = 1.0
                self._updated = self._clock()
            self._tokens -= 1
            return wait


# --- error translation ----------------------------------------------------------------------

# The request never reached the server: even a write may be sent again.
NOT_SENT: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
)
# Something went wrong after (part of) the request was sent: a write's outcome is unknown.
AFTER_SENDING: tuple[type[Exception], ...] = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.TimeoutException,
    httpx.ReadError,
    httpx.WriteError,
    httpx.CloseError,
    httpx.RemoteProtocolError,
    httpx.NetworkError,
    httpx.DecodingError,
    httpx.TransportError,
)
# The request could not even be formed (bad URL in the configuration, our own protocol bug).
UNSENDABLE: tuple[type[Exception], ...] = (
    httpx.LocalProtocolError,
    httpx.UnsupportedProtocol,
    httpx.InvalidURL,
)
# The rest of httpx's tree: redirects (we never follow them), cookies, stream misuse.
OTHER: tuple[type[Exception], ...] = (
    httpx.TooManyRedirects,
    httpx.CookieConflict,
    httpx.StreamError,
    httpx.HTTPStatusError,
    httpx.HTTPError,
)


@contextmanager
def translate_errors(marketplace: str, operation: str, *, write: bool) -> Iterator[None]:
    """Turn any ``httpx`` exception raised inside into the matching ``ocop.errors`` class.

    The messages name the exception class only: httpx messages can quote URLs and headers.
    """
    try:
        yield
    except ConnectorError:
        raise
    except UNSENDABLE as exc:
        raise PermanentError(
            marketplace,
            _("cannot send {operation}: {error}").format(
                operation=operation, error=type(exc).__name__
            ),
        ) from None
    except NOT_SENT as exc:
        raise Unreachable(
            marketplace,
            _("cannot reach the API ({error}); nothing was sent").format(error=type(exc).__name__),
        ) from None
    except AFTER_SENDING as exc:
        if write:
            raise OutcomeUnknown(marketplace, operation, type(exc).__name__) from None
        raise TransientError(
            marketplace,
            _("{operation} failed ({error})").format(operation=operation, error=type(exc).__name__),
        ) from None
    except OTHER as exc:
        raise PermanentError(
            marketplace,
            _("{operation} failed ({error})").format(operation=operation, error=type(exc).__name__),
        ) from None


def retry_after_seconds(response: httpx.Response, cap: float) -> float | None:
    """The ``Retry-After`` header in seconds (capped), or None when absent or unreadable."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return min(max(float(value), 0.0), cap)
    except ValueError:
        return None


def translate_response(
    response: httpx.Response, marketplace: str, operation: str, *, write: bool, cap: float = 30.0
) -> Any:
    """The JSON body of ``response``, or the generic error for statuses no envelope explains.

    A 5xx on a write is ``OutcomeUnknown`` whatever its body: the contract says the write may
    have been committed. A 429 is ``RateLimited`` with the (capped) ``Retry-After``.
    """
    if response.status_code == 429:
        raise RateLimited(marketplace, retry_after_seconds(response, cap))
    if response.status_code >= 500:
        cause = f"HTTP {response.status_code}"
        if write:
            raise OutcomeUnknown(marketplace, operation, cause)
        raise TransientError(
            marketplace, _("{operation} failed ({cause})").format(operation=operation, cause=cause)
        )
    try:
        return json.loads(response.content)
    except ValueError:
        raise MalformedAnswer(
            marketplace,
            operation,
            _("HTTP {status}, not JSON").format(status=response.status_code),
        ) from None


# --- retries --------------------------------------------------------------------------------


def retryable(error: BaseException, *, write: bool) -> bool:
    """Whether repeating the call that raised ``error`` can duplicate nothing."""
    if isinstance(error, Unreachable | RateLimited):
        return True
    return not write and isinstance(error, TransientError) and not isinstance(error, OutcomeUnknown)


@dataclass
class RetryPolicy:
    """How often and how long to retry; ``sleep`` is replaceable so tests need not wait."""

    attempts: int = 5
    cap: float = 30.0  # longest single wait, also the cap on Retry-After
    initial: float = 0.5  # first exponential backoff step when the server gives no wait
    sleep: Callable[[float], None] = time.sleep
    waits: list[float] = field(default_factory=list)  # every wait taken, for tests and logs

    def wait_for(self, state: tenacity.RetryCallState) -> float:
        """``Retry-After`` when the server gave one, else exponential backoff with full jitter."""
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        if isinstance(error, RateLimited) and error.retry_after is not None:
            wait = min(error.retry_after, self.cap)
        else:
            ceiling = min(self.cap, self.initial * 2 ** (state.attempt_number - 1))
            wait = random.uniform(ceiling / 2, ceiling)
        self.waits.append(wait)
        return wait

    def retrying(self, *, write: bool) -> tenacity.Retrying:
        """A tenacity ``Retrying`` applying the rules in this module's docstring."""
        return tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.attempts),
            wait=self.wait_for,
            retry=tenacity.retry_if_exception(lambda e: retryable(e, write=write)),
            sleep=self.sleep,
            reraise=True,
        )


def exchange(
    client: httpx.Client,
    build: Callable[[], httpx.Request],
    read: Callable[[httpx.Response, Any], Any],
    *,
    marketplace: str,
    operation: str,
    write: bool,
    limiter: TokenBucket | None,
    policy: RetryPolicy,
) -> Any:
    """Send the request ``build()`` makes (rebuilt per attempt), retrying only what is safe.

    ``read(response, body)`` reads the marketplace's envelope into its typed answer
    (``ocop.answers``) or raises an ``ocop.errors`` class; everything else is translated
    here. A successful write whose answer cannot be read may have taken effect: it is
    ``OutcomeUnknown``, never ``MalformedAnswer``.
    """
    for attempt in policy.retrying(write=write):
        with attempt:
            if limiter is not None:
                limiter.acquire()
            with translate_errors(marketplace, operation, write=write):
                response = client.send(build())
                response.read()
            try:
                body = translate_response(
                    response, marketplace, operation, write=write, cap=policy.cap
                )
                return read(response, body)
            except MalformedAnswer as exc:
                if write and response.is_success:
                    raise OutcomeUnknown(marketplace, operation, exc.problem) from None
                raise
    raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover


def json_content(value: Any) -> dict[str, Any]:
    """``build_request`` arguments for a JSON body as both contracts want it: UTF-8, declared."""
    return {
        "content": json.dumps(value, ensure_ascii=False).encode("utf-8"),
        "headers": {"Content-Type": "application/json; charset=utf-8"},
    }


def sniff_image_type(data: bytes) -> str:
    """The content type the bytes really are (both marketplaces judge by content too)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return "application/octet-stream"
