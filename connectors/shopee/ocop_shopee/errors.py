"""Shopee's ``error`` names, read into ocop's one error tree (``ocop.errors``).

The names come from the ``error_list`` and ``common_error_list`` of Shopee's files. Each is
sorted once, here, into what ocop can do about it:

    authentication     credentials, permissions, a shop that is not (or no longer) linked
      TokenInvalid           the access token was refused: refresh once, repeat once
      AuthorisationExpired   the refresh token or the shop's authorisation ended: re-authorise
    throttled          error_rate_limit (RateLimited); the daily quota (error_limit, permanent)
    busy / transient   error_system_busy, error_inner, error_server …: retried where a retry
                       cannot duplicate anything; a creation answered so is OutcomeUnknown
    validation         ValidationRejected naming the field (tables below, or the message's
                       "invalid field X")
    not found          NotFound
    blocked            the item is banned or in Shopee's review: ItemBlocked (ListingBlocked),
                       nothing can be sent until Shopee decides
    conflict           refused for the item's state (promotion, holiday mode, a duplicate,
                       the shop's item limit): Conflict(code)
    permanent          anything else, with Shopee's name and message
"""

from __future__ import annotations

import re

from ocop.errors import (
    AuthenticationError,
    Conflict,
    ConnectorError,
    FieldIssue,
    ListingBlocked,
    NotFound,
    OutcomeUnknown,
    PermanentError,
    RateLimited,
    TransientError,
    ValidationRejected,
)
from ocop.i18n import N_, _

NAME = "shopee"
MODULES = frozenset({"product", "common", "logistics", "media_space", "shop", "public", "auth"})

REAUTHORISE_HINT = N_(
    "the shop's authorisation has expired or was revoked (a refresh token lasts 30 days and "
    "is used once); run `ocop auth shopee` to authorise the shop again"
)


class TokenInvalid(AuthenticationError):
    """The access token was refused (expired early or revoked): refresh it once."""


class AuthorisationExpired(AuthenticationError):
    """The refresh token (or the shop's authorisation of the app) has ended: authorise again."""

    def __init__(self, detail: str = "") -> None:
        hint = _(REAUTHORISE_HINT)
        super().__init__(NAME, f"{hint} ({detail})" if detail else hint)


class ItemBlocked(ListingBlocked):
    """``error_busi_cannot_delist_reviewing_or_banned_item``, ``error_item_uneditable``: Shopee
    has banned the item or is reviewing it; nothing can be sent until it decides."""

    def __init__(self, remote_id: str | None, name: str, message: str) -> None:
        super().__init__(NAME, remote_id, f"{name}: {message}")


class DraftRefused(ValidationRejected):
    """Checked before sending, against the shop's reference data: Shopee would refuse the
    draft's field; ``explanation`` says why in the user's words (the plan holds the SKU)."""

    def __init__(self, field: str, reason: str, explanation: str) -> None:
        super().__init__(NAME, [FieldIssue(field, reason)], explanation)
        self.explanation = explanation


