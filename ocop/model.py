"""The OCOP catalogue: producers, their certified products, and the SKUs sold on marketplaces.

Every model is frozen and refuses unknown fields, so a typo in ``catalog.yaml`` is reported
instead of silently ignored. Field types carry the catalogue's rules that need nothing but the
value itself; rules that look across fields or records live in ``ocop.rules``.

Glossary (Vietnamese terms the code keeps):
    OCOP       Chương trình Mỗi xã một sản phẩm, "One Commune One Product".
    chủ thể    the producer: HTX (hợp tác xã, cooperative), doanh nghiệp (company),
               hộ kinh doanh (household business), tổ hợp tác (cooperative group).
    xã/phường  commune-level unit; since 1 July 2025 there is no district level.
    QĐ         quyết định, the decision that recognises a product's stars.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Discriminator, Field, PrivateAttr, Tag
from pydantic.dataclasses import dataclass
from pydantic.fields import FieldInfo

from ocop.text import Line, Prose
from ocop.values import (
    CommuneCode,
    Count,
    Day,
    DecisionNumber,
    Flag,
    Grams,
    Gtin13,
    Phone,
    Price,
    SellerSku,
    Slug,
    Stars,
    TaxCode,
)

RECORD_CONFIG = ConfigDict(extra="forbid", validate_default=False)


class Model(BaseModel):
    """Base of the one catalogue-wide model: frozen, strict about unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)


# Records (producers, products, SKUs, ...) are frozen, slotted pydantic dataclasses rather than
# BaseModels: a national catalogue holds about 80,000 of them, and a BaseModel instance carries
# a dict and a set of the fields given (about 1 KB for a SKU) where a slotted one needs about
# 110 bytes. That was a quarter of the memory of loading, and of its time. They refuse unknown
# fields just the same.


# --- bounds ---------------------------------------------------------------------------------
# How long each text may be, and how many images, SKUs and decisions a product may have. Each
# is matched to what the marketplaces accept or to what a person would write, with room to
# spare; docs/catalogue.md ("Bounds") lists them all and says what happens past each one.

PersonName = Annotated[str, Line(150)]  # a registered producer name; the longest real ~100
ProductName = Annotated[str, Line(120)]  # the start of every listing title (at most 120 shown)
Label = Annotated[str, Line(60)]  # "Hộp 100 g", "Set quà 3 hũ mật ong 250 ml"
Description = Annotated[str, Prose(5000)]  # the longest description a marketplace takes
Story = Annotated[str, Prose(10_000)]  # the scorecard's product story can run to pages
Street = Annotated[str, Line(200)]
PlaceName = Annotated[str, Line(100)]  # an old commune or district, a province
Citation = Annotated[str, Line(500)]  # a source: a web address or a document's title
Note = Annotated[str, Prose(1000)]
ImagePath = Annotated[str, Line(255)]  # the longest file name most file systems allow
Title = Annotated[str, Line(200)]  # a per-marketplace listing title
Reference = Annotated[str, Line(80)]  # a product id or SKU named in a marketplace section
CategoryKey = Annotated[str, Line(100)]  # "thuc_pham/che" or a product id
SubgroupCode = Annotated[str, Line(40)]
CategoryId = Annotated[int, Field(ge=0, le=2**53)]  # a marketplace's numeric category id
# "Đồ uống > Trà": a category's name as the marketplace shows it, or its path (parents first)
CategoryName = Annotated[str, Line(300)]
MAX_IMAGES = 20  # marketplaces show 9 or 10; the others wait as spares
MAX_SKUS = 100  # packagings of one product
MAX_CERTIFICATIONS = 20  # a decision every three years since 2018 is 3
MAX_SOURCES = 20


# --- enumerations ---------------------------------------------------------------------------


class ProductGroup(StrEnum):
    """The six OCOP product groups of Decision 148/QĐ-TTg (Art. 1 §1a)."""

    THUC_PHAM = "thuc_pham"  # Thực phẩm
    DO_UONG = "do_uong"  # Đồ uống
    DUOC_LIEU = "duoc_lieu"  # Dược liệu và sản phẩm từ dược liệu
    THU_CONG_MY_NGHE = "thu_cong_my_nghe"  # Hàng thủ công mỹ nghệ
    SINH_VAT_CANH = "sinh_vat_canh"  # Sinh vật cảnh
    DICH_VU_DU_LICH = "dich_vu_du_lich"  # Dịch vụ du lịch cộng đồng, sinh thái, điểm du lịch


