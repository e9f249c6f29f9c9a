"""A local Shopee Open Platform v2 that follows Shopee's own documentation strictly.

Every call, parameter, type and error name comes from the files in ``ocop_shopee.apidoc``;
signing, five-minute timestamps, token expiry and single-use refresh tokens, a category tree
with mandatory attributes and brands, logistics channels, images, items passing through
REVIEWING, and product pages rendered the way Shopee serves them to crawlers. It is a
``MarketSandbox`` of the ocop sandbox kit, with the same fault knobs as the other sandboxes:
``ocop sandbox`` (or ``ocop.sandbox.Sandbox.start()``) starts it with every other installed one,
``ocop sandbox -m shopee`` alone.
"""

from __future__ import annotations

from ocop_shopee.sandbox.launch import ShopeeSandbox
from ocop_shopee.sandbox.world import DEMO_PARTNER, DEMO_SHOP

__all__ = ["DEMO_PARTNER", "DEMO_SHOP", "ShopeeSandbox"]
