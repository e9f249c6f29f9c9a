"""Names of the report's tables, columns and rows, in Vietnamese (default) or English.

The department files the report in Vietnamese, whatever language the operator's terminal
speaks, so a report's language is chosen on its own (``ocop report --lang``) and both texts
live side by side here: a report label is document content, not a program message, and must
not change when the gettext catalogue (``ocop.i18n``, used for the command's own messages) is
incomplete or the terminal's locale differs.
"""

from __future__ import annotations

from ocop.model import GROUP_NAMES_VI, SUBGROUPS, ProductGroup
from ocop.registry import display_name
from ocop.report.model import Column, Report, Row

LANGUAGES = ("vi", "en")

# key → (English, Vietnamese)
TEXTS: dict[str, tuple[str, str]] = {
    "report.title": ("OCOP products on e-marketplaces", "Sản phẩm OCOP trên sàn TMĐT"),
    "report.as_of": ("Certificates judged on", "Hiệu lực chứng nhận tính đến ngày"),
    "report.fresh": (
        "Verified live: seen by a crawl within (days)",
        "Xác minh đang bán: quét trong vòng (ngày)",
    ),
    "report.reference": ("Crawls counted up to", "Dữ liệu quét tính đến"),
    "report.marketplaces": ("Marketplaces", "Sàn"),
    "report.province": ("Province", "Tỉnh"),
    "report.national": ("All provinces", "Toàn quốc"),
    "report.provinces": ("Provinces counted", "Các tỉnh được tính"),
    "table.marketplace": ("Listings by marketplace", "Theo sàn"),
    "table.province": ("By province", "Theo tỉnh"),
    "table.star": ("By star rating", "Theo hạng sao"),
    "table.coverage": (
        "Coverage: listed ÷ validly certified",
        "Tỷ lệ lên sàn: đã đăng ÷ còn hiệu lực",
    ),
    "table.group": ("By OCOP group and sub-group", "Theo nhóm, phân nhóm OCOP"),
    "table.commune": ("By commune (2025)", "Theo xã, phường (2025)"),
    "table.district": ("By former district (before 2025)", "Theo huyện cũ (trước 2025)"),
    "table.kind": ("By producer kind", "Theo loại hình chủ thể"),
    "table.expiring": ("Certificates expiring", "Chứng nhận sắp hết hạn"),
    "table.drift": (
        "Drift between catalogue, state and storefronts",
        "Sai lệch giữa danh mục, trạng thái và gian hàng",
    ),
    "table.watchlist": ("Expiry watch-list", "Danh sách theo dõi hết hạn"),
    "table.verified": ("Listings verified live", "Sản phẩm đã xác minh đang bán"),
    "table.unverified": (
        "Listings claimed but not verified",
        "Sản phẩm báo đã đăng nhưng chưa xác minh",
    ),
    "table.drift_items": ("Drift details", "Chi tiết sai lệch"),
    "col.row": ("Row", "Mục"),
    "col.key": ("Key", "Mã"),
    "col.table": ("Table", "Bảng"),
    "measure.products": ("Products certified", "Sản phẩm được chứng nhận"),
    "measure.valid": ("Products valid", "Sản phẩm còn hiệu lực"),
    "measure.skus_valid": ("SKUs of valid products", "Mã hàng (SKU) còn hiệu lực"),
    "measure.listed": ("products listed", "sản phẩm đã đăng"),
    "measure.live": ("products verified live", "sản phẩm xác minh đang bán"),
    "measure.skus_listed": ("SKUs listed", "SKU đã đăng"),
    "measure.skus_live": ("SKUs verified live", "SKU xác minh đang bán"),
    "measure.coverage": ("coverage listed", "tỷ lệ đã đăng"),
    "measure.live_coverage": ("coverage verified", "tỷ lệ xác minh"),
    "measure.products_listed": ("Products listed", "Sản phẩm đã đăng"),
    "measure.products_live": ("Products verified live", "Sản phẩm xác minh đang bán"),
    "measure.products_unverified": ("Products claimed, unverified", "Sản phẩm chưa xác minh"),
    "measure.skus_unverified": ("SKUs claimed, unverified", "SKU chưa xác minh"),
    "measure.certificates": ("Certificates", "Số chứng nhận"),
    "measure.with_live_listing": (
        "Of which live on a marketplace",
        "Trong đó đang bán trên sàn",
    ),
    "measure.live_listings": ("Live listings to review", "Số tin đang bán cần rà soát"),
    "measure.listings": ("listings", "số tin"),
    "mkt.any": ("Any marketplace", "Ít nhất một sàn"),
    "short.products": ("certified", "chứng nhận"),
    "short.valid": ("valid", "hiệu lực"),
    "short.skus_valid": ("SKUs valid", "SKU hiệu lực"),
    "short.listed": ("listed", "đã đăng"),
    "short.live": ("live", "đang bán"),
    "short.skus_listed": ("SKUs listed", "SKU đăng"),
    "short.skus_live": ("SKUs live", "SKU bán"),
    "short.coverage": ("% listed", "% đăng"),
    "short.live_coverage": ("% live", "% bán"),
    "row.total": ("Total", "Tổng cộng"),
    "row.none": ("No valid certificate", "Không còn hiệu lực"),
    "row.unknown": ("Unknown", "Chưa xác định"),
    "row.several": ("Several former districts", "Nhiều huyện cũ"),
    "row.other": ("other", "khác"),
    "star.n": ("{n} stars", "{n} sao"),
    "window.30": ("Within 30 days", "Trong 30 ngày"),
    "window.90": ("In 31–90 days", "Từ 31 đến 90 ngày"),
    "kind.hop_tac_xa": ("Cooperative (HTX)", "Hợp tác xã"),
    "kind.doanh_nghiep": ("Company", "Doanh nghiệp"),
    "kind.ho_kinh_doanh": ("Household business", "Hộ kinh doanh"),
    "kind.to_hop_tac": ("Cooperative group", "Tổ hợp tác"),
    "drift.gone": ("Claimed active, page gone", "Báo đã đăng nhưng trang đã gỡ"),
    "drift.unverified": ("Claimed active, not verified", "Báo đã đăng nhưng chưa xác minh"),
    "drift.unclaimed_live": (
        "Live but not claimed active",
        "Đang bán nhưng trạng thái không hoạt động",
    ),
    "drift.price": ("Live at another price", "Giá trên sàn khác giá đã đăng"),
    "drift.stars": ("Page shows other stars", "Số sao trên trang khác chứng nhận"),
    "drift.expired_live": (
        "Listed without a valid certificate",
        "Đang đăng khi chứng nhận hết hiệu lực",
    ),
    "drift.unknown_product": (
        "Listed SKU not in the catalogue",
        "SKU đã đăng không có trong danh mục",
    ),
    "field.marketplace": ("Marketplace", "Sàn"),
    "field.province": ("Province", "Tỉnh"),
    "field.product_id": ("Product id", "Mã sản phẩm"),
    "field.product_name": ("Product", "Tên sản phẩm"),
    "field.sku": ("SKU", "SKU"),
    "field.state": ("State", "Trạng thái lưu"),
    "field.remote_id": ("Marketplace id", "Mã trên sàn"),
    "field.url": ("Page", "Đường dẫn"),
    "field.observed_at": ("Seen at", "Thời điểm quét"),
    "field.status": ("Page status", "Tình trạng trang"),
    "field.source": ("Seen on", "Xem tại"),
    "field.price": ("Price seen (đồng)", "Giá trên trang (đồng)"),
    "field.reason": ("Why unverified", "Lý do chưa xác minh"),
    "field.producer": ("Producer", "Chủ thể"),
    "field.stars": ("Stars", "Hạng sao"),
    "field.decision": ("Decision", "Quyết định"),
    "field.valid_until": ("Valid until", "Hiệu lực đến"),
    "field.days_left": ("Days left", "Số ngày còn lại"),
    "field.live_listings": ("Live listings", "Đang bán tại"),
    "field.kind": ("Drift", "Loại sai lệch"),
    "field.detail": ("Detail", "Chi tiết"),
}