GROUP_NAMES_VI: dict[ProductGroup, str] = {
    ProductGroup.THUC_PHAM: "Thực phẩm",
    ProductGroup.DO_UONG: "Đồ uống",
    ProductGroup.DUOC_LIEU: "Dược liệu và sản phẩm từ dược liệu",
    ProductGroup.THU_CONG_MY_NGHE: "Hàng thủ công mỹ nghệ",
    ProductGroup.SINH_VAT_CANH: "Sinh vật cảnh",
    ProductGroup.DICH_VU_DU_LICH: "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
}

# Sub-groups per group (Decision 148 Appendix I as summarised in the research notes; "che" is
# kept as its own food sub-group because Thái Nguyên reports count tea separately).
SUBGROUPS: dict[ProductGroup, dict[str, str]] = {
    ProductGroup.THUC_PHAM: {
        "tuoi_song": "Thực phẩm tươi sống",
        "so_che": "Thực phẩm thô, sơ chế",
        "che_bien": "Thực phẩm chế biến",
        "che": "Chè",
        "gia_vi": "Gia vị",
        "ca_phe_ca_cao": "Cà phê, ca cao",
    },
    ProductGroup.DO_UONG: {"co_con": "Đồ uống có cồn", "khong_con": "Đồ uống không cồn"},
    ProductGroup.DUOC_LIEU: {
        "thuc_pham_chuc_nang": "Thực phẩm chức năng",
        "thuoc_co_truyen": "Thuốc dược liệu, thuốc cổ truyền",
        "my_pham": "Mỹ phẩm từ dược liệu",
        "tinh_dau": "Tinh dầu",
        "duoc_lieu_khac": "Dược liệu và sản phẩm khác",
    },
    ProductGroup.THU_CONG_MY_NGHE: {
        "go": "Đồ gỗ",
        "may_tre_dan": "Mây tre đan, sợi",
        "kim_loai": "Đồ kim loại",
        "gom_su": "Gốm sứ, thủy tinh",
        "det_may": "Dệt may, thêu",
        "luu_niem": "Lưu niệm, trang trí",
    },
    ProductGroup.SINH_VAT_CANH: {
        "hoa": "Hoa",
        "cay_canh": "Cây cảnh",
        "dong_vat_canh": "Động vật cảnh",
    },
    ProductGroup.DICH_VU_DU_LICH: {
        "du_lich_cong_dong": "Du lịch cộng đồng",
        "du_lich_sinh_thai": "Du lịch sinh thái",
        "diem_du_lich": "Điểm du lịch",
    },
}


class ProducerKind(StrEnum):
    """The legal form of the producer (chủ thể)."""

    HOP_TAC_XA = "hop_tac_xa"
    DOANH_NGHIEP = "doanh_nghiep"
    HO_KINH_DOANH = "ho_kinh_doanh"
    TO_HOP_TAC = "to_hop_tac"


class IssuingLevel(StrEnum):
    """Who signed the recognition decision."""

    TRUNG_UONG = "trung_uong"  # the ministry (Bộ NN&PTNT, since 2025 Bộ NN&MT)
    TINH = "tinh"  # UBND tỉnh (province)
    HUYEN = "huyen"  # UBND huyện (district): 3★ only, 24/02/2023–30/06/2025


class CertificationKind(StrEnum):
    """Why a decision was issued."""

    LAN_DAU = "lan_dau"  # first recognition
    CONG_NHAN_LAI = "cong_nhan_lai"  # re-recognised after 36 months
    NANG_HANG = "nang_hang"  # upgraded to more stars


class Unit(StrEnum):
    """The packaging word a SKU is sold by."""

    HOP = "hop"
    GOI = "goi"
    TUI = "tui"
    CHAI = "chai"
    LO = "lo"
    HU = "hu"
    BINH = "binh"
    KG = "kg"
    BO = "bo"
    THUNG = "thung"
    SET = "set"
    CAI = "cai"
    SUAT = "suat"  # a tourism service portion: not shippable
    VE = "ve"  # a ticket: not shippable


