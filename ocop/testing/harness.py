"""Small pieces the suites share: opening a connector on a sandbox, images, SKUs, policies."""

from __future__ import annotations

import json
import os
import struct
import threading
import uuid
import zlib
from collections.abc import Callable, Iterator, Mapping
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


Tamper = Callable[[httpx.Request, Any], Any]  # (request, parsed JSON answer) → what to answer


class TamperingTransport(httpx.HTTPTransport):
    """A real transport whose JSON answers pass through ``tampers`` first (a lying
    marketplace: a number turned to text, a key gone), each applied while it is listed."""

    def __init__(self) -> None:
        super().__init__()
        self.tampers: list[Tamper] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        body = response.read()
        if not self.tampers:
            return httpx.Response(response.status_code, headers=response.headers, content=body)
        try:
            data = json.loads(body)
        except ValueError:
            return httpx.Response(response.status_code, headers=response.headers, content=body)
        for tamper in list(self.tampers):
            data = tamper(request, data)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(response.status_code, headers=headers, content=json.dumps(data))


def numbers_as_text(value: int) -> Tamper:
    """Every number equal to ``value`` in an answer (``125000`` or ``125000.0``) becomes text
    (``"125.000"``)."""

    def tamper(_request: httpx.Request, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: tamper(_request, v) for k, v in data.items()}
        if isinstance(data, list):
            return [tamper(_request, v) for v in data]
        if type(data) in (int, float) and data == value:
            return f"{value:,}".replace(",", ".")
        return data

    return tamper


def writes_answered_with(body: Any) -> Tamper:
    """Every answer to a write (not a token) is ``body`` instead (its effect stays made)."""

    def tamper(request: httpx.Request, data: Any) -> Any:
        token = "token" in request.url.path
        return data if request.method == "GET" or token else body

    return tamper
