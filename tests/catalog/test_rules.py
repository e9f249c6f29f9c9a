"""Each validation rule beyond types, on a small catalogue changed one way at a time."""

from __future__ import annotations

from datetime import date

import pytest

from ocop import certification as cr
from ocop.identifiers import gtin13_is_valid, tax_code_is_valid
from ocop.model import Certification, IssuingLevel
from ocop.problem import Severity

from .conftest import VALID, check, codes

CERT = "      - {stars: 5, decision: 2361/QĐ-BNNMT, date: 2025-06-26, level: trung_uong, score: 91}"


def with_cert(line: str) -> str:
    return VALID.replace(CERT, line)


@pytest.mark.parametrize(
    ("stars", "day", "level", "ok"),
    [
        (4, "2019-05-10", "tinh", True),  # pilot round before 1048
        (5, "2021-06-30", "trung_uong", True),
        (5, "2021-06-30", "tinh", False),
        (3, "2022-05-10", "huyen", False),  # 1048: districts did not sign
        (3, "2023-02-24", "huyen", True),  # first day of 148
        (3, "2025-06-30", "huyen", True),  # last day of districts
        (3, "2025-07-01", "huyen", False),  # districts abolished
        (4, "2024-01-10", "huyen", False),  # 4★ was always provincial
        (3, "2025-08-01", "tinh", True),  # 1489
        (4, "2017-12-31", "tinh", False),  # before the programme
    ],
)
def test_star_level_and_date_must_fit_the_era(stars: int, day: str, level: str, ok: bool) -> None:
    suffix = "BNNMT" if level == "trung_uong" else "UBND"
    line = f"      - {{stars: {stars}, decision: 12/QĐ-{suffix}, date: {day}, level: {level}}}"
    errors = check(with_cert(line), as_of=date(2026, 1, 1)).errors
    assert (errors == []) is ok, errors


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-06-25", cr.Status.NOT_YET),
        ("2026-11-22", cr.Status.VALID),
        ("2028-05-26", cr.Status.VALID),
        ("2028-05-27", cr.Status.EXPIRING),  # 29 days before the last valid day
        ("2028-06-25", cr.Status.EXPIRING),  # the last valid day
        ("2028-06-26", cr.Status.EXPIRED),  # third anniversary
    ],
)
def test_certificate_status_as_of_a_date(as_of: str, expected: cr.Status) -> None:
    cert = Certification(stars=5, date=date(2025, 6, 26), level=IssuingLevel.TRUNG_UONG)
    assert cr.valid_until(cert) == date(2028, 6, 25)
    assert cr.status(cert, date.fromisoformat(as_of)) is expected


def test_expired_and_expiring_are_warnings_not_errors() -> None:
    expired = check(VALID, as_of=date(2028, 7, 1))
    assert codes(expired) == ["expired"] and expired.catalog is not None
    assert expired.problems[0].severity is Severity.WARNING
    assert codes(check(VALID, as_of=date(2028, 6, 10))) == ["expiring"]


def test_month_arithmetic_clamps() -> None:
    assert cr.add_months(date(2023, 2, 28), 36) == date(2026, 2, 28)
    assert cr.add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2361/QD-BNNMT", None),  # QD is read as QĐ
        ("2361 / QĐ-BNNMT", None),
        ("2361/ABC", "ocop_decision"),
        ("QĐ-2361", "ocop_decision"),
    ],
)
def test_decision_number_format(text: str, code: str | None) -> None:
    result = check(VALID.replace("2361/QĐ-BNNMT", text))
    assert codes(result) == ([code] if code else [])
    if code is None:
        assert result.catalog.products[0].certifications[0].decision == "2361/QĐ-BNNMT"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("125.000", "ocop_price_decimal"),
        ("125,5", "ocop_price_text"),
        ('"125k"', "ocop_price_shorthand"),
        ("0", "greater_than"),
        ("true", "ocop_price"),
        ("125000", None),
    ],
)
def test_price_is_a_positive_whole_number_of_dong(value: str, code: str | None) -> None:
    result = check(VALID.replace("price: 250000", f"price: {value}"))
    assert codes(result) == ([code] if code else [])
    if code:
        assert "125000" in result.problems[0].message or code == "greater_than"


def test_price_message_quotes_what_was_typed() -> None:
    (problem,) = check(VALID.replace("price: 250000", "price: 1.250.000")).problems
    assert "write 1250000, not '1.250.000'" in problem.message
    (problem,) = check(VALID.replace("price: 250000", "price: 250,000")).problems
    assert "write 250000, not '250,000'" in problem.message


def test_gtin_and_tax_code_check_digits() -> None:
    assert gtin13_is_valid("8934567890120") and not gtin13_is_valid("8934567890124")
    assert tax_code_is_valid("4600123459") and not tax_code_is_valid("4600123450")
    assert tax_code_is_valid("4600123459-001") and tax_code_is_valid("001085012345")
    assert codes(
        check(VALID.replace("subgroup: che\n", 'subgroup: che\n    gtin: "8934567890124"\n'))
    ) == ["gtin"]
    foreign = check(VALID.replace("subgroup: che\n", 'subgroup: che\n    gtin: "4006381333931"\n'))
    assert codes(foreign) == ["gtin_prefix"] and foreign.catalog is not None


