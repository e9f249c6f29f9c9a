"""The pure step from a catalogue offer to the listing a marketplace should show.

``draft_for(offer, capabilities, as_of, ...)`` returns a ``ListingDraft`` already within the
marketplace's limits, or a ``Skip`` saying why the SKU cannot be listed there. No I/O: the
marketplace's category tree is passed in, and the catalogue's category name resolved on it.

Rules:
    title        the override title, else "<product name> <packaging label>"; lengths are
                 counted after NFC; a long title is cut at a word boundary
    description  the product description, then its story, then who makes it; cut to the limit
    unit         the packaging label ("Hộp 200 g"), or the unit word when the label is too long
    weights      shipping weight, else the net weight (a floor the marketplace accepts)
    OCOP claim   only while a certificate is valid on ``as_of``; with none valid the policy
                 ``delist`` skips the SKU (and asks for delisting), ``drop_ocop_claims`` lists it
                 without the badge
    origin       the province
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ocop.categories.tree import CategoryTree, Unresolved
from ocop.certification import current, valid_until
from ocop.connector import Capabilities, Category, ListingDraft, OcopClaim, ProductRef
from ocop.i18n import _
from ocop.model import Certification, Unit
from ocop.selection import Offer

ExpiredPolicy = Literal["delist", "drop_ocop_claims"]

UNIT_WORDS: dict[Unit, str] = {
    Unit.HOP: "Hộp",
    Unit.GOI: "Gói",
    Unit.TUI: "Túi",
    Unit.CHAI: "Chai",
    Unit.LO: "Lọ",
    Unit.HU: "Hũ",
    Unit.BINH: "Bình",
    Unit.KG: "kg",
    Unit.BO: "Bộ",
    Unit.THUNG: "Thùng",
    Unit.SET: "Set",
    Unit.CAI: "Cái",
    Unit.SUAT: "Suất",
    Unit.VE: "Vé",
}


@dataclass(frozen=True)
class Skip:
    """Why a SKU is not listed on a marketplace; ``delist`` asks to take an existing one down."""

    sku: str
    reason: str
    delist: bool = False


def nfc(text: str) -> str:
    """``text`` in NFC, the form every marketplace counts characters in."""
    return unicodedata.normalize("NFC", text)


def cut(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` characters, at a word boundary when possible."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,.;:-")


def title_for(offer: Offer) -> str:
    """The override title, else the product name followed by the packaging label."""
    if offer.title:
        return nfc(offer.title)
    name, label = nfc(offer.product.name), nfc(offer.sku.label)
    if label.casefold() in name.casefold():
        return name
    return f"{name} {label}"


def _html_paragraph(text: str) -> str:
    # escaping keeps a stray "<" in the text from reading as a tag
    return f"<p>{html.escape(text, quote=False)}</p>"


def description_for(
    offer: Offer, producer_name: str | None, html_allowed: bool, limit: int | None = None
) -> str:
    """Description, story and maker as paragraphs (``<p>`` where the marketplace takes HTML),
    at most ``limit`` characters: whole paragraphs while they fit, then the next one cut, so
    an HTML description never ends inside a tag."""
    parts = [offer.product.description, offer.product.story]
    if producer_name:
        # listing text is Vietnamese whatever the user's language: not a UI message
        parts.append(f"Sản xuất bởi: {producer_name}")
    paragraphs = [nfc(p.strip()) for p in parts if p and p.strip()]
    wrap, sep = (_html_paragraph, "") if html_allowed else (str, "\n\n")
    text = ""
    for paragraph in paragraphs:
        piece = (sep if text else "") + wrap(paragraph)
        room = None if limit is None else limit - len(text)
        if room is not None and len(piece) > room:
            overhead = len(piece) - len(paragraph)
            if room - overhead > 0:
                text += (sep if text else "") + wrap(cut(paragraph, room - overhead))
            break
        text += piece
    return text if limit is None else text[:limit]


def unit_for(offer: Offer, limit: int) -> str:
    """The packaging label when it fits, else the unit word."""
    label = nfc(offer.sku.label)
    return label if len(label) <= limit else UNIT_WORDS[offer.sku.unit]


def claim_for(offer: Offer, as_of: date) -> OcopClaim | None:
    """The OCOP badge the product may show on ``as_of`` (None when no certificate is valid)."""
    cert = current(offer.product, as_of)
    if cert is None:
        return None
    return OcopClaim(cert.stars, cert.decision or "", valid_until(cert))


def claim_shown(offer: Offer, capabilities: Capabilities, as_of: date) -> OcopClaim | None:
    """The badge the marketplace will really show: some refuse one without a decision number.

    Drafts, ``ocop verify`` and the report's drift all use this, so a listing is never
    reported as "stars differ" for a badge the marketplace could not have shown.
    """
    claim = claim_for(offer, as_of)
    if claim is not None and capabilities.ocop_needs_certificate_no and not claim.certificate_no:
        return None
    return claim


def badge_stars(offer: Offer, capabilities: Capabilities | None, as_of: date) -> int | None:
    """The OCOP stars the listing's page should show (``capabilities`` None: judge the
    certificate alone, for a marketplace whose connector is not installed)."""
    return stars_shown(current(offer.product, as_of), capabilities)


def stars_shown(cert: Certification | None, capabilities: Capabilities | None) -> int | None:
    """``badge_stars`` from the product's valid certificate, already found (the report finds
    it once a product, not once a product and marketplace): ``claim_shown``'s rule."""
    if cert is None:
        return None
    if capabilities is not None and capabilities.ocop_needs_certificate_no and not cert.decision:
        return None
    return cert.stars


