"""Vietnamese price strings → integer VND."""

from __future__ import annotations

import pytest
from ocop_spiders.prices import find_prices, parse_vnd


@pytest.mark.parametrize(
    ("text", "vnd"),
    [
        ("125,000₫", 125_000),
        ("125.000 ₫", 125_000),
        ("125.000\u00a0₫", 125_000),
        ("125\u202f000 ₫", 125_000),
        ("1.250.000đ", 1_250_000),
        ("1,250,000.00 ₫", 1_250_000),
        ("₫125,000", 125_000),
        ("Giá: 1.250.000₫", 1_250_000),
        ("125.000 VNĐ", 125_000),
        ("125.000 đồng", 125_000),
        ("125k", 125_000),
        ("125K", 125_000),
        ("125 nghìn", 125_000),
        ("1,2 triệu", 1_200_000),
        ("1.2tr", 1_200_000),
        ("2,5tr", 2_500_000),
        ("1 triệu", 1_000_000),
        ("99.000", 99_000),
        ("125000", 125_000),
        ("125000.0", 125_000),
        ("  \n 45,000 <sup>₫</sup>\t", 45_000),
    ],
)
def test_price_formats_shown_on_vietnamese_pages(text: str, vnd: int) -> None:
    assert parse_vnd(text) == vnd


@pytest.mark.parametrize("text", ["Liên hệ", "", None, "Giá: đang cập nhật"])
def test_no_price_shown(text: str | None) -> None:
    assert parse_vnd(text) is None


def test_decomposed_unicode_multiplier_is_recognised() -> None:
    # "triệu" typed with combining marks (NFD) must count like the precomposed word
    import unicodedata

    assert parse_vnd(unicodedata.normalize("NFD", "1,5 triệu")) == 1_500_000


def test_kilogram_is_not_thousands() -> None:
    assert parse_vnd("125 kg") == 125


def test_every_price_in_order() -> None:
    assert find_prices("Giá gốc 150.000₫ Giá KM 125.000₫") == [150_000, 125_000]
