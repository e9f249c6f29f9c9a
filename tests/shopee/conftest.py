"""One sandbox Shopee per test module, with the demo shop authorised through the real flow."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ocop.config import MarketplaceConfig
from ocop.http import RetryPolicy, TokenBucket
from ocop_shopee import ShopeeConnector, ShopeeSandbox, ShopeeSettings, load_settings
from tests.connectors.contract import tiny_png

ROOT = Path(__file__).resolve().parents[2]


def shared_specs() -> Path | None:
    """``shared/specs/shopee`` beside the repository or a parent of it (the worktrees'
    ``../shared``), if this machine has it."""
    for parent in ROOT.parents:
        found = parent / "shared" / "specs" / "shopee"
        if found.is_dir():
            return found
    return None


@pytest.fixture(scope="module")
def shopee(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShopeeSandbox]:
    with ShopeeSandbox.start() as sb:
        sb.set_faults(rate_limit=0)  # tests that exercise the limit switch it on
        tokens = tmp_path_factory.mktemp("shopee") / "shopee-tokens.json"
        sb.authorise(tokens)
        sb.tokens_file = tokens  # type: ignore[attr-defined]
        yield sb


def settings_for(sb: ShopeeSandbox, **env: str) -> ShopeeSettings:
    """Settings pointing at ``sb``, from an environment (no credentials file)."""
    tokens: Path = sb.tokens_file  # type: ignore[attr-defined]
    environ = sb.env(tokens) | {"OCOP_CREDENTIALS_FILE": str(tokens.parent / "none.toml")} | env
    return load_settings(
        MarketplaceConfig("shopee", sb.api_url, sb.storefront_url), environ=environ
    )


def connector_for(
    sb: ShopeeSandbox, transport: httpx.BaseTransport | None = None, **env: str
) -> ShopeeConnector:
    """A connector on ``sb`` without the client's pacing (the sandbox's limit is off here;
    the contract suite tests the pacing)."""
    policy = RetryPolicy(attempts=4, initial=0.05, cap=1.0)
    fast = TokenBucket(10_000, 10_000)
    return ShopeeConnector(
        settings_for(sb, **env), transport=transport, policy=policy, limiter=fast
    )


@pytest.fixture
def connector(shopee: ShopeeSandbox) -> Iterator[ShopeeConnector]:
    made = connector_for(shopee)
    yield made
    made.close()


def upload(connector: ShopeeConnector, seed: int = 0) -> str:
    return connector.upload_image(tiny_png(seed), f"img{seed}.png")
