"""Typed answers: one pydantic model for every Shopee answer ocop reads.

Field names and types follow the response tables of ``ocop_shopee.apidoc``; only what ocop
uses is declared (unknown keys are ignored, as Shopee adds fields over time). A field ocop
relies on has no default, so an answer without it fails validation and the client raises a
``ConnectorError`` naming the call and the field, never a ``KeyError`` later.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    """Base of every answer model: frozen, unknown keys ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


class Nothing(Answer):
    """Calls documented without a ``response`` (delete_item, delete_model, update_*)."""


# --- authorisation (flat answers) -----------------------------------------------------------


class TokenAnswer(Answer):
    """public.get_access_token and public.refresh_access_token."""

    access_token: str = Field(min_length=1)
    refresh_token: str = Field(min_length=1)
    expire_in: int = Field(gt=0)  # seconds (apidoc.READINGS)
    shop_id: int | None = None
    shop_id_list: list[int] = Field(default_factory=list)


class ShopInfo(Answer):
    """shop.get_shop_info (flat)."""

    shop_name: str
    region: str = ""
    status: str = ""


# --- media, categories, attributes, brands, logistics, limits --------------------------------


class ImageUrl(Answer):
    image_url_region: str = ""
    image_url: str


class ImageInfo(Answer):
    image_id: str = Field(min_length=1)
    image_url_list: list[ImageUrl] = Field(default_factory=list)


class UploadedImage(Answer):
    """media_space.upload_image."""

    image_info: ImageInfo


class Category(Answer):
    category_id: int
    parent_category_id: int
    original_category_name: str
    display_category_name: str = ""
    has_children: bool


class Categories(Answer):
    """product.get_category."""

    category_list: list[Category]


class AttributeValue(Answer):
    value_id: int
    name: str = ""
    value_unit: str = ""


class AttributeInfo(Answer):
    input_type: int = 0  # 1 single drop-down, 2 single combo box, 3 free text, 4/5 multi …
    input_validation_type: int = 0  # 0 none, 1 int, 2 string, 3 float, 4 date
    format_type: int = 1  # 2: quantitative, with a unit
    attribute_unit_list: list[str] = Field(default_factory=list)
    max_value_count: int = 1


class Attribute(Answer):
    attribute_id: int
    mandatory: bool
    name: str
    attribute_value_list: list[AttributeValue] = Field(default_factory=list)
    attribute_info: AttributeInfo = Field(default_factory=AttributeInfo)


class CategoryAttributes(Answer):
    category_id: int
    attribute_tree: list[Attribute] = Field(default_factory=list)


class AttributeTree(Answer):
    """product.get_attribute_tree."""

    categories: list[CategoryAttributes] = Field(alias="list")


class Brand(Answer):
    brand_id: int
    original_brand_name: str
    display_brand_name: str = ""


class Brands(Answer):
    """product.get_brand_list."""

    brand_list: list[Brand] = Field(default_factory=list)
    has_next_page: bool
    next_offset: int = 0
    is_mandatory: bool


class WeightLimit(Answer):
    item_max_weight: float = 0.0  # kg; 0 = no limit
    item_min_weight: float = 0.0


class Channel(Answer):
    logistics_channel_id: int
    logistics_channel_name: str
    enabled: bool
    fee_type: str = ""
    mask_channel_id: int = 0
    weight_limit: WeightLimit = Field(default_factory=WeightLimit)


class Channels(Answer):
    """logistics.get_channel_list."""

    logistics_channel_list: list[Channel]


class Limit(Answer):
    min_limit: float = 0
    max_limit: float = 0


class ItemLimits(Answer):
    """product.get_item_limit."""

    price_limit: Limit
    stock_limit: Limit
    item_name_length_limit: Limit
    item_image_count_limit: Limit
    item_description_length_limit: Limit
    tier_variation_name_length_limit: Limit
    tier_variation_option_length_limit: Limit


# --- items and models -----------------------------------------------------------------------


class AddedItem(Answer):
    """product.add_item."""

    item_id: int
    item_status: str


class ItemRef(Answer):
    item_id: int
    item_status: str


class ItemPage(Answer):
    """product.get_item_list."""

    item: list[ItemRef] = Field(default_factory=list)
    total_count: int
    has_next_page: bool
    next_offset: int = 0


class Found(Answer):
    """product.search_item."""

    item_id_list: list[int] = Field(default_factory=list)
    total_count: int = 0
    next_offset: str = ""


class PriceInfo(Answer):
    original_price: float
    current_price: float | None = None


class SellerStock(Answer):
    stock: int
    location_id: str = ""


class StockSummary(Answer):
    total_available_stock: int


class StockInfo(Answer):
    summary_info: StockSummary | None = None
    seller_stock: list[SellerStock] = Field(default_factory=list)

    @property
    def stock(self) -> int:
        """The seller's stock: the summary when given, else the sum over locations."""
        if self.summary_info is not None:
            return self.summary_info.total_available_stock
        return sum(s.stock for s in self.seller_stock)


class ItemImage(Answer):
    image_id_list: list[str] = Field(default_factory=list)
    image_url_list: list[str] = Field(default_factory=list)


class ItemAttributeValue(Answer):
    value_id: int = 0
    original_value_name: str = ""
    value_unit: str = ""


class ItemAttribute(Answer):
    attribute_id: int
    attribute_value_list: list[ItemAttributeValue] = Field(default_factory=list)


class Item(Answer):
    """One entry of product.get_item_base_info."""

    item_id: int
    category_id: int
    item_name: str
    description: str = ""
    item_sku: str = ""
    item_status: str
    has_model: bool
    price_info: list[PriceInfo] = Field(default_factory=list)  # absent when has_model
    stock_info_v2: StockInfo | None = None
    image: ItemImage = Field(default_factory=ItemImage)
    attribute_list: list[ItemAttribute] = Field(default_factory=list)


class Items(Answer):
    """product.get_item_base_info."""

    item_list: list[Item] = Field(default_factory=list)


class Option(Answer):
    option: str


class TierVariation(Answer):
    name: str
    option_list: list[Option] = Field(default_factory=list)


class Model(Answer):
    model_id: int
    model_sku: str = ""
    tier_index: list[int]
    price_info: list[PriceInfo] = Field(min_length=1)
    stock_info_v2: StockInfo | None = None


class Models(Answer):
    """product.get_model_list."""

    tier_variation: list[TierVariation]
    model: list[Model]


class CreatedModel(Answer):
    model_id: int
    model_sku: str = ""
    tier_index: list[int]


class TierInit(Answer):
    """product.init_tier_variation."""

    item_id: int
    model: list[CreatedModel] = Field(min_length=1)


class AddedModels(Answer):
    """product.add_model."""

    model: list[CreatedModel] = Field(min_length=1)


class ModelFailure(Answer):
    model_id: int = 0
    failed_reason: str = ""


class ModelDone(Answer):
    model_id: int


class ModelOutcomes(Answer):
    """product.update_price and product.update_stock: per-model outcomes."""

    failure_list: list[ModelFailure] = Field(default_factory=list)
    success_list: list[ModelDone] = Field(default_factory=list)


class ItemFailure(Answer):
    item_id: int
    failed_reason: str = ""


class Unlisted(Answer):
    item_id: int
    unlist: bool


class UnlistResult(Answer):
    """product.unlist_item."""

    failure_list: list[ItemFailure] = Field(default_factory=list)
    success_list: list[Unlisted] = Field(default_factory=list)
