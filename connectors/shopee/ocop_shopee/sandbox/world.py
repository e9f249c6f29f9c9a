"""The sandbox Shopee's fixed world: partners, shops, categories, attributes, brands, channels.

Built to look like a Vietnamese shop's view of Shopee (names in Vietnamese, the
``original_category_name`` in English, ids in Shopee's ranges), with the variety a connector
must survive: nested categories, mandatory attributes of every input type, a category that
needs a registered brand, one that needs a shelf life the catalogue does not have, disabled
and weight-limited logistics channels. The credentials are the sandbox's own and are printed on
purpose; they open nothing real.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ocop.connector import Category as Listed


@dataclass(frozen=True)
class Partner:
    """An Open Platform app: its id, its key, and the shops that may authorise it when the
    sandbox starts (``ShopeeSandbox.open_shop`` adds more)."""

    partner_id: int
    partner_key: str
    shop_ids: frozenset[int]


@dataclass(frozen=True)
class Shop:
    shop_id: int
    name: str
    region: str = "VN"


@dataclass(frozen=True)
class Category:
    category_id: int
    parent_id: int  # 0 for a root
    name_en: str
    name_vi: str


@dataclass(frozen=True)
class Value:
    value_id: int
    name: str


@dataclass(frozen=True)
class AttributeSpec:
    """One attribute of Shopee's tree (``get_attribute_tree``)."""

    attribute_id: int
    name_vi: str
    name_en: str
    input_type: int  # 1 single drop-down, 2 single combo box, 3 free text
    validation: int = 0  # 0 none, 1 int, 2 string, 3 float
    format_type: int = 1  # 2: quantitative, with a unit
    units: tuple[str, ...] = ()
    values: tuple[Value, ...] = ()


@dataclass(frozen=True)
class Channel:
    channel_id: int
    name: str
    enabled: bool
    max_weight_kg: float = 0.0  # 0: no limit
    cod: bool = True


@dataclass(frozen=True)
class Limits:
    """What ``get_item_limit`` answers (the same for every category here)."""

    price: tuple[int, int] = (1_000, 120_000_000)
    stock: tuple[int, int] = (0, 999_999)
    name: tuple[int, int] = (10, 120)
    images: tuple[int, int] = (1, 9)
    description: tuple[int, int] = (20, 3000)
    tier_name: tuple[int, int] = (1, 20)
    tier_option: tuple[int, int] = (1, 30)
    item_count: int = 5_000


PARTNERS = {
    2_001_001: Partner(2_001_001, "sandbox-shopee-partner-key", frozenset({300_001})),
    2_001_002: Partner(2_001_002, "sandbox-shopee-other-key", frozenset({300_002})),
}
SHOPS = {
    300_001: Shop(300_001, "HTX Đặc sản Thái Nguyên"),
    300_002: Shop(300_002, "Cửa hàng Nông sản Đại Từ"),
}
DEMO_PARTNER = PARTNERS[2_001_001]
DEMO_SHOP = 300_001

CATEGORIES = (
    Category(100_629, 0, "Food & Beverages", "Thực Phẩm và Đồ Uống"),
    Category(100_630, 100_629, "Beverages", "Đồ uống"),
    Category(100_631, 100_630, "Tea", "Trà"),
    Category(100_632, 100_630, "Coffee", "Cà phê"),
    Category(100_633, 100_630, "Alcoholic Beverages", "Đồ uống có cồn"),
    Category(100_640, 100_629, "Dried Goods", "Đồ khô"),
    Category(100_641, 100_640, "Rice & Noodles", "Gạo, miến, bún, phở"),
    Category(100_642, 100_640, "Dried Meat & Seafood", "Thịt, cá khô"),
    Category(100_643, 100_640, "Dried Vegetables & Mushrooms", "Măng, nấm, rau củ sấy khô"),
    Category(100_650, 100_629, "Honey", "Mật ong"),
    Category(100_651, 100_629, "Seasonings", "Gia vị"),
    Category(100_652, 100_629, "Regional Specialties", "Đặc sản vùng miền"),
    Category(100_001, 0, "Health", "Sức Khỏe"),
    Category(100_002, 100_001, "Food Supplement", "Thực phẩm chức năng"),
    Category(100_003, 100_001, "Essential Oils", "Tinh dầu"),
    Category(100_636, 0, "Home & Living", "Nhà Cửa & Đời Sống"),
    Category(100_637, 100_636, "Handicrafts", "Đồ thủ công mỹ nghệ"),
    Category(100_700, 0, "Beauty", "Sắc Đẹp"),
    Category(100_701, 100_700, "Skincare", "Chăm sóc da mặt"),
)
CATEGORY_BY_ID = {c.category_id: c for c in CATEGORIES}
PARENTS = {c.parent_id for c in CATEGORIES}


