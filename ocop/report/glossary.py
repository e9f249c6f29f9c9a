"""What each number of the report means, in the department's words: printed in every format.

The definitions are the computation's (``ocop.verdict`` for a listing, ``ocop.report.compute``
for a product) written out once for readers; ``{days}`` is the report's ``--fresh-days``.
"""

from __future__ import annotations

from ocop.report.labels import Labels
from ocop.report.model import Report

# key → (English term, English definition, Vietnamese term, Vietnamese definition)
TERMS: dict[str, tuple[str, str, str, str]] = {
    "ocop_product": (
        "OCOP product",
        "A product with an OCOP certificate valid on the report's day (36 months from the "
        "decision); its stars are that certificate's. Products whose certificate has expired, "
        "or is not signed yet, are counted in a row of their own, never as OCOP products.",
        "Sản phẩm OCOP",
        "Sản phẩm có giấy chứng nhận OCOP còn hiệu lực vào ngày báo cáo (36 tháng kể từ ngày "
        "quyết định); hạng sao là hạng của chứng nhận đó. Sản phẩm đã hết hiệu lực, hoặc chưa "
        "có quyết định, được thống kê ở dòng riêng, không tính là sản phẩm OCOP.",
    ),
    "trustworthy": (
        "Trustworthy observation",
        "A look at the listing where the marketplace answered for it: its page showed it is "
        "this listing (its number in the page's canonical address, its SKU in the structured "
        "data, or the marketplace's own markup) or that it is gone (404/410, a 'not found' "
        "notice at its address), or the seller API answered for its id. Blocked answers (403, "
        "429, captcha, login wall, robots.txt) and errors never replace an earlier "
        "trustworthy observation.",
        "Lần quét đáng tin",
        "Lần xem tin đăng mà sàn trả lời đúng về tin đó: trang chứng minh đúng là tin đăng "
        "này (mã tin trong địa chỉ chuẩn của trang, SKU trong dữ liệu cấu trúc, hoặc mã trang "
        "riêng của sàn) hoặc cho biết tin đã bị gỡ (404/410, thông báo “không tồn tại” tại "
        "đúng địa chỉ), hoặc API người bán trả lời cho đúng mã tin. Các lần bị chặn (403, 429, "
        "captcha, yêu cầu đăng nhập, robots.txt) hay gặp lỗi không bao giờ thay thế lần quét "
        "đáng tin trước đó.",
    ),
    "on_sale": (
        "On sale (verified)",
        "The last trustworthy observation within {days} days shows the listing on sale. Out "
        "of stock counts as on sale (the listing is up; buyers see it sold out) and is shown "
        "apart.",
        "Đang bán (đã xác minh)",
        "Lần quét đáng tin gần nhất trong vòng {days} ngày cho thấy tin đăng đang bán. Hết "
        "hàng vẫn tính là đang bán (tin vẫn hiển thị, người mua thấy hết hàng) và được nêu "
        "riêng.",
    ),
    "taken_down": (
        "Taken down (verified)",
        "The last trustworthy observation within {days} days shows the listing removed "
        "(404/410), hidden or deactivated (its page says it is not on sale), banned or "
        "suspended, or its address now leads to another page; the verification table says "
        "which.",
        "Đã gỡ (đã xác minh)",
        "Lần quét đáng tin gần nhất trong vòng {days} ngày cho thấy tin đăng đã bị xóa "
        "(404/410), bị ẩn hoặc ngừng kinh doanh (trang ghi không còn bán), bị khóa hoặc đình "
        "chỉ, hoặc địa chỉ nay dẫn sang trang khác; bảng tình trạng xác minh nêu rõ từng loại.",
    ),
    "unverified": (
        "Not verified",
        "No trustworthy observation within {days} days: never observed, only blocked or "
        "error answers, or the last trustworthy observation is older. Counted neither as on "
        "sale nor as taken down; each listing's reason is listed.",
        "Chưa xác minh",
        "Không có lần quét đáng tin nào trong vòng {days} ngày: chưa quét lần nào, chỉ bị chặn "
        "hoặc gặp lỗi, hoặc lần quét đáng tin gần nhất đã quá cũ. Không tính là đang bán, "
        "cũng không tính là đã gỡ; lý do được ghi cho từng tin.",
    ),
    "older": (
        "Resting on an older observation",
        "A listing whose newest answer was blocked or an error, counted on the trustworthy "
        "observation before it (still within {days} days); the verification table says how "
        "many and why.",
        "Dựa trên lần quét trước",
        "Tin đăng có lần quét mới nhất bị chặn hoặc gặp lỗi, nên được tính theo lần quét đáng "
        "tin trước đó (vẫn trong vòng {days} ngày); bảng tình trạng xác minh ghi số lượng và "
        "lý do.",
    ),
    "claimed": (
        "Claimed by ocop",
        "What ocop's state says it pushed and the marketplace accepted (state 'active'). "
        "Shown apart and never added to a verified count: a listing taken down behind ocop's "
        "back is still claimed.",
        "ocop báo đã đăng",
        "Những gì trạng thái của ocop ghi là đã đăng và được sàn chấp nhận (trạng thái "
        "“đang bán”). Chỉ để đối chiếu, không bao giờ cộng vào số đã xác minh: tin bị gỡ mà ocop "
        "không biết vẫn được báo là đã đăng.",
    ),
    "ocop_on_sale": (
        "OCOP product on sale",
        "An OCOP product with at least one SKU on sale (verified) on the marketplace. A "
        "product on sale whose certificate is no longer valid is counted in its own row or "
        "column ('no valid certificate'), not as an OCOP product on sale.",
        "Sản phẩm OCOP đang bán",
        "Sản phẩm OCOP có ít nhất một SKU đang bán (đã xác minh) trên sàn. Sản phẩm đang bán "
        "nhưng chứng nhận không còn hiệu lực được tính ở dòng hoặc cột riêng (“không còn hiệu "
        "lực”), không tính là sản phẩm OCOP đang bán.",
    ),
    "coverage": (
        "Coverage",
        "OCOP products on sale (verified) ÷ OCOP products, by star; the 'claimed' coverage "
        "divides what ocop claims instead.",
        "Tỷ lệ lên sàn",
        "Số sản phẩm OCOP đang bán (đã xác minh) ÷ số sản phẩm OCOP, theo hạng sao; tỷ lệ “ocop "
        "báo đăng” dùng số ocop báo đã đăng thay cho số đã xác minh.",
    ),
    "drift": (
        "Drift",
        "A listing where the marketplace differs from what the catalogue wants: taken down, "
        "not verified, on sale though not claimed, out of stock, price, stars, title, an "
        "expired certificate, a SKU the catalogue no longer has. `ocop verify` lists the same "
        "items.",
        "Sai lệch",
        "Tin đăng mà sàn khác với điều danh mục yêu cầu: đã bị gỡ, chưa xác minh, đang bán dù "
        "ocop không đăng, hết hàng, giá, số sao, tên, chứng nhận hết hiệu lực, SKU không còn "
        "trong danh mục. Lệnh `ocop verify` liệt kê đúng các mục này.",
    ),
}


def glossary(report: Report, labels: Labels) -> list[tuple[str, str, str]]:
    """(key, term, definition) for every term, in the labels' language."""
    vietnamese = labels.language == "vi"
    found = []
    for key, (term_en, text_en, term_vi, text_vi) in TERMS.items():
        term, text = (term_vi, text_vi) if vietnamese else (term_en, text_en)
        found.append((key, term, text.format(days=report.fresh_days)))
    return found
