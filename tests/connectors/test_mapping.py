"""The pure offer → draft step: limits, claims, skips."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest
from ocop_postmart.marketplace import CAPABILITIES as POSTMART
from ocop_voso.marketplace import CAPABILITIES as VOSO
from pydantic import TypeAdapter

from ocop.categories import CategoryTree
from ocop.connector import Category, ListingDraft
from ocop.mapping import Skip, badge_stars, cut
from ocop.mapping import draft_for as map_draft
from ocop.model import CategoryPin, Product
from ocop.selection import Offer

TREE = CategoryTree(
    "voso",
    [
        Category(1, "Đặc sản vùng miền", None, False),
        Category(101, "Chè, trà", 1),
        Category(103, "Mật ong, tinh bột nghệ", 1),
    ],
)


def draft_for(o: Offer, caps: Any, day: date, **options: Any) -> ListingDraft | Skip:
    """``ocop.mapping.draft_for`` on ``TREE`` unless another tree is given."""
    options.setdefault("categories", TREE)
    return map_draft(o, caps, day, **options)


CERT = {"stars": 4, "decision": "1234/QĐ-UBND", "date": "2024-03-01", "level": "tinh"}


def product(**changes: Any) -> Product:
    data: dict[str, Any] = {
        "id": "che-tan-cuong",
        "name": "Chè Tân Cương đặc biệt",
        "producer": "htx-a",
        "group": "thuc_pham",
        "subgroup": "che",
        "description": "Chè búp hái tay ở Tân Cương, sao bằng chảo gang, nước xanh.",
        "certifications": [CERT],
        "images": ["images/che.png"],
        "skus": [
            {
                "sku": "TC-200",
                "label": "Hộp 200 g",
                "unit": "hop",
                "net_weight_g": 200,
                "shipping_weight_g": 300,
                "price": 125000,
                "list_price": 150000,
                "stock": 12,
            }
        ],
    }
    data.update(changes)
    return TypeAdapter(Product).validate_python(data)


def offer(prod: Product | None = None, **changes: Any) -> Offer:
    prod = prod or product()
    fields: dict[str, Any] = {
        "marketplace": "voso",
        "product": prod,
        "sku": prod.skus[0],
        "price": prod.skus[0].price,
        "title": None,
        "category": "Chè, trà",
    }
    fields.update(changes)
    return Offer(**fields)


def draft(result: ListingDraft | Skip) -> ListingDraft:
    assert isinstance(result, ListingDraft), result
    return result


def test_a_complete_offer_becomes_a_draft_with_the_claim() -> None:
    result = draft(draft_for(offer(), VOSO, date(2025, 1, 1), producer_name="HTX A"))
    assert result.title == "Chè Tân Cương đặc biệt Hộp 200 g"
    assert result.ocop is not None and result.ocop.stars == 4
    assert result.ocop.valid_until == date(2027, 2, 28)
    assert result.list_price == 150000
    assert result.unit == "Hộp 200 g"
    assert result.shipping_weight_g == 300
    assert result.origin == "Thái Nguyên"
    assert (
        result.description.startswith("<p>Chè búp") and "Sản xuất bởi: HTX A" in result.description
    )


def test_postmart_gets_plain_text() -> None:
    result = draft(draft_for(offer(category="Chè, trà"), POSTMART, date(2025, 1, 1)))
    assert "<p>" not in result.description


def test_html_special_characters_are_escaped_where_html_is_read() -> None:
    prod = product(description="Chè <loại 1> & hương cốm, nước xanh trong vắt")
    result = draft(draft_for(offer(prod), VOSO, date(2025, 1, 1)))
    assert "&lt;loại 1&gt; &amp;" in result.description


def test_expired_certificate_delists_by_default() -> None:
    result = draft_for(offer(), VOSO, date(2027, 3, 1))
    assert isinstance(result, Skip) and result.delist


def test_expired_certificate_can_drop_the_claim_instead() -> None:
    result = draft(draft_for(offer(), VOSO, date(2027, 3, 1), on_expired="drop_ocop_claims"))
    assert result.ocop is None


def test_a_badge_without_decision_number_is_shown_only_where_allowed() -> None:
    undocumented = product(certifications=[{k: v for k, v in CERT.items() if k != "decision"}])
    on_voso = draft(draft_for(offer(undocumented), VOSO, date(2025, 1, 1)))
    on_postmart = draft(
        draft_for(offer(undocumented, category="Chè, trà"), POSTMART, date(2025, 1, 1))
    )
    assert on_voso.ocop is not None and on_voso.ocop.stars == 4
    assert on_postmart.ocop is None  # Postmart refuses a badge without the decision number
    assert (
        badge_stars(offer(undocumented, marketplace="postmart"), POSTMART, date(2025, 1, 1)) is None
    )
    assert badge_stars(offer(undocumented), VOSO, date(2025, 1, 1)) == 4
    assert badge_stars(offer(undocumented), None, date(2025, 1, 1)) == 4


def test_last_valid_day_still_claims() -> None:
    assert draft(draft_for(offer(), VOSO, date(2027, 2, 28))).ocop is not None


def test_titles_are_counted_after_nfc_and_cut_at_a_word() -> None:
    decomposed = unicodedata.normalize("NFD", "Chè Tân Cương " * 20)
    result = draft(draft_for(offer(title=decomposed), VOSO, date(2025, 1, 1)))
    assert unicodedata.is_normalized("NFC", result.title)
    assert len(result.title) <= 120 and not result.title.endswith(" ")
    assert unicodedata.normalize("NFC", decomposed).startswith(result.title + " ")  # whole words
    assert len(result.title) > 110  # NFD would have counted more characters and cut earlier


def test_cut_keeps_short_text_and_falls_back_to_a_hard_cut() -> None:
    assert cut("abc", 5) == "abc"
    assert cut("x" * 10, 4) == "xxxx"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"category": None}, "no category is mapped"),
        ({"category": "Đặc sản vùng miền"}, "has sub-categories: choose one of “Chè, trà”"),
        (
            {"category": "Chè"},
            "voso has no category “Chè”; did you mean “Đặc sản vùng miền > Chè, trà”",
        ),
        ({"category": 101}, "by its id alone; on voso it is “Đặc sản vùng miền > Chè, trà”"),
        ({"category": CategoryPin(name="Chè, trà", id=103)}, "is “Đặc sản vùng miền > Mật ong"),
        ({"category": CategoryPin(name="Chè, trà", id=7)}, "not on voso's list"),
        ({"price": 500}, "outside"),
        ({"title": "Chè"}, "shorter than 10"),
    ],
)
def test_unlistable_offers_are_skipped_with_a_reason(changes: dict[str, Any], words: str) -> None:
    result = draft_for(offer(**changes), VOSO, date(2025, 1, 1))
    assert isinstance(result, Skip) and words in result.reason and not result.delist


@pytest.mark.parametrize(
    "written",
    ["Chè, trà", "chè,  TRÀ", "Đặc sản vùng miền > Chè, trà", CategoryPin(name="Chè, trà", id=101)],
)
def test_a_category_is_named_as_the_marketplace_shows_it(written: Any) -> None:
    assert draft(draft_for(offer(category=written), VOSO, date(2025, 1, 1))).category == 101


def test_missing_image_or_weight_is_skipped() -> None:
    no_image = product(images=[])
    assert isinstance(draft_for(offer(no_image), VOSO, date(2025, 1, 1)), Skip)
    sku = {"sku": "TC-1", "label": "Gói", "unit": "goi", "price": 10000}
    no_weight = product(skus=[sku])
    result = draft_for(offer(no_weight), VOSO, date(2025, 1, 1))
    assert isinstance(result, Skip) and "weight" in result.reason


def test_short_description_is_skipped_on_postmart_but_not_voso() -> None:
    prod = product(description="Chè ngon, thơm cốm.")  # 19 chars
    assert isinstance(draft_for(offer(prod, category="Chè, trà"), POSTMART, date(2025, 1, 1)), Skip)
    assert isinstance(
        draft_for(offer(prod), VOSO, date(2025, 1, 1), producer_name="HTX A"), ListingDraft
    )


def test_long_label_falls_back_to_the_unit_word_and_stock_is_capped() -> None:
    sku = {
        "sku": "TC-9",
        "label": "Hộp quà tết cao cấp 500 g",
        "unit": "hop",
        "net_weight_g": 500,
        "price": 300000,
        "stock": 1_000_000,  # the most the catalogue allows: still above the cap
    }
    result = draft(draft_for(offer(product(skus=[sku])), VOSO, date(2025, 1, 1)))
    assert result.unit == "Hộp" and result.stock == 999_999
    assert result.shipping_weight_g == 500  # net weight when no shipping weight


def test_override_price_above_list_price_drops_the_list_price() -> None:
    result = draft(draft_for(offer(price=160000), VOSO, date(2025, 1, 1)))
    assert result.price == 160000 and result.list_price is None


def test_images_are_capped_to_the_marketplace_limit() -> None:
    prod = product(images=[f"images/{i}.png" for i in range(12)])
    assert len(draft(draft_for(offer(prod), VOSO, date(2025, 1, 1))).images) == 9
    assert (
        len(draft(draft_for(offer(prod, category="Chè, trà"), POSTMART, date(2025, 1, 1))).images)
        == 10
    )


def test_a_long_html_description_is_cut_between_tags() -> None:
    prod = product(description="Chè xanh. " * 500, story="Câu chuyện làng chè.")
    result = draft(draft_for(offer(prod), VOSO, date(2025, 1, 1), producer_name="HTX A"))
    assert len(result.description) <= 5000
    assert result.description.startswith("<p>") and result.description.endswith("</p>")
    assert result.description.count("<p>") == result.description.count("</p>") == 1


def test_a_long_story_is_cut_after_whole_paragraphs() -> None:
    prod = product(story="Làng nghề chè " * 600)
    result = draft(draft_for(offer(prod), VOSO, date(2025, 1, 1)))
    assert len(result.description) <= 5000 and result.description.count("</p>") == 2
    assert result.description.startswith("<p>Chè búp hái tay")


def test_postmart_keeps_the_whole_description() -> None:
    prod = product(story="Làng nghề chè " * 600)
    result = draft(draft_for(offer(prod, category="Chè, trà"), POSTMART, date(2025, 1, 1)))
    assert result.description.endswith("Làng nghề chè")
    assert "\n\n" in result.description