@dataclass(frozen=True)
class Tree:
    """The category tree one sandbox serves (its own, or ``ocop sandbox --categories``)."""

    categories: tuple[Category, ...]

    @property
    def by_id(self) -> dict[int, Category]:
        return {c.category_id: c for c in self.categories}

    @property
    def parents(self) -> set[int]:
        return {c.parent_id for c in self.categories}


def tree_of(categories: Sequence[Listed] | None) -> Tree:
    """The tree to serve: ``categories`` when given (Shopee's ids are integers, its English
    name the first alias when there is one), else the one above."""
    if categories is None:
        return Tree(CATEGORIES)
    found = []
    for c in categories:
        if not isinstance(c.id, int) or not isinstance(c.parent, int | None):
            raise ValueError(f"Shopee category ids are integers, not {c.id!r}")
        english = c.aliases[0] if c.aliases else c.name
        found.append(Category(c.id, c.parent or 0, english, c.name))
    return Tree(tuple(found))


ORIGIN = AttributeSpec(100_010, "Xuất xứ", "Country of Origin", 1, values=(
    Value(492, "Việt Nam"), Value(493, "Trung Quốc"), Value(494, "Thái Lan"),
    Value(495, "Hàn Quốc"), Value(496, "Nhật Bản"),
))  # fmt: skip
WEIGHT = AttributeSpec(100_011, "Trọng lượng", "Weight", 3, 3, 2, ("g", "kg"))
SHELF_LIFE = AttributeSpec(100_012, "Hạn sử dụng", "Shelf Life", 1, values=(
    Value(601, "1 tháng"), Value(602, "3 tháng"), Value(603, "6 tháng"), Value(604, "12 tháng"),
    Value(605, "24 tháng"), Value(606, "36 tháng"),
))  # fmt: skip
VOLUME = AttributeSpec(100_013, "Thể tích", "Volume", 3, 3, 2, ("ml", "l"))
TEA_TYPE = AttributeSpec(100_014, "Loại trà", "Tea Type", 2, values=(
    Value(701, "Trà xanh"), Value(702, "Trà đen"), Value(703, "Trà thảo mộc"),
))  # fmt: skip
MATERIAL = AttributeSpec(100_015, "Chất liệu", "Material", 3, 2)
PROVINCE = AttributeSpec(100_016, "Tỉnh/Thành phố sản xuất", "Place of Production", 3, 2)
ABV = AttributeSpec(100_017, "Nồng độ cồn", "Alcohol Content", 3, 3, 2, ("%",))

FOOD = ((ORIGIN, True), (WEIGHT, True), (SHELF_LIFE, False), (PROVINCE, False))
ATTRIBUTES: dict[int, tuple[tuple[AttributeSpec, bool], ...]] = {  # leaf → (attribute, mandatory)
    100_631: (*FOOD, (TEA_TYPE, False)),
    100_632: FOOD,
    100_633: ((ORIGIN, True), (VOLUME, False), (ABV, False), (PROVINCE, False)),
    100_641: FOOD,
    100_642: FOOD,
    100_643: FOOD,
    100_650: FOOD,
    100_651: FOOD,
    100_652: FOOD,
    100_002: ((ORIGIN, True), (SHELF_LIFE, True), (WEIGHT, False)),
    100_003: ((ORIGIN, True), (VOLUME, False)),
    100_637: ((ORIGIN, True), (MATERIAL, False), (PROVINCE, False)),
    100_701: ((ORIGIN, True), (SHELF_LIFE, True), (VOLUME, True)),
}


@dataclass(frozen=True)
class BrandRule:
    mandatory: bool
    brands: tuple[tuple[int, str], ...] = field(default=())


OCOP_BRANDS = ((1_146_303, "Hảo Đạt"), (1_146_304, "Tân Cương Xanh"), (1_146_305, "Vicumax"))
BRANDS = {leaf: BrandRule(False, OCOP_BRANDS) for leaf in ATTRIBUTES}
BRANDS[100_701] = BrandRule(True, ((2_000_001, "Cocoon"), (2_000_002, "Thorakao")))
NO_BRAND = (0, "NoBrand")

CHANNELS = (
    Channel(50_011, "Giao Hàng Tiết Kiệm", True, 20.0),
    Channel(50_012, "J&T Express", True, 30.0),
    Channel(50_018, "Ninja Van", False, 30.0),
    Channel(50_021, "SPX Express", True, 30.0),
    Channel(50_023, "Hỏa Tốc", True, 5.0, cod=False),
)
LIMITS = Limits()
LANGUAGES = frozenset({"en", "vi"})  # get_category: "VN: en / vi"