def list_price_for(offer: Offer, capabilities: Capabilities) -> int | None:
    """The struck-out price, only when above the selling price and within the limits."""
    list_price = offer.sku.list_price
    if not capabilities.shows_list_price or list_price is None or list_price <= offer.price:
        return None
    return list_price if list_price <= capabilities.price_range[1] else None


def product_ref(offer: Offer, producer_name: str | None) -> ProductRef:
    """The product the SKU belongs to, for marketplaces that list its SKUs as variants."""
    product = offer.product
    return ProductRef(
        product.id,
        nfc(product.name),
        nfc(offer.sku.label),
        tuple(s.sku for s in product.skus),
        nfc(producer_name) if producer_name else None,
    )


def _category(offer: Offer, tree: CategoryTree) -> Category | str:
    """The leaf the catalogue's map names for the offer on its marketplace, or why not."""
    if offer.category is None:
        return _("no category is mapped for group {group} on {marketplace}").format(
            group=offer.product.category_keys()[1], marketplace=offer.marketplace
        )
    found = tree.resolve(offer.category)
    return found.reason if isinstance(found, Unresolved) else found


def _check_numbers(offer: Offer, caps: Capabilities, shipping: int | None) -> str | None:
    low, high = caps.price_range
    if not low <= offer.price <= high:
        return _("price {price} is outside {low}–{high} đồng").format(
            price=offer.price, low=low, high=high
        )
    if shipping is None:
        return _("no shipping weight (shipping_weight_g or net_weight_g) is given")
    if shipping > caps.shipping_weight_max:
        return _("shipping weight {grams} g is above the marketplace's {limit} g").format(
            grams=shipping, limit=caps.shipping_weight_max
        )
    if not offer.product.images:
        return _("the product has no image")
    return None


def _check_text(title: str, description: str, caps: Capabilities) -> str | None:
    low = caps.title_length[0]
    if len(title) < low:
        return _("title {title!r} is shorter than {low} characters").format(title=title, low=low)
    if len(description) < caps.description_length[0]:
        return _("description is shorter than {low} characters").format(
            low=caps.description_length[0]
        )
    return None


def draft_for(
    offer: Offer,
    capabilities: Capabilities,
    as_of: date,
    *,
    on_expired: ExpiredPolicy = "delist",
    province: str = "Thái Nguyên",
    producer_name: str | None = None,
    categories: CategoryTree,
) -> ListingDraft | Skip:
    """The draft for ``offer`` on its marketplace, or why it is skipped (see module rules).

    ``categories`` is the marketplace's tree: the catalogue's category name is resolved
    against it (``ocop.categories``), so the draft carries the marketplace's own id."""
    sku = offer.sku
    claim = claim_for(offer, as_of)
    if claim is None and on_expired == "delist":
        return Skip(sku.sku, _("no OCOP certificate is valid on {day}").format(day=as_of), True)
    shipping = sku.shipping_weight_g or sku.net_weight_g
    title = cut(title_for(offer), capabilities.title_length[1])
    description = description_for(
        offer, producer_name, capabilities.html_description, capabilities.description_length[1]
    )
    category = _category(offer, categories)
    reason = (
        (category if isinstance(category, str) else None)
        or _check_numbers(offer, capabilities, shipping)
        or _check_text(title, description, capabilities)
    )
    if reason is not None or shipping is None or isinstance(category, str):
        return Skip(sku.sku, reason or "")
    return ListingDraft(
        sku=sku.sku,
        title=title,
        description=description,
        category=category.id,
        price=offer.price,
        list_price=list_price_for(offer, capabilities),
        stock=min(sku.stock, capabilities.stock_max),
        unit=unit_for(offer, capabilities.unit_length),
        net_weight_g=sku.net_weight_g,
        shipping_weight_g=shipping,
        images=tuple(offer.product.images[: capabilities.max_images]),
        ocop=claim_shown(offer, capabilities, as_of),
        origin=cut(nfc(province), capabilities.origin_length),
        product=product_ref(offer, producer_name),
    )
