"""docs/shopee.md says what the code decides."""

from __future__ import annotations

from ocop_shopee import ShopeeSandbox, apidoc
from ocop_shopee.capabilities import CAPABILITIES

from tests.shopee.conftest import ROOT

DOC = (ROOT / "docs" / "shopee.md").read_text(encoding="utf-8")


def test_every_reading_of_the_documentation_is_in_the_guide() -> None:
    for where, reading in apidoc.READINGS:
        assert f"| {where} | {reading} |" in DOC, where


def test_the_guide_names_every_setting_and_the_one_that_switches() -> None:
    for variable in ("OCOP_SHOPEE_API_URL", "OCOP_SHOPEE_PARTNER_ID", "OCOP_SHOPEE_PARTNER_KEY",
                     "OCOP_SHOPEE_SHOP_ID", "OCOP_SHOPEE_LOGISTIC_IDS", "OCOP_SHOPEE_TOKENS_FILE"):  # fmt: skip
        assert variable in DOC
    assert "is one setting:\n`OCOP_SHOPEE_API_URL`" in DOC
    assert not CAPABILITIES.shows_list_price and "No struck-out price" in DOC


def test_the_guide_shows_what_ocop_sandbox_prints(shopee: ShopeeSandbox) -> None:
    for name, value in shopee.env().items():
        assert f"export {name}=" in DOC
        if name in ("OCOP_SHOPEE_PARTNER_ID", "OCOP_SHOPEE_PARTNER_KEY", "OCOP_SHOPEE_SHOP_ID"):
            assert f"export {name}={value}\n" in DOC