AUTH_HINTS = {
    "error_sign": N_(
        "the signature was refused: check OCOP_SHOPEE_PARTNER_KEY (live and test partner "
        "keys differ) and the computer's clock"
    ),
    "invalid_partner_id": N_("the partner id is unknown: check OCOP_SHOPEE_PARTNER_ID"),
    "error_partner_key_expired": N_(
        "the partner key has expired: reset it in the Open Platform Console"
    ),
    "partner_shop_no_link": N_("the shop has not authorised this app: run `ocop auth shopee`"),
    "shop_no_linked": N_("the shop has not authorised this app: run `ocop auth shopee`"),
    "shop_banned": N_("Shopee has banned the shop; API calls are suspended until it is restored"),
    "error_api_permission": N_("the app has no permission for this call (Open Platform Console)"),
    "error_ashop_api_permission": N_("the app has no permission for this call"),
    "error_api_call_restricted": N_("the app's API calls are restricted (Open Platform Console)"),
    "source_ip_undeclared": N_(
        "this computer's IP address is not declared in the Open Platform Console"
    ),
    "api_suspended": N_("Shopee has taken this call offline"),
    "error_kyc_auth": N_("the shop has not completed Shopee's identity check"),
}
TOKEN_INVALID = frozenset({"invalid_acceess_token", "invalid_access_token"})  # sic, as documented
REAUTHORISE = frozenset({
    "refresh_token_expired", "error_shop_refresh_token", "error_merchant_refresh_token",
    "shop_access_expired", "merchant_access_expired", "supplier_access_expired", "invalid_code",
})  # fmt: skip
BUSY = frozenset({
    "error_system_busy", "error_inner", "error_server", "error_network", "error_get_shop_fail",
    "error_busi_add_item_failed", "error_update_price_fail", "error_unlist_item_failed",
    "error_cannot_delete_item", "error_busi_update_item_failed", "error_marshal",
})  # fmt: skip
NOT_FOUND = frozenset({
    "error_item_not_found", "error_item_or_variation_not_found", "error_model_invalid_model_id",
    "error_not_found", "error_item_not_belong_shop",
})  # fmt: skip
CONFLICTS = {
    "error_busi_cannot_delist_reviewing_or_banned_item": "banned_or_reviewing",
    "error_item_uneditable": "uneditable",
    "error_holiday_on_add_item": "holiday_mode",
    "error_holiday_on_del_item": "holiday_mode",
    "error_holiday_mode_change_stock": "holiday_mode",
    "error_seller_under_penalty": "penalty",
    "error_repeated_mtsku": "duplicate",
    "error_reach_shop_item_limit": "item_limit",
    "error_set_normal_unlisted_item": "unlisted",
    "error_busi_cannot_delete_all_model": "last_model",
    "error_busi_cannot_delete_default_model": "last_model",
    "error_auth_product_is_pff": "fulfilled_by_shopee",
    "error_auth_model_is_pff": "fulfilled_by_shopee",
    "error_busi_invalid_shop_status": "shop_status",
    "error_busi_invalid_account_status": "shop_status",
}
BLOCKED = frozenset({"banned_or_reviewing", "uneditable"})
FIELDS = {  # validation errors whose field the name itself tells
    "error_item_name_is_too_short": ("item_name", "too_short"),
    "error_title_exceeds_max_length": ("item_name", "too_long"),
    "error_name_length_limit": ("item_name", "too_long"),
    "error_item_name_empty": ("item_name", "missing"),
    "error_nil_name_new_item": ("item_name", "missing"),
    "error_title_character_forbidden": ("item_name", "invalid"),
    "error_desc_length_min_limit": ("description", "too_short"),
    "error_desc_hash_tag_over_limit": ("description", "invalid"),
    "error_price_exceed_min_limitt": ("original_price", "out_of_range"),
    "error_price_exceed_max_limitt": ("original_price", "out_of_range"),
    "error_price_out_of_range": ("original_price", "out_of_range"),
    "error_invalid_price": ("original_price", "invalid"),
    "error_invalid_category": ("category_id", "invalid"),
    "error_incalid_category": ("category_id", "invalid"),
    "error_category_is_block": ("category_id", "invalid"),
    "error_forbidden_category": ("category_id", "invalid"),
    "error_category_level": ("category_id", "not_leaf"),
    "error_invalid_attribute": ("attribute_list", "missing"),
    "error_less_required_attribute": ("attribute_list", "missing"),
    "error_invalid_attribute_value": ("attribute_list", "invalid"),
    "error_invalid_category_attribute": ("attribute_list", "invalid"),
    "error_value_name_required": ("attribute_list", "missing"),
    "error_value_id_must_equal_zero": ("attribute_list", "invalid"),
    "error_wrong_attrsnapshot": ("attribute_list", "invalid"),
    "error_invalid_brand": ("brand", "invalid"),
    "error_incalid_brand": ("brand", "invalid"),
    "error_less_required_brand": ("brand", "missing"),
    "error_brand_forbidden": ("brand", "invalid"),
    "error_invalid_logistic_info": ("logistic_info", "invalid"),
    "error_invalid_price_for_logistic": ("logistic_info", "invalid"),
    "error_image_unavailable": ("image", "invalid"),
    "error_image_num_min": ("image", "too_short"),
    "error_model_duplicate_name": ("standardise_tier_variation", "invalid"),
    "error_tier_opt_val_too_long": ("standardise_tier_variation", "too_long"),
    "error_tier_var_name_too_long": ("standardise_tier_variation", "too_long"),
    "error_model_tier_index_bound": ("tier_index", "out_of_range"),
    "error_invalid_days_to_ship": ("pre_order", "invalid"),
}
INVALID_FIELD = re.compile(r"invalid field ([A-Za-z_][\w.\[\]]*)\s*:\s*(.*)", re.IGNORECASE)
REASONS = ("missing", "invalid", "unknown_field", "out_of_range", "too_short", "too_long")
MESSAGE_FIELDS = (  # an unnamed error_param whose message names the subject ("Image not exist.")
    ("image", "image"), ("category", "category_id"), ("logistic", "logistic_info"),
    ("weight", "weight"), ("attribute", "attribute_list"), ("dimension", "dimension"),
    ("brand", "brand"), ("model_id", "model_id"), ("tier", "tier_index"), ("price", "original_price"),
)  # fmt: skip