def test_twelve_digit_tax_code_only_for_households() -> None:
    assert codes(check(VALID.replace('"4600123459"', '"001085012345"'))) == ["tax_code"]
    household = VALID.replace('"4600123459"', '"001085012345"').replace(
        "hop_tac_xa", "ho_kinh_doanh"
    )
    assert codes(check(household)) == []


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ('"0912 345 678"', "0912345678"),
        ('"+84 912 345 678"', "0912345678"),
        ('"02083855123"', "02083855123"),
    ],
)
def test_phone_numbers_are_normalised(phone: str, stored: str) -> None:
    result = check(VALID.replace('"0912345678"', phone))
    assert result.catalog is not None
    assert result.catalog.producers[0].phone == stored


@pytest.mark.parametrize("phone", ['"091234567"', '"0112345678"', "912345678"])
def test_bad_phone_numbers(phone: str) -> None:
    assert codes(check(VALID.replace('"0912345678"', phone))) in (["ocop_phone"], ["ocop_quoted"])


def test_old_commune_is_mapped_to_the_2025_commune() -> None:
    text = VALID.replace(
        'commune: "05503"', "old_commune: Xã Hóa Thượng, old_district: Huyện Đồng Hỷ"
    )
    result = check(text)
    assert result.problems == []
    from ocop.rules import resolve_commune

    assert resolve_commune(result.catalog.producers[0].address) == "05692"


def test_split_old_commune_asks_for_the_new_code() -> None:
    result = check(VALID.replace('commune: "05503"', "old_commune: Phường Gia Sàng"))
    assert codes(result) == ["commune"]
    assert "Phường Phan Đình Phùng" in result.problems[0].message


def test_unknown_commune_code_and_unpadded_code() -> None:
    assert codes(check(VALID.replace('"05503"', '"05504"'))) == ["commune"]
    assert codes(check(VALID.replace('"05503"', "5503"))) == []


def test_references_resolve() -> None:
    assert codes(check(VALID.replace("producer: htx-che-hao-dat", "producer: htx-khac"))) == [
        "reference"
    ]
    assert codes(
        check(VALID.replace("categories: {", "exclude: [khong-co]\n    categories: {"))
    ) == ["reference"]


def test_duplicate_ids_and_skus_name_both_lines() -> None:
    product = VALID[VALID.index("  - id: che-tom-non") :]
    result = check(VALID + product)
    assert sorted(codes(result)) == ["duplicate", "duplicate"]
    first = VALID.splitlines().index("  - id: che-tom-non") + 1
    assert all(p.also and p.also[0] >= first for p in result.problems)
    assert "line" in result.problems[0].message


def test_images_exist_and_stay_inside_the_folder() -> None:
    assert codes(check(VALID.replace("images/ok.png", "images/none.png"))) == ["image"]
    assert codes(check(VALID.replace("images/ok.png", "../conftest.py"))) == ["image"]
    assert codes(check(VALID.replace("images/ok.png", "https://x.vn/a.png"))) == ["image"]
    assert codes(check(VALID.replace("images/ok.png", "thirty-mistakes.yaml"))) == ["image"]


def test_community_tourism_is_not_shippable_goods() -> None:
    text = VALID.replace(
        "group: thuc_pham\n    subgroup: che",
        "group: dich_vu_du_lich\n    subgroup: du_lich_cong_dong",
    )
    assert "service" in codes(check(text))
    service = text.replace("unit: hop", "unit: suat").replace(
        "        shipping_weight_g: 180\n", ""
    )
    assert codes(check(service)) == []


def test_goods_need_a_shipping_weight_and_sane_list_price() -> None:
    assert codes(check(VALID.replace("        shipping_weight_g: 180\n", ""))) == ["weight"]
    lower = VALID.replace("price: 250000", "price: 250000\n        list_price: 200000")
    assert codes(check(lower)) == ["list_price"]


def test_marketplace_needs_a_category_for_each_product() -> None:
    result = check(VALID.replace("{thuc_pham/che: 101, thuc_pham: 108}", "{do_uong: 104}"))
    assert codes(result) == ["category"]


def test_comma_in_a_flow_mapping_is_explained() -> None:
    text = VALID.replace(
        "      - sku: HD-CTN-100\n",
        "      - {sku: X1, label: Hộp, unit: hop, shipping_weight_g: 1, price: 125,5}\n      - sku: HD-CTN-100\n",
    )
    result = check(text)
    assert codes(result) == ["invalid_key"]
    assert "comma" in result.problems[0].message


def test_unknown_field_suggests_the_right_one() -> None:
    result = check(VALID.replace("    subgroup: che", "    subgrop: che"))
    assert codes(result) == ["extra_forbidden"]
    assert "subgroup" in result.problems[0].message
