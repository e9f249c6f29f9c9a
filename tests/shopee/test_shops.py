"""Many shops in one sandbox Shopee: each opened, authorised by its seller and used through the
connector's own settings, with its own items under its own item limit (as a national
programme's provinces each sell from a shop of their own)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from ocop_shopee import ShopeeConnector, ShopeeSandbox
from ocop_shopee.listings import RemoteId
from ocop_shopee.sandbox import items_api
from ocop_shopee.sandbox.seller import authorise
from ocop_shopee.sandbox.world import DEMO_SHOP, Limits

from ocop.errors import Conflict
from tests.shopee.conftest import connector_for, shopee_sandbox, upload
from tests.shopee.drafts import draft


@pytest.fixture
def sandbox() -> Iterator[ShopeeSandbox]:
    with shopee_sandbox() as sb:
        sb.set_faults(rate_limit=0)
        yield sb


def open_over_http(sb: ShopeeSandbox, name: str) -> int:
    """``POST /__sandbox__/shops``, as another process (the national benchmark) opens one."""
    answer = httpx.post(f"{sb.api_url}/__sandbox__/shops", json={"name": name}, timeout=10)
    answer.raise_for_status()
    data = answer.json()["data"]
    assert data["name"] == name
    return int(data["shop_id"])


def shop_connector(sb: ShopeeSandbox, shop_id: int, tokens_file: Path) -> closing[ShopeeConnector]:
    """The connector a province's operator opens: its shop id and its own token file."""
    return closing(
        connector_for(
            sb, OCOP_SHOPEE_SHOP_ID=str(shop_id), OCOP_SHOPEE_TOKENS_FILE=str(tokens_file)
        )
    )


def test_an_opened_shop_is_authorised_by_its_seller_and_keeps_its_own_items(
    sandbox: ShopeeSandbox, tmp_path: Path
) -> None:
    shop_id = open_over_http(sandbox, "HTX Chè Tân Cương")
    assert shop_id not in (DEMO_SHOP, 0)
    tokens = authorise(sandbox.api_url, tmp_path / "tokens.json", shop_id)
    assert tokens.shop_id == shop_id
    with shop_connector(sandbox, shop_id, tmp_path / "tokens.json") as theirs:
        assert theirs.shop_id == shop_id
        made = theirs.create(draft("TC-1"), [upload(theirs)])
        assert made.remote_id is not None
        page = theirs.get(made.remote_id).url  # the storefront page names the shop
        assert page.endswith(f"-i.{shop_id}.{RemoteId.parse(made.remote_id).item_id}")
        assert [d["item_sku"] for d in sandbox.items(shop_id)] == ["TC-1"]
    assert sandbox.items(DEMO_SHOP) == []  # the demo shop's listings are its own


def test_a_shop_nobody_opened_cannot_be_authorised(sandbox: ShopeeSandbox, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot authorise"):
        authorise(sandbox.api_url, tmp_path / "tokens.json", 399_999)
    answer = httpx.post(f"{sandbox.api_url}/__sandbox__/shops", json={"name": " "}, timeout=10)
    assert answer.status_code == 400


def test_the_item_limit_is_each_shops_own(
    sandbox: ShopeeSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(items_api, "LIMITS", Limits(item_count=2))
    full, other = (open_over_http(sandbox, f"HTX số {n}") for n in (1, 2))
    for shop_id in (full, other):
        authorise(sandbox.api_url, tmp_path / "tokens.json", shop_id)
    with shop_connector(sandbox, full, tmp_path / "tokens.json") as connector:
        image = upload(connector)
        for sku in ("A-1", "A-2"):
            connector.create(draft(sku), [image])
        with pytest.raises(Conflict, match="error_reach_shop_item_limit"):
            connector.create(draft("A-3"), [image])
    with shop_connector(sandbox, other, tmp_path / "tokens.json") as connector:
        connector.create(draft("B-1"), [upload(connector)])  # another shop: room of its own
    assert len(sandbox.items(full)) == 2 and len(sandbox.items(other)) == 1
