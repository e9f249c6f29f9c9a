"""What every sandbox marketplace has: its database, faults, rate limit, URLs and counters."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from ocop.sandbox.faults import Faults
from ocop.sandbox.ratelimit import TokenBuckets
from ocop.sandbox.store import Store


class Stats:
    """Counts of the API calls a marketplace received (so tests can assert "no writes"), and
    of its storefront's pages and robots.txt fetches."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._in_flight = 0

    def enter(self) -> None:
        """A request starts (storefront or API); tracks the most served at once."""
        with self._lock:
            self._in_flight += 1
            self._counts["max_in_flight"] = max(self._counts["max_in_flight"], self._in_flight)

    def leave(self) -> None:
        """A request is answered."""
        with self._lock:
            self._in_flight -= 1

    def record(self, method: str, route: str, is_write: bool) -> None:
        """Count one API call under its method and route template."""
        with self._lock:
            self._counts["requests"] += 1
            self._counts[f"{method} {route}"] += 1
            if is_write:
                self._counts["writes"] += 1

    def count(self, key: str) -> None:
        """Count one storefront request under ``key`` ("pages", "robots.txt")."""
        with self._lock:
            self._counts[key] += 1

    def snapshot(self) -> dict[str, int]:
        """The counters so far: ``requests``, ``writes``, one per ``METHOD /route``,
        ``max_in_flight`` (most requests served at the same time), and the storefront's
        ``pages`` and ``robots.txt`` fetches (not API requests)."""
        with self._lock:
            zero = {"requests": 0, "writes": 0, "max_in_flight": 0, "pages": 0, "robots.txt": 0}
            return {**zero, **self._counts}

    def reset(self) -> None:
        """Start counting from zero."""
        with self._lock:
            self._counts.clear()


@dataclass
class Market:
    """One marketplace's shared state; ``storefront_url`` is known once the server is bound."""

    name: str
    api_base: str  # the contract's base path, e.g. "/open-api/v1"
    store: Store
    faults: Faults
    buckets: TokenBuckets
    stats: Stats = field(default_factory=Stats)
    storefront_url: str = ""
    # held while a handler runs: read-modify-write of a document must not interleave
    lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def api_url(self) -> str:
        """The API's base URL."""
        return self.storefront_url + self.api_base