GROUP_NAMES_EN: dict[ProductGroup, str] = {
    ProductGroup.THUC_PHAM: "Food",
    ProductGroup.DO_UONG: "Beverages",
    ProductGroup.DUOC_LIEU: "Herbal products",
    ProductGroup.THU_CONG_MY_NGHE: "Handicrafts",
    ProductGroup.SINH_VAT_CANH: "Ornamental plants and animals",
    ProductGroup.DICH_VU_DU_LICH: "Rural and eco-tourism services",
}
SUBGROUP_NAMES_EN = {
    "tuoi_song": "fresh",
    "so_che": "raw, pre-processed",
    "che_bien": "processed",
    "che": "tea",
    "gia_vi": "spices",
    "ca_phe_ca_cao": "coffee, cocoa",
    "co_con": "alcoholic",
    "khong_con": "non-alcoholic",
    "thuc_pham_chuc_nang": "supplements",
    "thuoc_co_truyen": "traditional medicine",
    "my_pham": "cosmetics",
    "tinh_dau": "essential oils",
    "duoc_lieu_khac": "other herbal",
    "go": "wood",
    "may_tre_dan": "rattan, bamboo, fibre",
    "kim_loai": "metal",
    "gom_su": "ceramics, glass",
    "det_may": "textiles, embroidery",
    "luu_niem": "souvenirs, decoration",
    "hoa": "flowers",
    "cay_canh": "ornamental plants",
    "dong_vat_canh": "ornamental animals",
    "du_lich_cong_dong": "community tourism",
    "du_lich_sinh_thai": "eco-tourism",
    "diem_du_lich": "tourist sites",
}


