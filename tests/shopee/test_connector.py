"""What the per-SKU seam becomes on Shopee's items and models, beyond the contract."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from ocop_shopee import ItemBlocked, ShopeeConnector, ShopeeSandbox
from ocop_shopee.listings import RemoteId

from ocop.connector import ListingStatus, OfferUpdate
from ocop.errors import Conflict, NotFound, OutcomeUnknown, TransientError, ValidationRejected
from tests.shopee.conftest import connector_for, upload
from tests.shopee.drafts import draft, product


def item_of(sb: ShopeeSandbox, remote_id: str) -> dict:  # type: ignore[type-arg]
    return sb.item(RemoteId.parse(remote_id).item_id)


def test_a_one_sku_product_is_an_item_without_models(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    (only,) = product(("Hộp 200 g",))
    made = connector.create(only, [upload(connector)])
    doc = item_of(shopee, made.remote_id)
    assert "/" not in made.remote_id and doc["item_sku"] == only.sku and doc["models"] == []
    assert doc["item_name"] == only.title


def test_a_products_skus_are_models_of_one_item(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    small, large = product(("Hộp 100 g", "Hộp 200 g"))
    image = upload(connector)
    one, two = connector.create(small, [image]), connector.create(large, [image])
    first, second = RemoteId.parse(one.remote_id), RemoteId.parse(two.remote_id)
    assert first.item_id == second.item_id and first.model_id != second.model_id
    doc = shopee.item(first.item_id)
    assert doc["item_sku"] == small.product.product_id  # type: ignore[union-attr]
    assert doc["item_name"] == small.product.name  # type: ignore[union-attr]
    assert doc["tier"] == [{"name": "Quy cách", "options": ["Hộp 100 g", "Hộp 200 g"]}]
    assert {m["model_sku"]: m["original_price"] for m in doc["models"]} == {
        small.sku: 90_000,
        large.sku: 130_000,
    }
    seen = {
        x.sku: x for x in connector.iter_listings() if x.remote_id.startswith(str(first.item_id))
    }
    assert seen[large.sku].title == large.title and seen[large.sku].price == 130_000
    assert [x.remote_id for x in connector.find_by_sku(large.sku)] == [two.remote_id]


def test_creates_of_one_product_at_once_make_one_item(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    drafts = product(("Gói 50 g", "Hộp 100 g", "Hộp 200 g", "Hộp 500 g"))
    image = upload(connector)
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda d=d: results.append(connector.create(d, [image]).remote_id))
        for d in drafts
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({RemoteId.parse(r).item_id for r in results}) == 1 and len(set(results)) == 4


def test_a_create_whose_answer_was_lost_is_found_not_repeated(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    small, large = product(("Hộp 100 g", "Hộp 200 g"))
    image = upload(connector)
    connector.create(small, [image])
    connector.set_listed(connector.create(large, [image]).remote_id, False)  # its option stays
    shopee.set_faults(commit_then_504_rate=1)
    try:
        with pytest.raises(OutcomeUnknown):
            connector.create(large, [image])  # add_model committed, its answer lost
    finally:
        shopee.set_faults(commit_then_504_rate=0)
    found = connector.find_by_sku(large.sku)
    assert len(found) == 1
    shopee.reset_stats()
    again = connector.create(large, [image])  # the engine sends it again after a lost answer
    assert again.remote_id == found[0].remote_id
    assert shopee.stats()["writes"] == 0  # looked up, found, nothing written twice


def test_a_failed_option_write_leaves_nothing_to_duplicate(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    small, large = product(("Hộp 100 g", "Hộp 200 g"))
    image = upload(connector)
    connector.create(small, [image])
    shopee.set_faults(commit_then_504_rate=1)
    try:
        with pytest.raises(TransientError):  # setting the options is retried, then given up
            connector.create(large, [image])
    finally:
        shopee.set_faults(commit_then_504_rate=0)
    assert connector.find_by_sku(large.sku) == []
    made = connector.create(large, [image])  # the option is there already: only add_model
    assert item_of(shopee, made.remote_id)["tier"][0]["options"] == ["Hộp 100 g", "Hộp 200 g"]


def test_an_item_left_without_its_variation_is_completed(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    small, large = product(("Hộp 100 g", "Hộp 200 g"))
    image = upload(connector)
    shopee.set_faults(drop_after_commit_rate=1)
    try:
        with pytest.raises(OutcomeUnknown):
            connector.create(small, [image])  # add_item committed, its answer lost
    finally:
        shopee.set_faults(drop_after_commit_rate=0)
    assert connector.find_by_sku(small.sku) == []  # no model yet: the engine creates again
    shopee.reset_stats()
    made = connector.create(small, [image])
    assert shopee.stats().get("POST /product/add_item", 0) == 0
    assert shopee.stats()["POST /product/init_tier_variation"] == 1
    assert connector.create(large, [image]).remote_id.split("/")[0] == made.remote_id.split("/")[0]


def test_off_sale_deletes_a_model_among_others_and_unlists_the_last(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    small, large = product(("Hộp 100 g", "Hộp 200 g"))
    image = upload(connector)
    one, two = connector.create(small, [image]), connector.create(large, [image])
    assert connector.set_listed(one.remote_id, False).status is ListingStatus.INACTIVE
    doc = item_of(shopee, one.remote_id)
    assert doc["item_status"] == "NORMAL" and [m["model_sku"] for m in doc["models"]] == [large.sku]
    with pytest.raises(NotFound):
        connector.get(one.remote_id)
    assert connector.set_listed(two.remote_id, False).status is ListingStatus.INACTIVE
    assert item_of(shopee, two.remote_id)["item_status"] == "UNLIST"
    assert connector.set_listed(two.remote_id, True).status is ListingStatus.ACTIVE
    back = connector.create(small, [image])  # the packaging returns: a new model, same item
    assert (
        back.remote_id.split("/")[0] == one.remote_id.split("/")[0]
        and back.remote_id != one.remote_id
    )
    assert item_of(shopee, back.remote_id)["tier"][0]["options"] == ["Hộp 100 g", "Hộp 200 g"]


def test_a_content_update_renames_the_option_and_sets_price_and_stock(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    small, large = product(("Hộp 100 g", "Hộp 200 g"))
    image = upload(connector)
    connector.create(small, [image])
    two = connector.create(large, [image])
    relabelled = replace(
        large, price=150_000, stock=3, product=replace(large.product, option="Hộp 250 g")
    )  # type: ignore[type-var]
    listing = connector.update_content(two.remote_id, relabelled, [image]).listing
    assert listing is not None and (listing.price, listing.stock) == (150_000, 3)
    assert item_of(shopee, two.remote_id)["tier"][0]["options"] == ["Hộp 100 g", "Hộp 250 g"]


@pytest.mark.parametrize(
    "category",
    [100_631, "Food & Beverages > Beverages > Tea", "trà", "Thực phẩm và đồ uống>Đồ uống>Trà"],
)
def test_a_category_is_found_by_id_path_or_name(
    connector: ShopeeConnector, category: int | str
) -> None:
    made = connector.create(draft(category=category), [upload(connector)])
    assert made.listing is not None and made.listing.category == 100_631


@pytest.mark.parametrize(
    ("category", "reason"), [("Đồ uống", "not_leaf"), ("Trà sữa", "invalid"), (999, "invalid")]
)
def test_a_category_that_cannot_take_items_is_refused_before_sending(
    shopee: ShopeeSandbox, connector: ShopeeConnector, category: int | str, reason: str
) -> None:
    shopee.reset_stats()
    with pytest.raises(ValidationRejected) as caught:
        connector.create(draft(category=category), ["http://x/file/none"])
    assert [(i.field, i.reason) for i in caught.value.issues] == [("category_id", reason)]
    assert shopee.stats()["writes"] == 0


def test_a_mandatory_attribute_the_catalogue_lacks_holds_the_sku_back(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    supplement = draft(category="Sức Khỏe > Thực phẩm chức năng")
    refused = connector.refusal(supplement)
    assert refused is not None
    assert [(i.field, i.reason) for i in refused.issues] == [
        ("attribute_list[Hạn sử dụng]", "missing")
    ]
    (reason,) = connector.problems(supplement)  # what the plan holds the SKU back with
    assert "'Hạn sử dụng'" in reason and "catalogue" in reason
    shopee.reset_stats()
    with pytest.raises(ValidationRejected, match="Hạn sử dụng"):
        connector.create(supplement, ["http://x/file/none"])
    assert shopee.stats()["writes"] == 0
    assert connector.problems(draft()) == []


def test_attributes_and_brand_come_from_the_catalogue(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    (mine,) = product(("Hộp 200 g",), producer="Hảo Đạt")
    doc = item_of(shopee, connector.create(mine, [upload(connector)]).remote_id)
    assert doc["brand"] == {"brand_id": 1_146_303, "original_brand_name": "Hảo Đạt"}
    values = {a["attribute_id"]: a["attribute_value_list"][0] for a in doc["attribute_list"]}
    assert values[100_010] == {"value_id": 492}  # Việt Nam, from the drop-down
    assert values[100_011] == {"value_id": 0, "original_value_name": "200", "value_unit": "g"}
    assert values[100_016]["original_value_name"] == "Thái Nguyên"
    (other,) = product(("Hộp 200 g",), producer="HTX không có thương hiệu")
    assert (
        item_of(shopee, connector.create(other, [upload(connector)]).remote_id)["brand"]["brand_id"]
        == 0
    )


def test_a_category_that_needs_a_registered_brand_holds_back_a_producer_without_one(
    connector: ShopeeConnector,
) -> None:
    refused = connector.refusal(draft(category="Sắc Đẹp > Chăm sóc da mặt"))
    assert refused is not None
    assert [(i.field, i.reason) for i in refused.issues] in (
        [("brand", "missing")],
        [("attribute_list[Hạn sử dụng]", "missing")],
    )


def test_logistics_are_the_enabled_channels_that_take_the_weight(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    doc = item_of(shopee, connector.create(draft(), [upload(connector)]).remote_id)
    assert [c["logistic_id"] for c in doc["logistic_info"]] == [50_011, 50_012, 50_021, 50_023]
    heavy = item_of(
        shopee, connector.create(draft(shipping_weight_g=25_000), [upload(connector)]).remote_id
    )
    assert [c["logistic_id"] for c in heavy["logistic_info"]] == [50_012, 50_021]
    express = connector_for(shopee, OCOP_SHOPEE_LOGISTIC_IDS="50023")
    try:
        refused = express.refusal(draft(shipping_weight_g=6_000))
        assert refused is not None
        assert [(i.field, i.reason) for i in refused.issues] == [("logistic_info", "invalid")]
    finally:
        express.close()


def test_an_item_in_review_is_blocked_until_shopee_decides(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    shopee.set_behaviour(review_s=3600)
    try:
        made = connector.create(draft(), [upload(connector)])
    finally:
        shopee.set_behaviour(review_s=0)
    listing = connector.get(made.remote_id)
    assert listing.status is ListingStatus.BLOCKED and listing.pending_changes
    with pytest.raises(ItemBlocked, match="banned_or_reviewing"):
        connector.set_listed(made.remote_id, True)
    shopee.mutate(RemoteId.parse(made.remote_id).item_id, review_until=0)  # Shopee decides
    assert connector.get(made.remote_id).status is ListingStatus.ACTIVE


def test_a_ban_or_a_deletion_behind_ocops_back_is_seen(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    banned = connector.create(draft(), [upload(connector)])
    shopee.mutate(RemoteId.parse(banned.remote_id).item_id, item_status="BANNED")
    assert connector.get(banned.remote_id).status is ListingStatus.BLOCKED
    with pytest.raises(Conflict):
        connector.set_listed(banned.remote_id, True)
    results = connector.update_offers([OfferUpdate(banned.remote_id, price=1_000)])
    assert isinstance(results[0].error, Conflict)
    gone = connector.create(draft(), [upload(connector)])
    shopee.delete(RemoteId.parse(gone.remote_id).item_id)
    with pytest.raises(NotFound):
        connector.get(gone.remote_id)
    assert gone.remote_id not in {x.remote_id for x in connector.iter_listings()}


def test_a_hand_made_item_is_found_by_its_sku(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    shopee.create_item("HAND-MADE-1")
    found = connector.find_by_sku("HAND-MADE-1")
    assert [x.title for x in found] == ["Sản phẩm làm tay HAND-MADE-1"]
    assert connector.find_by_sku("HAND-MADE") == []  # search_item matches loosely; ocop exactly


def test_the_ocop_claim_is_written_only_while_the_certificate_is_valid(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    claimed = item_of(shopee, connector.create(draft(), [upload(connector)]).remote_id)
    assert claimed["description"].startswith(
        "Sản phẩm OCOP 4 sao (Quyết định 1234/QĐ-UBND, hiệu lực đến"
    )
    plain = connector.create(draft(ocop=None), [upload(connector)])
    assert "OCOP" not in item_of(shopee, plain.remote_id)["description"]
    assert connector.get(plain.remote_id).ocop_stars is None


def test_offer_updates_go_per_model_and_fail_per_model(
    shopee: ShopeeSandbox, connector: ShopeeConnector
) -> None:
    small, large = product(("Hộp 100 g", "Hộp 200 g"))
    image = upload(connector)
    one, two = connector.create(small, [image]), connector.create(large, [image])
    shopee.reset_stats()
    results = connector.update_offers([
        OfferUpdate(one.remote_id, price=95_000, stock=7),
        OfferUpdate(two.remote_id, price=500),  # below Shopee's minimum
        OfferUpdate(f"{one.remote_id.split('/')[0]}/1", stock=1),  # no such model
    ])  # fmt: skip
    assert results[0].ok and isinstance(results[1].error, ValidationRejected)
    assert isinstance(results[2].error, NotFound)
    assert shopee.stats()["POST /product/update_price"] == 1  # one call for the item's models
    assert (connector.get(one.remote_id).price, connector.get(one.remote_id).stock) == (95_000, 7)


def test_reference_data_is_read_once_however_many_creates_need_it(shopee: ShopeeSandbox) -> None:
    connector = connector_for(shopee)
    try:
        shopee.reset_stats()
        threads = [
            threading.Thread(target=connector.data.prepare, args=("Mật ong",)) for _ in range(12)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stats = shopee.stats()
        for route in ("get_category", "get_attribute_tree", "get_brand_list", "get_item_limit"):
            assert stats[f"GET /product/{route}"] == 1, route
        assert stats["GET /logistics/get_channel_list"] == 1
    finally:
        connector.close()
