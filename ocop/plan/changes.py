"""What an action changes, field by field, from what the marketplace shows to what is wanted.

Each ``Change`` names the field in words (translated when shown) and its old and new value as
a person reads them: prices as ``125.000 ₫``, weights in grams, long texts by their length.
The plan decides by hashes; these words only describe it, so a field the marketplace does not
return is said to change only when nothing it does return explains the update.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ocop.connector import RemoteListing
from ocop.i18n import N_, _
from ocop.plan.actions import ActionKind, Change, Wanted

FIELD_PRICE = N_("price")
FIELD_STOCK = N_("stock")
FIELD_TITLE = N_("title")
FIELD_DESCRIPTION = N_("description")
FIELD_CATEGORY = N_("category")
FIELD_LIST_PRICE = N_("list price")
FIELD_STARS = N_("OCOP stars")
FIELD_UNIT = N_("unit")
FIELD_WEIGHT = N_("shipping weight")
FIELD_ORIGIN = N_("origin")
FIELD_PICTURES = N_("pictures")
FIELD_CONTENT = N_("content")
SHORT = 60  # longer texts are shown by their length


def money(value: int | None) -> str:
    """An amount of đồng as the interface language writes it (``ocop.display.money``)."""
    from ocop.display import money as written

    return written(value)


def _text(value: str | None) -> str:
    if value is None:
        return "-"
    if len(value) > SHORT:
        return _("{n} characters").format(n=len(value))
    return f"“{value}”"


def _texts(old: str, new: str) -> tuple[str, str]:
    """Two versions of a text; long ones by their length (and "edited" when it is the same)."""
    shown = _text(old), _text(new)
    if shown[0] == shown[1]:
        return shown[0], _("{text}, edited").format(text=shown[1])
    return shown


def _grams(value: int | None) -> str:
    return "-" if value is None else f"{value:,} g".replace(",", ".")


def offer_changes(item: Wanted, listing: RemoteListing) -> list[Change]:
    """Price and stock, where they differ."""
    found = []
    if listing.price != item.draft.price:
        found.append(Change(FIELD_PRICE, money(listing.price), money(item.draft.price)))
    if listing.stock != item.draft.stock:
        found.append(Change(FIELD_STOCK, str(listing.stock), str(item.draft.stock)))
    return found


def content_changes(
    item: Wanted, listing: RemoteListing, category_names: Mapping[str, str]
) -> list[Change]:
    """The content fields the marketplace shows that differ from the draft."""
    draft = item.draft
    found = []
    if listing.title != draft.title:
        found.append(Change(FIELD_TITLE, _text(listing.title), _text(draft.title)))
    if listing.category is not None and str(listing.category) != str(draft.category):
        old = category_names.get(str(listing.category), str(listing.category))
        new = category_names.get(str(draft.category), str(draft.category))
        found.append(Change(FIELD_CATEGORY, old, item.category_name or new))
    if listing.list_price != draft.list_price:
        found.append(Change(FIELD_LIST_PRICE, money(listing.list_price), money(draft.list_price)))
    if listing.ocop_stars != item.stars:
        found.append(Change(FIELD_STARS, str(listing.ocop_stars or "-"), str(item.stars or "-")))
    texts = (
        (FIELD_DESCRIPTION, listing.description, draft.description),
        (FIELD_UNIT, listing.unit, draft.unit),
        (FIELD_ORIGIN, listing.origin, draft.origin),
    )
    for name, shown, wanted in texts:
        if shown is not None and shown != wanted:
            found.append(Change(name, *_texts(shown, wanted)))
    weight = listing.shipping_weight_g
    if weight is not None and weight != draft.shipping_weight_g:
        found.append(Change(FIELD_WEIGHT, _grams(weight), _grams(draft.shipping_weight_g)))
    if listing.images and len(listing.images) != len(draft.images):
        found.append(Change(FIELD_PICTURES, str(len(listing.images)), str(len(draft.images))))
    return found


def changes(
    item: Wanted,
    listing: RemoteListing,
    steps: Sequence[ActionKind],
    category_names: Mapping[str, str],
) -> tuple[Change, ...]:
    """Everything ``steps`` change on ``listing``, in words."""
    found = offer_changes(item, listing)
    if ActionKind.UPDATE_CONTENT not in steps:
        return tuple(found)
    content = content_changes(item, listing, category_names)
    if not content:  # only what the marketplace does not show back: pictures' bytes, …
        content = [Change(FIELD_CONTENT, _("as last pushed"), _("edited in the catalogue"))]
    return tuple(found + content)
