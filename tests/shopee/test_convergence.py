"""Pushes through faults converge on Shopee without a duplicate item or model."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ocop.connector import ListingStatus
from ocop.engine import plan_all, push
from ocop.state import StateStore
from tests.shopee.conftest import connector_for, shopee_sandbox
from tests.shopee.test_recording import catalogue

pytestmark = pytest.mark.slow


def test_pushes_through_faults_never_duplicate_and_converge(tmp_path: Path) -> None:
    with shopee_sandbox(seed=11) as sb:
        sb.set_faults(rate_limit=0)
        connector = connector_for(sb)
        catalog = catalogue()
        try:
            with StateStore.open(tmp_path / "state.db") as store:
                sb.set_faults(
                    fail_before_rate=0.1, commit_then_504_rate=0.15, drop_after_commit_rate=0.1
                )
                for _ in range(4):
                    push(catalog, store, [connector], date.today())
                sb.set_faults(fail_before_rate=0, commit_then_504_rate=0, drop_after_commit_rate=0)
                push(catalog, store, [connector], date.today())
                (final,) = plan_all(catalog, store, [connector], date.today())
                assert final.plan.actions == ()  # type: ignore[union-attr]
                listings = list(connector.iter_listings())
                on_sale = Counter(x.sku for x in listings if x.status is ListingStatus.ACTIVE)
                assert on_sale and max(on_sale.values()) == 1  # one listing per SKU, ever
                wanted = {w.sku for w in final.wanted.wanted}  # type: ignore[union-attr]
                assert set(on_sale) == wanted and len(wanted) == 22  # every SKU, none held
                products = Counter(d["item_sku"] for d in sb.items() if d["models"])
                assert max(products.values()) == 1  # one item per product
                bound = {r.remote_id for r in store.listings("shopee")}
                assert {x.remote_id for x in listings if x.status is ListingStatus.ACTIVE} <= bound
        finally:
            connector.close()
