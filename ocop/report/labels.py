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
        "Verified: a trustworthy observation within (days)",
        "Đã xác minh: có lần quét đáng tin trong vòng (ngày)",
    ),
    "report.reference": ("Crawls counted up to", "Dữ liệu quét tính đến"),
    "report.marketplaces": ("Marketplaces", "Sàn"),
    "report.province": ("Province", "Tỉnh"),
    "report.national": ("All provinces", "Toàn quốc"),
    "report.provinces": ("Provinces counted", "Các tỉnh được tính"),
    "table.marketplace": ("Listings by marketplace", "Theo sàn"),
    "table.verification": (
        "What the marketplaces show, listing by listing",
        "Tình trạng xác minh các tin đăng",
    ),
    "table.province": ("By province", "Theo tỉnh"),
    "table.star": ("By star rating", "Theo hạng sao"),
    "table.coverage": (
        "Coverage: on sale ÷ OCOP products",
        "Tỷ lệ lên sàn: đang bán ÷ sản phẩm OCOP",
    ),
    "table.group": ("By OCOP group and sub-group", "Theo nhóm, phân nhóm OCOP"),
    "table.commune": ("By commune (2025)", "Theo xã, phường (2025)"),
    "table.district": ("By former district (before 2025)", "Theo huyện cũ (trước 2025)"),
    "table.kind": ("By producer kind", "Theo loại hình chủ thể"),
    "table.expiring": ("Certificates expiring", "Chứng nhận sắp hết hạn"),
    "table.drift": (
        "Drift between catalogue, state and marketplaces",
        "Sai lệch giữa danh mục, trạng thái và sàn",
    ),
    "table.watchlist": ("Expiry watch-list", "Danh sách theo dõi hết hạn"),
    "table.on_sale": ("Listings on sale (verified)", "Tin đăng đang bán (đã xác minh)"),
    "table.taken_down": ("Listings taken down (verified)", "Tin đăng đã gỡ (đã xác minh)"),
    "table.unverified": ("Listings not verified", "Tin đăng chưa xác minh"),
    "table.drift_items": ("Drift details", "Chi tiết sai lệch"),
    "table.glossary": ("What each number means", "Định nghĩa các số liệu"),
    "col.row": ("Row", "Mục"),
    "col.key": ("Key", "Mã"),
    "col.table": ("Table", "Bảng"),
    "col.term": ("Term", "Thuật ngữ"),
    "col.definition": ("Definition", "Định nghĩa"),
    "measure.products": ("Products", "Sản phẩm"),
    "measure.skus": ("SKUs", "Mã hàng (SKU)"),
    "measure.valid": ("OCOP products", "Sản phẩm OCOP"),
    "measure.on_sale": ("products on sale (verified)", "sản phẩm đang bán (đã xác minh)"),
    "measure.skus_on_sale": ("SKUs on sale (verified)", "SKU đang bán (đã xác minh)"),
    "measure.claimed": ("products claimed by ocop", "sản phẩm ocop báo đã đăng"),
    "measure.coverage": ("coverage on sale", "tỷ lệ đang bán"),
    "measure.claimed_coverage": ("coverage claimed", "tỷ lệ ocop báo đăng"),
    "measure.skus_claimed": ("SKUs claimed by ocop", "SKU ocop báo đã đăng"),
    "measure.skus_out_of_stock": ("of which out of stock", "trong đó hết hàng"),
    "measure.skus_taken_down": ("SKUs taken down (verified)", "SKU đã gỡ (đã xác minh)"),
    "measure.skus_unverified": ("SKUs not verified", "SKU chưa xác minh"),
    "measure.skus_older": (
        "SKUs resting on an older observation",
        "SKU tính theo lần quét trước",
    ),
    "measure.products_on_sale": ("OCOP products on sale", "Sản phẩm OCOP đang bán"),
    "measure.products_expired_on_sale": (
        "Products on sale without a valid certificate",
        "Sản phẩm hết hiệu lực vẫn đang bán",
    ),
    "measure.certificates": ("Certificates", "Số chứng nhận"),
    "measure.with_live_listing": (
        "Of which on sale on a marketplace",
        "Trong đó đang bán trên sàn",
    ),
    "measure.live_listings": ("Listings on sale to review", "Số tin đang bán cần rà soát"),
    "measure.listings": ("listings", "số tin"),
    "mkt.any": ("Any marketplace", "Ít nhất một sàn"),
    "short.products": ("products", "sản phẩm"),
    "short.skus": ("SKUs", "SKU"),
    "short.valid": ("OCOP", "OCOP"),
    "short.on_sale": ("on sale", "đang bán"),
    "short.skus_on_sale": ("SKUs on sale", "SKU bán"),
    "short.claimed": ("claimed", "báo đăng"),
    "short.coverage": ("% on sale", "% bán"),
    "short.claimed_coverage": ("% claimed", "% báo đăng"),
    "row.total": ("Total", "Tổng cộng"),
    "row.none": ("No valid certificate (not OCOP)", "Không còn hiệu lực (không tính OCOP)"),
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
    "verification.on_sale/live": ("On sale, in stock", "Đang bán, còn hàng"),
    "verification.on_sale/out_of_stock": ("On sale, out of stock", "Đang bán, hết hàng"),
    "verification.taken_down/removed": (
        "Taken down: page gone (404/410: deleted or suspended)",
        "Đã gỡ: trang không còn (404/410: bị xóa hoặc đình chỉ)",
    ),
    "verification.taken_down/delisted": (
        "Taken down: page says not on sale (hidden, deactivated, banned)",
        "Đã gỡ: trang báo ngừng bán (ẩn, ngừng kinh doanh, bị khóa)",
    ),
    "verification.taken_down/banned": (
        "Taken down: banned or suspended (seller API)",
        "Đã gỡ: bị khóa, đình chỉ (theo API người bán)",
    ),
    "verification.taken_down/redirected": (
        "Taken down: its address leads elsewhere",
        "Đã gỡ: địa chỉ dẫn sang trang khác",
    ),
    "verification.unverified/never_observed": (
        "Not verified: never observed",
        "Chưa xác minh: chưa quét lần nào",
    ),
    "verification.unverified/blocked": (
        "Not verified: only blocked answers",
        "Chưa xác minh: chỉ bị chặn",
    ),
    "verification.unverified/error": (
        "Not verified: only errors",
        "Chưa xác minh: chỉ gặp lỗi",
    ),
    "verification.unverified/too_old": (
        "Not verified: last trustworthy observation too old",
        "Chưa xác minh: lần quét đáng tin đã quá cũ",
    ),
    "verification.older/blocked": (
        "Counted on an older observation: the newest was blocked",
        "Tính theo lần quét trước: lần mới nhất bị chặn",
    ),
    "verification.older/error": (
        "Counted on an older observation: the newest was an error",
        "Tính theo lần quét trước: lần mới nhất gặp lỗi",
    ),
    "drift.taken_down": ("Claimed on sale, taken down", "Báo đã đăng nhưng đã bị gỡ"),
    "drift.unverified": ("Claimed on sale, not verified", "Báo đã đăng nhưng chưa xác minh"),
    "drift.still_live": ("On sale, not claimed", "Đang bán dù ocop không đăng"),
    "drift.out_of_stock": (
        "Out of stock, the catalogue has stock",
        "Hết hàng trên sàn dù danh mục còn hàng",
    ),
    "drift.price": ("On sale at another price", "Giá trên sàn khác giá danh mục"),
    "drift.stars": ("Page shows other stars", "Số sao trên trang khác chứng nhận"),
    "drift.title": ("Another title shown", "Tên trên sàn khác danh mục"),
    "drift.expired_live": (
        "On sale without a valid certificate",
        "Đang bán khi chứng nhận hết hiệu lực",
    ),
    "drift.unknown_product": (
        "Claimed SKU not in the catalogue",
        "SKU đã đăng không có trong danh mục",
    ),
    "verdict.on_sale": ("On sale", "Đang bán"),
    "verdict.taken_down": ("Taken down", "Đã gỡ"),
    "verdict.unverified": ("Not verified", "Chưa xác minh"),
    "reason.never_observed": ("never observed", "chưa quét lần nào"),
    "reason.blocked": ("only blocked answers", "chỉ bị chặn"),
    "reason.error": ("only errors", "chỉ gặp lỗi"),
    "reason.too_old": ("last trustworthy observation too old", "lần quét đáng tin đã quá cũ"),
    "status.live": ("on sale", "đang bán"),
    "status.out_of_stock": ("sold out", "hết hàng"),
    "status.delisted": ("off sale", "ngừng bán"),
    "status.removed": ("page removed", "trang đã bị xoá"),
    "status.banned": ("banned or suspended", "bị sàn cấm hoặc đình chỉ"),
    "status.redirected": ("led to another page", "chuyển sang trang khác"),
    "status.blocked": ("blocked: page not shown", "bị chặn, không xem được trang"),
    "status.error": ("page could not be read", "không đọc được trang"),
    "state.active": ("on sale", "đang bán"),
    "state.inactive": ("off sale", "ngừng bán"),
    "state.pending_review": ("waiting for review", "chờ sàn duyệt"),
    "state.rejected": ("rejected", "bị sàn từ chối"),
    "state.unknown": ("outcome not known yet", "chưa rõ kết quả"),
    "state.delisted": ("taken off sale by ocop", "ocop đã gỡ"),
    "print.page_of": ("Page {page} of {pages}", "Trang {page}/{pages}"),
    "print.zone": ("Vietnam time", "giờ Việt Nam"),
    "print.continued": ("continued", "tiếp theo"),
    "print.more": (
        "… and {count} more: see the JSON or XLSX",
        "… và {count} tin đăng nữa: xem tệp JSON hoặc XLSX",
    ),
    "print.number": ("No.:", "Số:"),
    "print.recipients": ("Recipients:", "Nơi nhận:"),
    "print.signature": ("(Signature, full name)", "(Ký, ghi rõ họ tên)"),
    "print.annex": ("Annex: lists behind the counts", "Phụ lục: danh sách chi tiết"),
    "source.page": ("storefront page", "trang sản phẩm"),
    "source.seller_api": ("seller API", "API người bán"),
    "field.marketplace": ("Marketplace", "Sàn"),
    "field.province": ("Province", "Tỉnh"),
    "field.product_id": ("Product id", "Mã sản phẩm"),
    "field.product_name": ("Product", "Tên sản phẩm"),
    "field.sku": ("SKU", "SKU"),
    "field.state": ("State", "Trạng thái lưu"),
    "field.remote_id": ("Marketplace id", "Mã trên sàn"),
    "field.url": ("Page", "Đường dẫn"),
    "field.observed_at": ("Seen at", "Thời điểm quét"),
    "field.verdict": ("Verdict", "Kết luận"),
    "field.status": ("Page status", "Tình trạng trang"),
    "field.detail": ("Detail", "Chi tiết"),
    "field.price": ("Price seen (đồng)", "Giá trên trang (đồng)"),
    "field.source": ("Seen on", "Xem tại"),
    "field.reason": ("Why not verified", "Lý do chưa xác minh"),
    "field.older_why": ("Newer answer left aside", "Lần quét mới hơn không được tính"),
    "field.older_at": ("Its time", "Thời điểm lần đó"),
    "field.expected": ("Wanted", "Danh mục / trạng thái"),
    "field.observed": ("Shown", "Trên sàn"),
    "field.producer": ("Producer", "Chủ thể"),
    "field.stars": ("Stars", "Hạng sao"),
    "field.decision": ("Decision", "Quyết định"),
    "field.valid_until": ("Valid until", "Hiệu lực đến"),
    "field.days_left": ("Days left", "Số ngày còn lại"),
    "field.live_listings": ("On sale on", "Đang bán tại"),
    "field.kind": ("Drift", "Loại sai lệch"),
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

    def code(self, prefix: str, value: str | None) -> str:
        """A code written out (``code("verdict", "on_sale")`` → "Đang bán"); the code itself
        when it has no text."""
        if not value:
            return ""
        pair = TEXTS.get(f"{prefix}.{value}")
        return pair[self._index] if pair else value

    def value(self, value: object) -> object:
        """A value of a drift item in words: ocop's state ("active"), a page's status, or why
        a listing is not verified; "removed (HTTP 404)" keeps its detail. Others as they are."""
        if not isinstance(value, str):
            return value
        head, sep, rest = value.partition(" ")
        head, colon = (head[:-1], ":") if head.endswith(":") else (head, "")
        for prefix in ("state", "status", "reason"):
            pair = TEXTS.get(f"{prefix}.{head}")
            if pair:
                return pair[self._index] + colon + sep + rest
        return value

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
