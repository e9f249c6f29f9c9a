"""Small pieces the suites share: opening a connector on a sandbox, images, SKUs, policies."""

from __future__ import annotations

import os
import struct
import threading
import uuid
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx

from ocop.connector import Connector
from ocop.http import RetryPolicy, TokenBucket
from ocop.marketplace import Marketplace
from ocop.sandbox import MarketSandbox

NO_CREDENTIALS_FILE = "/nonexistent/ocop-credentials.toml"


def tiny_png(seed: int = 0) -> bytes:
    """A valid 1×1 PNG whose pixel depends on ``seed`` (distinct images, distinct bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixel = zlib.compress(bytes([0, seed % 256, 120, 40]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")
    )


def new_sku(prefix: str = "T") -> str:
    """A SKU no test has used."""
    return f"{prefix}-{uuid.uuid4().hex[:10].upper()}"


def fast_policy() -> RetryPolicy:
    """Retries as the contract allows, with waits short enough for a test run."""
    return RetryPolicy(attempts=4, initial=0.01, cap=0.05)


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` set, restored afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def open_on(
    descriptor: Marketplace,
    sandbox: MarketSandbox,
    *,
    transport: httpx.BaseTransport | None = None,
    policy: RetryPolicy | None = None,
    limiter: TokenBucket | None = None,
    **credentials: Any,
) -> Connector:
    """The marketplace's connector on its sandbox, the way ``ocop`` opens it: from the
    environment the sandbox prints (``credentials`` override fields, e.g. a wrong secret)."""
    env = {**sandbox.env(), "OCOP_CREDENTIALS_FILE": NO_CREDENTIALS_FILE}
    for field, value in credentials.items():
        env[f"OCOP_{descriptor.name.upper()}_{field.upper()}"] = str(value)
    with environment(env):
        return descriptor.open(
            descriptor.config(env), transport=transport, policy=policy, limiter=limiter
        )


class RecordingTransport(httpx.HTTPTransport):
    """A real transport that remembers ``METHOD path`` of every request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.sent.append(f"{request.method} {request.url.path}")
        return super().handle_request(request)

    def count(self, fragment: str) -> int:
        """How many requests' ``METHOD path`` contain ``fragment``."""
        return sum(fragment in line for line in self.sent)
