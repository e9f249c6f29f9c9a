"""What the spreadsheet looks like: its sheets, columns, drop-down lists and notes.

One table drives both directions, so export and import cannot disagree about a column. Headers
and notes are Vietnamese on purpose: the sheet is for cooperative staff, and headers are also
how import finds the columns, so they must not change with the interface language.

The product sheet has one "Bán trên …" column per installed marketplace (``layouts``): which
ones is recorded in the workbook, so import reads the columns the export wrote. Every sheet
ends with a hidden column holding each row's id as exported, so rows can be sorted and
filtered freely (no cell is locked) and an id changed in place is still recognised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ocop.locality import communes
from ocop.model import GROUP_NAMES_VI, SUBGROUPS, IssuingLevel, ProducerKind, Unit

# Bumped whenever columns change meaning: import refuses a sheet of another layout.
LAYOUT_VERSION = 2

Kind = Literal["text", "int", "date", "choice", "images", "origin"]

META_SHEET = "_ocop"
LISTS_SHEET = "Danh mục"
EXTRA_ROWS = 300  # empty rows below the data left editable (and with drop-downs) for new records
SEPARATOR = " – "  # between a label and its code in drop-downs: "Xã Tân Cương – 05503"
YES, NO = "Có", "Không"
ORIGIN_FIELD = "_origin"  # the hidden column: the row's id as exported
MARKET_PREFIX = "market."  # "market.voso": whether the product is sold on voso


@dataclass(frozen=True)
class Column:
    """One column: where its value lives in the record and how it is shown."""

    field: str  # dotted path in the record; "cert.x" is field x of the shown certification
    header: str
    note: str
    kind: Kind = "text"
    choices: str | None = None  # a list in LISTS (or "@sheet" for another sheet's id column)
    key: bool = False  # the record's id: read-only on existing rows
    fixed: bool = False  # read-only on existing rows although not the id
    width: int = 16


@dataclass(frozen=True)
class SheetLayout:
    """One sheet: which catalogue list it holds and its columns, id first."""

    title: str
    section: Literal["producers", "products", "skus"]
    columns: tuple[Column, ...]

    def column(self, field: str) -> Column | None:
        """The column showing ``field``, if any."""
        return next((c for c in self.columns if c.field == field), None)

    def column_of(self, field: str) -> Column:
        """The column showing ``field``; it must exist."""
        found = self.column(field)
        if found is None:
            raise KeyError(field)
        return found

    def letter(self, column: Column) -> str:
        """The spreadsheet letter of ``column`` (A, B, …)."""
        return chr(ord("A") + self.columns.index(column))

    def markets(self) -> list[tuple[str, Column]]:
        """The marketplace columns: (marketplace name, column)."""
        return [
            (c.field.removeprefix(MARKET_PREFIX), c)
            for c in self.columns
            if c.field.startswith(MARKET_PREFIX)
        ]


UNIT_NAMES_VI: dict[Unit, str] = {
    Unit.HOP: "Hộp",
    Unit.GOI: "Gói",
    Unit.TUI: "Túi",
    Unit.CHAI: "Chai",
    Unit.LO: "Lọ",
    Unit.HU: "Hũ",
    Unit.BINH: "Bình",
    Unit.KG: "Kilôgam",
    Unit.BO: "Bộ",
    Unit.THUNG: "Thùng",
    Unit.SET: "Set quà",
    Unit.CAI: "Cái",
    Unit.SUAT: "Suất (dịch vụ du lịch)",
    Unit.VE: "Vé (dịch vụ du lịch)",
}
KIND_NAMES_VI: dict[ProducerKind, str] = {
    ProducerKind.HOP_TAC_XA: "Hợp tác xã",
    ProducerKind.DOANH_NGHIEP: "Doanh nghiệp",
    ProducerKind.HO_KINH_DOANH: "Hộ kinh doanh",
    ProducerKind.TO_HOP_TAC: "Tổ hợp tác",
}
LEVEL_NAMES_VI: dict[IssuingLevel, str] = {
    IssuingLevel.TRUNG_UONG: "Trung ương (Bộ)",
    IssuingLevel.TINH: "Tỉnh",
    IssuingLevel.HUYEN: "Huyện (3★, 2023–2025)",
}


def _pairs(names: dict[str, str] | dict[ProducerKind, str]) -> list[str]:
    return [f"{label}{SEPARATOR}{code}" for code, label in names.items()]


def drop_down_lists() -> dict[str, list[str]]:
    """Every enumeration's choices, as shown in the drop-downs: the Vietnamese word first,
    its code after it ("Hợp tác xã – hop_tac_xa"), so the list reads and sorts as words."""
    subgroups = {
        f"{sub}": f"{label} ({GROUP_NAMES_VI[group]})"
        for group, subs in SUBGROUPS.items()
        for sub, label in subs.items()
    }
    return {
        "kind": _pairs({k.value: v for k, v in KIND_NAMES_VI.items()}),
        "group": _pairs({g.value: v for g, v in GROUP_NAMES_VI.items()}),
        "subgroup": _pairs(subgroups),
        "stars": ["3", "4", "5"],
        "level": _pairs({k.value: v for k, v in LEVEL_NAMES_VI.items()}),
        "unit": _pairs({u.value: v for u, v in UNIT_NAMES_VI.items()}),
        "commune": [f"{c.name}{SEPARATOR}{c.code}" for c in communes().values()],
        "yesno": [YES, NO],
    }


PRODUCERS = SheetLayout(
    "Chủ thể",
    "producers",
    (
        Column(
            "id",
            "Mã chủ thể",
            "Mã riêng của chủ thể: chữ thường không dấu, số và gạch ngang (vd htx-che-hao-dat). "
            "Không sửa được ở dòng đã có; dòng mới thì tự đặt mã.",
            key=True,
            width=24,
        ),
        Column("name", "Tên chủ thể", "Tên đầy đủ như trên giấy đăng ký.", width=32),
        Column("kind", "Loại hình", "Chọn trong danh sách.", "choice", "kind", width=22),
        Column(
            "tax_code",
            "Mã số thuế",
            "10 chữ số (chi nhánh thêm -001); hộ kinh doanh: 12 chữ số. Có thể để trống.",
        ),
        Column("phone", "Điện thoại", "Số di động 10 chữ số hoặc số cố định 11 chữ số."),
        Column("address.street", "Thôn/xóm, số nhà", "Địa chỉ chi tiết.", width=24),
        Column(
            "address.commune",
            "Xã/phường (2025)",
            "Chọn xã/phường theo đơn vị hành chính từ 1/7/2025.",
            "choice",
            "commune",
            width=30,
        ),
    ),
)

PRODUCTS = SheetLayout(
    "Sản phẩm",
    "products",
    (
        Column(
            "id",
            "Mã sản phẩm",
            "Mã riêng của sản phẩm: chữ thường không dấu, số và gạch ngang. "
            "Không sửa được ở dòng đã có; dòng mới thì tự đặt mã.",
            key=True,
            width=26,
        ),
        Column("name", "Tên sản phẩm", "Tên như trên quyết định công nhận OCOP.", width=32),
        Column(
            "producer",
            "Mã chủ thể",
            "Mã chủ thể làm ra sản phẩm (có trong trang Chủ thể).",
            "choice",
            "@producers",
            width=24,
        ),
        Column("group", "Nhóm OCOP", "Chọn trong danh sách.", "choice", "group", width=26),
        Column(
            "subgroup",
            "Phân nhóm",
            "Chọn phân nhóm thuộc đúng nhóm OCOP; có thể để trống.",
            "choice",
            "subgroup",
            width=26,
        ),
        Column("description", "Mô tả", "Mô tả ngắn hiện trên sàn.", width=40),
        Column(
            "cert.stars",
            "Số sao",
            "Số sao của quyết định công nhận mới nhất (3, 4 hoặc 5).",
            "choice",
            "stars",
            width=8,
        ),
        Column(
            "cert.decision",
            "Số quyết định",
            "Số quyết định mới nhất, ghi đúng như trên giấy (vd 2361/QĐ-BNNMT). "
            "Quyết định mới (công nhận lại, nâng hạng) thì thêm trong catalog.yaml.",
            width=20,
        ),
        Column(
            "cert.date", "Ngày quyết định", "Ngày ký quyết định (ngày/tháng/năm).", "date", width=14
        ),
        Column(
            "cert.level",
            "Cấp công nhận",
            "5★ do Bộ (trung ương) công nhận; 3★ và 4★ do tỉnh.",
            "choice",
            "level",
            width=20,
        ),
        Column("gtin", "Mã vạch (GTIN-13)", "13 chữ số, bắt đầu bằng 893. Có thể để trống."),
        Column(
            "images",
            "Ảnh sản phẩm",
            "Tên tệp ảnh trong thư mục images cạnh catalog.yaml (vd images/che-tan-cuong.jpg); "
            "nhiều ảnh thì cách nhau bằng dấu chấm phẩy, ảnh đầu là ảnh chính. Ảnh quá lớn so "
            "với sàn được thu nhỏ khi nhập, ảnh gốc giữ nguyên.",
            "images",
            width=36,
        ),
    ),
)

SKUS = SheetLayout(
    "SKU",
    "skus",
    (
        Column(
            "sku",
            "Mã SKU",
            "Mã hàng người bán dùng trên mọi sàn: chữ không dấu, số, dấu chấm, gạch ngang "
            "(vd HD-CTN-100). Không sửa được ở dòng đã có.",
            key=True,
            width=20,
        ),
        Column(
            "product",
            "Mã sản phẩm",
            "Sản phẩm của SKU này (có trong trang Sản phẩm). Không đổi được ở dòng đã có.",
            "choice",
            "@products",
            fixed=True,
            width=26,
        ),
        Column("label", "Quy cách", "Quy cách như in trên bao bì, vd Hộp 100 g.", width=20),
        Column("unit", "Đơn vị", "Chọn trong danh sách.", "choice", "unit", width=14),
        Column("net_weight_g", "Khối lượng tịnh (g)", "Số nguyên, tính bằng gam.", "int"),
        Column("net_volume_ml", "Thể tích (ml)", "Số nguyên, tính bằng ml.", "int"),
        Column(
            "shipping_weight_g",
            "Khối lượng vận chuyển (g)",
            "Cả bao bì, tính bằng gam; hàng gửi đi phải có.",
            "int",
        ),
        Column(
            "price",
            "Giá bán (đồng)",
            "Số nguyên tiền đồng, không có dấu chấm hay phẩy: 125000.",
            "int",
        ),
        Column(
            "list_price",
            "Giá gốc (đồng)",
            "Giá gạch ngang trên sàn; không thấp hơn giá bán. Có thể để trống.",
            "int",
        ),
        Column("stock", "Tồn kho", "Số lượng còn bán được.", "int", width=10),
    ),
)

SHEETS: tuple[SheetLayout, ...] = (PRODUCERS, PRODUCTS, SKUS)


def market_column(name: str, label: str) -> Column:
    """The product sheet's column saying whether a product is sold on marketplace ``name``."""
    return Column(
        f"{MARKET_PREFIX}{name}",
        f"Bán trên {label}",
        f"Có: sản phẩm được đăng bán trên {label}; Không: không đăng (tin đã đăng sẽ được gỡ). "
        "Sản phẩm dịch vụ du lịch không bán trên sàn.",
        "choice",
        "yesno",
        width=14,
    )


ORIGIN = Column(
    ORIGIN_FIELD,
    "Mã gốc",
    "Mã của dòng lúc xuất bảng tính (cột ẩn, không sửa): để nhận ra dòng sau khi sắp xếp.",
    "origin",
)


def layouts(markets: dict[str, str]) -> tuple[SheetLayout, ...]:
    """The sheets of a workbook whose product sheet has a column per marketplace in
    ``markets`` (name → the label its header shows), each sheet ending with its hidden id."""
    products = SheetLayout(
        PRODUCTS.title,
        PRODUCTS.section,
        PRODUCTS.columns + tuple(market_column(n, label) for n, label in markets.items()),
    )
    return tuple(
        SheetLayout(layout.title, layout.section, (*layout.columns, ORIGIN))
        for layout in (PRODUCERS, products, SKUS)
    )
