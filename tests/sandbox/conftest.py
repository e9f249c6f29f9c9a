"""Fixtures: a fresh sandbox per test (in memory, ephemeral ports) and plain httpx clients."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from ocop_voso.sandbox.api import sign

from ocop.sandbox import Sandbox

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


class VosoClient:
    """Signs every call the way the contract says (§1.1)."""

    def __init__(
        self,
        api_url: str,
        partner_id: int = 100001,
        partner_key: str = "sandbox-voso-partner-key",
        shop_id: int = 200001,
    ) -> None:
        self.api_url = api_url
        self.base_path = urlsplit(api_url).path
        self.partner_id, self.partner_key, self.shop_id = partner_id, partner_key, shop_id
        self.http = httpx.Client(timeout=10)

    def auth(self, path: str, timestamp: int | None = None) -> dict[str, str]:
        """The four signing parameters for ``path`` (relative to the base)."""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        full = self.base_path + path
        signature = sign(self.partner_key, str(self.partner_id), full, ts, str(self.shop_id))
        return {
            "partner_id": str(self.partner_id),
            "shop_id": str(self.shop_id),
            "timestamp": ts,
            "sign": signature,
        }

    def call(
        self, method: str, path: str, params: dict[str, Any] | None = None, **kw: Any
    ) -> httpx.Response:
        """A signed request."""
        query = {**self.auth(path), **(params or {})}
        return self.http.request(method, self.api_url + path, params=query, **kw)


class PostmartClient:
    """Fetches a token once and sends it as a Bearer header."""

    def __init__(self, api_url: str) -> None:
        self.api_url = api_url
        self.http = httpx.Client(timeout=10)
        self.token = self.fetch_token().json()["access_token"]

    def fetch_token(self, **overrides: str) -> httpx.Response:
        """POST /oauth/token with the demo credentials (fields overridable)."""
        form = {
            "grant_type": "client_credentials",
            "client_id": "sandbox-postmart-client",
            "client_secret": "sandbox-postmart-secret",
            **overrides,
        }
        return self.http.post(self.api_url + "/oauth/token", data=form)

    def call(self, method: str, path: str, **kw: Any) -> httpx.Response:
        """An authenticated request."""
        headers = {"Authorization": f"Bearer {self.token}", **kw.pop("headers", {})}
        return self.http.request(method, self.api_url + path, headers=headers, **kw)


def voso_product(**overrides: Any) -> dict[str, Any]:
    """A valid Voso ProductInput."""
    return {
        "sku": "TN-CHE-001",
        "name": "Chè Tân Cương đặc biệt",
        "description": "<p>Chè búp Tân Cương, <b>sao tay</b> truyền thống.</p>",
        "category_id": 101,
        "price": 125_000,
        "original_price": 150_000,
        "stock": 20,
        "unit": "Hộp 200g",
        "weight_gram": 250,
        "images": ["https://img.example/a.jpg"],
        "ocop_stars": 5,
        "origin": "Thái Nguyên",
        **overrides,
    }


def postmart_listing(**overrides: Any) -> dict[str, Any]:
    """A valid Postmart ListingInput."""
    return {
        "seller_sku": "TN-CHE-001",
        "title": "Chè Tân Cương đặc biệt",
        "description": "Chè búp Tân Cương sao tay truyền thống, hộp 200 gam.",
        "category_code": "CHE-TRA",
        "price": 125_000,
        "list_price": 150_000,
        "stock": 20,
        "unit": "Hộp 200g",
        "net_weight_g": 200,
        "shipping_weight_g": 250,
        "images": ["https://img.example/a.jpg"],
        "ocop": {"stars": 4, "certificate_no": "123/QĐ-UBND", "valid_until": "2099-12-31"},
        "origin_province": "Thái Nguyên",
        **overrides,
    }


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A fresh sandbox with the rate limits off (tests of 429 switch them back on)."""
    with Sandbox.start(seed=1) as sb:
        sb.set_faults("voso", rate_limit=0)
        sb.set_faults("postmart", rate_limit=0)
        yield sb


@pytest.fixture
def voso(sandbox: Sandbox) -> VosoClient:
    """A signed client for the demo partner and shop."""
    return VosoClient(sandbox["voso"].api_url)


@pytest.fixture
def postmart(sandbox: Sandbox) -> PostmartClient:
    """An authenticated client for the demo store."""
    return PostmartClient(sandbox["postmart"].api_url)