def bare(name: str) -> str:
    """``product.error_param`` → ``error_param``; ``error.param`` → ``error_param``."""
    module, dot, rest = name.partition(".")
    if dot and module in MODULES:
        name = rest
    return name.replace(".", "_")


def snake(field: str) -> str:
    """``ItemId`` → ``item_id``; ``ModelList[0].SellerStock`` → ``model_list[0].seller_stock``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", field).lower()


def field_issue(name: str, message: str) -> FieldIssue:
    """The field and reason a validation error names (``invalid`` on an unnamed field)."""
    if name in FIELDS:
        return FieldIssue(*FIELDS[name])
    match = INVALID_FIELD.search(message)
    if match is None:
        lowered = message.lower()
        subject = next((field for word, field in MESSAGE_FIELDS if word in lowered), "?")
        return FieldIssue(subject, "invalid")
    detail = match.group(2).lower()
    reason = next((r for r in REASONS if r in detail), None)
    if reason is None:
        reason = "missing" if "not null" in detail else "invalid"
    return FieldIssue(snake(match.group(1)), reason)


def _authentication(name: str, message: str) -> AuthenticationError | None:
    if name in TOKEN_INVALID or (name == "error_auth" and "access_token" in message.lower()):
        return TokenInvalid(NAME, _("the access token was refused"))
    if name in REAUTHORISE or (name == "error_auth" and "refresh_token" in message.lower()):
        return AuthorisationExpired(name)
    if name in AUTH_HINTS:
        return AuthenticationError(NAME, f"{name}: {_(AUTH_HINTS[name])}")
    if name == "error_auth":
        return AuthenticationError(NAME, f"{name}: {message}")
    return None


def error_for(
    name: str,
    message: str,
    *,
    operation: str,
    creates: bool,
    remote_id: str | None = None,
) -> ConnectorError:
    """The ``ocop.errors`` class for a failed answer. ``creates``: the call creates something,
    so an answer that says "busy" leaves its outcome unknown."""
    name = bare(name)
    auth = _authentication(name, message)
    if auth is not None:
        return auth
    if name == "error_rate_limit":
        return RateLimited(NAME, None)
    if name == "error_limit":
        return PermanentError(
            NAME, _("the app's daily call limit is reached; try after 00:00 (UTC+8)")
        )
    if name in BUSY:
        if creates:
            return OutcomeUnknown(NAME, operation, name)
        return TransientError(NAME, f"{operation}: {name} ({message})")
    if name in NOT_FOUND:
        return NotFound(NAME, remote_id or "?")
    if CONFLICTS.get(name) in BLOCKED:
        return ItemBlocked(remote_id, name, message)
    if name in CONFLICTS:
        return Conflict(NAME, CONFLICTS[name], f"{name}: {message}", remote_id)
    if "promotion" in name:
        return Conflict(NAME, "in_promotion", f"{name}: {message}", remote_id)
    if name in FIELDS or name.startswith("error_param") or INVALID_FIELD.search(message):
        return ValidationRejected(NAME, [field_issue(name, message)], message)
    return PermanentError(NAME, f"{name}: {message}")
