"""Token buckets: a marketplace limits requests per caller (an API partner, an OAuth client)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class TokenBuckets:
    """One token bucket per caller key, refilled at ``rate`` tokens a second up to ``burst``.

    ``rate`` 0 (or less) switches limiting off.
    """

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens, last refill)
        self.configure(rate, burst)

    def configure(self, rate: float, burst: int) -> None:
        """Change the rate and burst; buckets restart full."""
        with self._lock:
            self.rate, self.burst = rate, max(1, burst)
            self._buckets.clear()

    def take(self, key: str) -> float:
        """Take one token for ``key``; 0.0 if granted, else seconds until one is available."""
        if self.rate <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate


def retry_after_seconds(wait: float) -> int:
    """A wait as whole seconds for ``Retry-After`` (never 0: the client must wait)."""
    return max(1, math.ceil(wait))