class Labels:
    """Every visible name of a report in one language."""

    def __init__(self, language: str = "vi") -> None:
        self.language = language if language in LANGUAGES else "vi"
        self._index = 1 if self.language == "vi" else 0

    def text(self, key: str) -> str:
        """The text under ``key`` (the key itself if unknown, so nothing is ever blank)."""
        pair = TEXTS.get(key)
        return pair[self._index] if pair else key

    def place(self, report: Report) -> str:
        """Whose report it is: the province, or "all provinces" for a national one."""
        return self.text("report.national") if report.national else report.province

    def marketplace(self, name: str, *, short: bool = False) -> str:
        """A marketplace's display name, as its package gives it (its key when not installed)."""
        return (
            self.text("mkt.any")
            if name == "any"
            else display_name(name, self.language, short=short)
        )

    def table(self, key: str) -> str:
        """A table's title."""
        return self.text(f"table.{key}")

    def column(self, column: Column) -> str:
        """A column header: "<marketplace>: <measure>" for per-marketplace columns."""
        if column.measure == "listings" and column.marketplace:
            return self.marketplace(column.marketplace)
        measure = self.text(f"measure.{column.measure}")
        if column.marketplace:
            return f"{self.marketplace(column.marketplace)}: {measure}"
        return measure

    def short_column(self, column: Column) -> str:
        """A narrow header for terminals: the marketplace on one line, a short measure below."""
        if column.marketplace is None or column.measure == "listings":
            return self.column(column)
        name = self.marketplace(column.marketplace, short=True)
        return f"{name}\n{self.text(f'short.{column.measure}')}"

    def row(self, table: str, row: Row) -> str:
        """A row's name: the proper noun it carries, else its key translated for the table."""
        if row.key == "total":
            return self.text("row.total")
        if row.name:
            return self.marketplace(row.name) if table == "marketplace" else row.name
        if row.key in ("none", "unknown", "several"):
            return self.text(f"row.{row.key}")
        if table in ("star", "coverage"):
            return self.text("star.n").format(n=row.key)
        if table == "group":
            return self.group(row.key)
        if table == "expiring":
            return self.text(f"window.{row.key}")
        return self.text(f"{table}.{row.key}")

    def group(self, key: str) -> str:
        """ "Thực phẩm — Chè" for ``thuc_pham/che``."""
        group_value, _sep, sub = key.partition("/")
        if group_value not in ProductGroup._value2member_map_:
            return key
        group = ProductGroup(group_value)
        names = GROUP_NAMES_VI if self.language == "vi" else GROUP_NAMES_EN
        sub_names = SUBGROUPS.get(group, {}) if self.language == "vi" else SUBGROUP_NAMES_EN
        sub_name = sub_names.get(sub)
        sub_name = sub_name or (self.text("row.other") if sub == "other" else sub)
        return f"{names[group]} — {sub_name}" if sub else names[group]

    def number(self, value: int | float | None, ratio: bool = False) -> str:
        """A count or a percentage written the reader's way (1.234 and 85,7 % in Vietnamese)."""
        if value is None:
            return "–"
        if ratio:
            text = f"{value * 100:.1f}"
            return f"{text.replace('.', ',')} %" if self.language == "vi" else f"{text}%"
        text = f"{int(value):,}"
        return text.replace(",", ".") if self.language == "vi" else text
