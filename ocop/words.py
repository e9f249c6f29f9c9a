"""Enumeration values in words: what people read instead of ``hop_tac_xa`` or ``pending_review``.

Every value ocop keeps as a code (in catalog.yaml, the state, JSON output) has one English
wording here, marked for translation and translated when it is shown::

    word(ProducerKind.HOP_TAC_XA)            "Cooperative (HTX)" / "Hợp tác xã"
    word(ListingState.PENDING_REVIEW)        "waiting for the marketplace's review" / "đang chờ sàn duyệt"
    word_of("Status", "expired")             the same for a value held as plain text
    word(SkuVerdict.CREATE)                  "to create" (as a plan says it)
    word(SkuVerdict.CREATE, done=True)       "created" (as a push says it)

Values are found by their enumeration's class name, so this module imports none of them (the
state and the spiders' observations stay unloaded until used). JSON and CSV keep the codes:
they are for programs. ``tests/i18n/test_words.py`` checks every member of every enumeration
listed here has its words, so a new state or outcome cannot reach a screen as a code.
"""

from __future__ import annotations

from enum import Enum

from ocop.i18n import N_, _

WORDS: dict[str, dict[str, str]] = {
    "ProducerKind": {
        "hop_tac_xa": N_("Cooperative (HTX)"),
        "doanh_nghiep": N_("Company"),
        "ho_kinh_doanh": N_("Household business"),
        "to_hop_tac": N_("Cooperative group"),
    },
    "ProductGroup": {
        "thuc_pham": N_("Food"),
        "do_uong": N_("Drinks"),
        "duoc_lieu": N_("Herbal medicine and its products"),
        "thu_cong_my_nghe": N_("Handicrafts"),
        "sinh_vat_canh": N_("Ornamental plants and animals"),
        "dich_vu_du_lich": N_("Community, eco- and destination tourism"),
    },
    "IssuingLevel": {
        "trung_uong": N_("Ministry (central level)"),
        "tinh": N_("Provincial People's Committee"),
        "huyen": N_("District People's Committee"),
    },
    "CertificationKind": {
        "lan_dau": N_("First recognition"),
        "cong_nhan_lai": N_("Recognised again"),
        "nang_hang": N_("Upgraded to more stars"),
    },
    "Unit": {
        "hop": N_("Box"),
        "goi": N_("Packet"),
        "tui": N_("Bag"),
        "chai": N_("Bottle"),
        "lo": N_("Jar"),
        "hu": N_("Pot"),
        "binh": N_("Flask"),
        "kg": N_("Kilogram"),
        "bo": N_("Set of pieces"),
        "thung": N_("Carton"),
        "set": N_("Gift set"),
        "cai": N_("Piece"),
        "suat": N_("Serving (tourism service)"),
        "ve": N_("Ticket (tourism service)"),
    },
    "Status": {  # ocop.certification: a certificate on a given day
        "valid": N_("valid"),
        "expiring": N_("expiring within 30 days"),
        "expired": N_("expired"),
        "not_yet": N_("not yet in force"),
    },
    "ListingState": {  # ocop.state: where a listing stands as far as ocop knows
        "active": N_("on sale"),
        "inactive": N_("off sale"),
        "pending_review": N_("waiting for the marketplace's review"),
        "rejected": N_("rejected by the marketplace"),
        "unknown": N_("create not confirmed (looked up on every run)"),
        "delisted": N_("taken off sale by ocop"),
        "failed": N_("create refused by the marketplace"),
    },
    "ListingStatus": {  # ocop.connector: a listing as the marketplace reports it
        "active": N_("on sale"),
        "inactive": N_("hidden by the seller"),
        "blocked": N_("blocked by the marketplace"),
    },
    "ReviewState": {
        "pending_review": N_("waiting for the marketplace's review"),
        "approved": N_("approved"),
        "rejected": N_("rejected by the marketplace"),
    },
    "PageStatus": {  # ocop.observation: what a storefront page showed
        "live": N_("on sale"),
        "out_of_stock": N_("sold out"),
        "delisted": N_("off sale"),
        "removed": N_("page removed"),
        "banned": N_("banned or suspended by the marketplace"),
        "redirected": N_("led to another page"),
        "blocked": N_("the site would not show the page"),
        "error": N_("page could not be read"),
    },
    "DriftKind": {  # ocop.drift: how a listing differs from the catalogue
        "taken_down": N_("taken down"),
        "out_of_stock": N_("shown sold out"),
        "price": N_("another price"),
        "stars": N_("other stars"),
        "title": N_("another name"),
        "still_live": N_("still on sale"),
        "unverified": N_("not verified"),
        "expired_live": N_("on sale with an expired certificate"),
        "unknown_product": N_("not in the catalogue"),
    },
    "Verdict": {  # ocop.verdict: what a listing is, as trustworthy observations show
        "on_sale": N_("on sale"),
        "taken_down": N_("taken down"),
        "unverified": N_("not verified"),
    },
    "SkuVerdict": {  # ocop.plan: where a SKU ends a plan (a push's words: DONE_WORDS)
        "in_sync": N_("in sync"),
        "create": N_("to create"),
        "update": N_("to update"),
        "pending_review": N_("pending review"),
        "rejected": N_("rejected"),
        "held_back": N_("held back"),
        "failed": N_("failed"),
    },
    "Severity": {"error": N_("error"), "warning": N_("warning"), "notice": N_("notice")},
}

# the members said otherwise once done: a plan's "to create" is a push's "created"
DONE_WORDS: dict[str, dict[str, str]] = {
    "SkuVerdict": {"create": N_("created"), "update": N_("updated")},
}


def word_of(kind: str, value: str, *, done: bool = False) -> str:
    """The words for ``value`` of the enumeration called ``kind``; the value itself if none.
    ``done``: as said of a thing done, where that differs (``DONE_WORDS``)."""
    found = (DONE_WORDS.get(kind, {}).get(value) if done else None) or WORDS.get(kind, {}).get(
        value
    )
    return _(found) if found is not None else value


def word(value: Enum, *, done: bool = False) -> str:
    """The words for an enumeration member, in the current language (``done``: as said of a
    thing done, e.g. ``created`` for a plan's ``to create``)."""
    return word_of(type(value).__name__, str(value.value), done=done)


YES_WORDS = frozenset({"y", "yes", "c", "co", "có", "ok", "vâng", "vang"})
NO_WORDS = frozenset({"n", "no", "k", "ko", "không", "khong"})


def yes_or_no(text: str) -> bool | None:
    """What a typed answer says, in either language (c/có/y/yes, k/không/n/no); None if
    neither."""
    from unicodedata import normalize

    word = normalize("NFC", text).strip().casefold()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None
