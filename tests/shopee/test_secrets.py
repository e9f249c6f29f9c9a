"""The contract's "no secret in logs or errors", with Shopee's tokens counted as secrets.

The shared contract checks the secret credentials a sandbox prints (the partner key). A Shopee
connector also holds the shop's access and refresh tokens: every token the sandbox ever issued
must stay out of log records, error messages and the connector's ``repr`` too.
"""

from __future__ import annotations

from typing import ClassVar

from ocop_shopee import ShopeeSandbox

from ocop.sandbox import MarketSandbox
from ocop.testing.contract import ConnectorContract, ConnectorFixtures


class TestShopeeTokensNeverLeak(ConnectorFixtures):
    marketplace: ClassVar[str] = "shopee"

    test_no_secret_reaches_logs_or_errors = ConnectorContract.test_no_secret_reaches_logs_or_errors

    def secrets(self, market: MarketSandbox) -> list[str]:
        assert isinstance(market, ShopeeSandbox)
        issued = market.shopee.db.store.rows(
            "SELECT token FROM sp_access UNION SELECT token FROM sp_refresh"
        )
        assert issued, "the sandbox issued no token"
        return [*super().secrets(market), *(row[0] for row in issued)]
