"""One sandbox Shopee per test module (its demo shop authorised when it starts)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from ocop_shopee import ShopeeConnector, ShopeeSandbox, ShopeeSettings, load_settings

from ocop.config import MarketplaceConfig
from ocop.http import RetryPolicy, TokenBucket
from ocop.sandbox import Sandbox
from ocop.testing.harness import tiny_png

ROOT = Path(__file__).resolve().parents[2]
# catalog.yaml keeps the honey off Shopee (its category asks for a weight the catalogue does not
# give); without these lines a push holds it back: what the tests below push
HONEY_KEPT_OFF = "    exclude:\n      - mat-ong-phuc-thanh\n"


def with_the_honey(text: str) -> str:
    """The real catalogue's text asking Shopee for the honey too (held back at plan time)."""
    assert HONEY_KEPT_OFF in text
    return text.replace(HONEY_KEPT_OFF, "", 1)


def shared_specs() -> Path | None:
    """``shared/specs/shopee`` beside the repository or a parent of it (the worktrees'
    ``../shared``), if this machine has it."""
    for parent in ROOT.parents:
        found = parent / "shared" / "specs" / "shopee"
        if found.is_dir():
            return found
    return None


@contextmanager
def shopee_sandbox(seed: int | None = None) -> Iterator[ShopeeSandbox]:
    """A sandbox Shopee of its own (in memory), started the way ``ocop sandbox`` starts it."""
    with Sandbox.start(marketplaces=["shopee"], seed=seed) as started:
        sb = started["shopee"]
        assert isinstance(sb, ShopeeSandbox)
        yield sb


@pytest.fixture(scope="module")
def shopee() -> Iterator[ShopeeSandbox]:
    with shopee_sandbox() as sb:
        sb.set_faults(rate_limit=0)  # tests that exercise the limit switch it on
        yield sb


def env_for(sb: ShopeeSandbox, tokens_file: Path | None = None) -> dict[str, str]:
    """The environment ``sb`` prints, with another token file when given."""
    env = sb.env()
    if tokens_file is not None:
        env["OCOP_SHOPEE_TOKENS_FILE"] = str(tokens_file)
    return env


def settings_for(sb: ShopeeSandbox, **env: str) -> ShopeeSettings:
    """Settings pointing at ``sb``, from an environment (no credentials file)."""
    nowhere = str(sb.tokens_file.parent / "none.toml")
    environ = sb.env() | {"OCOP_CREDENTIALS_FILE": nowhere} | env
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