SERVICE_UNITS = frozenset({Unit.SUAT, Unit.VE})


# --- records --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Address:
    """Where a producer is, or where a product is made.

    ``commune`` is the 2025 NSO code. Records written before the reform may give the old
    commune and district instead; ocop maps them to the new commune (``ocop.rules``) and keeps
    the old names for reports compared with earlier years.
    """

    street: Street | None = Field(None, description="thôn/xóm/tổ, số nhà")
    commune: CommuneCode | None = Field(
        None, description="2025 commune/ward code (NSO), e.g. 05503"
    )
    old_commune: PlaceName | None = Field(
        None, description="pre-2025 commune name, e.g. Xã Hóa Thượng"
    )
    old_district: PlaceName | None = Field(
        None, description="pre-2025 district name, e.g. Huyện Đồng Hỷ"
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Producer:
    """A chủ thể OCOP: the cooperative, company or household that makes the products."""

    id: Slug
    name: PersonName
    kind: ProducerKind
    tax_code: TaxCode | None = None
    phone: Phone | None = None
    address: Address = Field(description="where the producer is registered")
    sources: list[Citation] = Field(default_factory=list, max_length=MAX_SOURCES)


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Certification:
    """One recognition decision in a product's history."""

    stars: Stars
    decision: DecisionNumber | None = Field(None, description="e.g. 2361/QĐ-BNNMT")
    date: Day = Field(description="date the decision was signed; validity runs 36 months from it")
    estimated: Flag = Field(False, description="true when the source gives only the round's year")
    level: IssuingLevel = Field(description="who signed the decision")
    issuer: PersonName | None = None
    score: float | None = Field(None, ge=0, le=100)
    kind: CertificationKind = CertificationKind.LAN_DAU
    valid_until: Day | None = Field(None, description="only when the decision says otherwise")
    note: Note | None = None
    source: Citation | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Sku:
    """One sellable packaging of a product: the unit every marketplace lists."""

    sku: SellerSku
    label: Label = Field(description='the packaging as printed, e.g. "Hộp 200 g"')
    unit: Unit = Field(description="the packaging word the SKU is sold by")
    net_weight_g: Grams | None = None
    net_volume_ml: Grams | None = None
    shipping_weight_g: Grams | None = None
    price: Price = Field(description="in đồng, a whole number: 125000")
    list_price: Price | None = Field(None, description="giá gốc, shown struck out; ≥ price")
    stock: Count = 0


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Product:
    """An OCOP product as recognised, with the SKUs it is sold as."""

    id: Slug
    name: ProductName
    producer: Slug
    group: ProductGroup
    subgroup: SubgroupCode | None = None
    description: Description = Field(description="what the product is, as buyers should read it")
    story: Story | None = Field(None, description="câu chuyện sản phẩm (part B of the scorecard)")
    locality: Address | None = Field(None, description="production site, if not the producer's")
    certifications: list[Certification] = Field(
        min_length=1,
        max_length=MAX_CERTIFICATIONS,
        description="every recognition decision of the product, in any order",
    )
    gtin: Gtin13 | None = None
    traceability_url: AnyHttpUrl | None = None
    images: list[ImagePath] = Field(default_factory=list, max_length=MAX_IMAGES)
    skus: list[Sku] = Field(default_factory=list, max_length=MAX_SKUS)
    sources: list[Citation] = Field(default_factory=list, max_length=MAX_SOURCES)

    @property
    def is_service(self) -> bool:
        """Community tourism is a service: it is never shipped."""
        return self.group is ProductGroup.DICH_VU_DU_LICH

    def category_keys(self) -> tuple[str, ...]:
        """Keys a marketplace category map is searched with, most specific first.

        The product's own id comes first, so one product can go to another category than the
        rest of its sub-group (miến dong among the processed foods, say).
        """
        group = str(self.group)  # a StrEnum's value (.value is a property: 60,000 calls a report)
        if self.subgroup:
            return (self.id, f"{group}/{self.subgroup}", group)
        return (self.id, group)


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class SkuOverride:
    """A per-marketplace change to one SKU's listing."""

    price: Price | None = None
    title: Title | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class CategoryPin:
    """A category by its name (or path) with the marketplace's id pinned: refused when the
    marketplace gives that id another name, so a changed list cannot move a product."""

    name: CategoryName
    id: CategoryId | CategoryKey = Field(union_mode="left_to_right")


# What a category map gives: a name or path (what ocop resolves against the marketplace's own
# list at plan time), a pinned name, or — from older catalogues — a bare id, which still loads
# but which the plan holds back until it is written by name. Which one is told by what was
# written, so a wrong number is one message about a number (not also "expected text").
Category = Annotated[
    Annotated[CategoryId, Tag("number")]
    | Annotated[CategoryName, Tag("name")]
    | Annotated[CategoryPin, Tag("pin")],
    Discriminator(
        lambda value: (
            "number"
            if type(value) is int
            else "pin"
            if isinstance(value, dict | CategoryPin)
            else "name"
        )
    ),
]


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class MarketplaceSettings:
    """Which products go to one marketplace, in which categories, with which overrides.

    Credentials never live here: they come from the environment (see the README).
    """

    enabled: Flag = True
    products: list[Reference] | None = Field(
        None, description="product ids or SKUs to list; omitted = every shippable product"
    )
    exclude: list[Reference] = Field(default_factory=list)
    categories: dict[CategoryKey, Category] = Field(
        default_factory=dict,
        description='OCOP "group", "group/subgroup" or a product id → the marketplace\'s '
        'category by name or path ("Đồ uống > Trà"), or {name, id} to pin its id',
    )
    overrides: dict[Reference, SkuOverride] = Field(
        default_factory=dict, description="by seller SKU"
    )
    on_expired_certificate: Literal["delist", "drop_ocop_claims"] = "delist"
    review_horizon_hours: Annotated[float, Field(gt=0, le=2160)] | None = Field(
        None,
        description="how long a create whose answer was lost may still be waiting for the "
        "marketplace's review before ocop sends it again (default: the marketplace's own)",
    )


class Catalog(Model):
    """The whole ``catalog.yaml``."""

    version: Literal[1] = 1
    province: PlaceName = "Thái Nguyên"
    cooperative: PersonName | None = Field(
        None,
        description="set when this is one cooperative's (or company's) own catalogue: its rows "
        "in a shared state are kept apart from the province's",
    )
    marketplaces: dict[Slug, MarketplaceSettings] = Field(default_factory=dict)
    producers: list[Producer] = Field(default_factory=list)
    products: list[Product] = Field(default_factory=list)

    _root: str = PrivateAttr(default=".")

    @property
    def root(self) -> str:
        """The folder the catalogue file is in: image paths are relative to it."""
        return self._root

    def producer(self, producer_id: str) -> Producer | None:
        """The producer with this id, if any."""
        return self._producers().get(producer_id)

    def product(self, product_id: str) -> Product | None:
        """The product with this id, if any."""
        return self._products().get(product_id)

    def skus(self) -> list[tuple[Product, Sku]]:
        """Every SKU with its product, in catalogue order."""
        return [(p, s) for p in self.products for s in p.skus]

    def _producers(self) -> dict[str, Producer]:
        if self._producer_index is None:
            self._producer_index = {p.id: p for p in self.producers}
        return self._producer_index

    def _products(self) -> dict[str, Product]:
        if self._product_index is None:
            self._product_index = {p.id: p for p in self.products}
        return self._product_index

    _producer_index: dict[str, Producer] | None = PrivateAttr(default=None)
    _product_index: dict[str, Product] | None = PrivateAttr(default=None)


Record = Address | Producer | Certification | Sku | Product | SkuOverride | MarketplaceSettings
RECORDS: tuple[type[Record], ...] = (
    Address,
    Producer,
    Certification,
    Sku,
    Product,
    SkuOverride,
    MarketplaceSettings,
)


def fields_of(kind: type[object]) -> dict[str, FieldInfo]:
    """The fields of a record or model class, in the order they are declared."""
    if issubclass(kind, BaseModel):
        return kind.model_fields
    fields: dict[str, FieldInfo] = vars(kind)["__pydantic_fields__"]
    return fields
