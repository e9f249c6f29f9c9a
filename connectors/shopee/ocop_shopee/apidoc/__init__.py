"""Shopee's own per-endpoint documentation, read as data.

The ``v2.*.json`` files next to this module are Shopee Open Platform v2's documentation as
collected by the MIT-licensed shopee-sdk project (``LICENSE.shopee-sdk``, provenance in
``SPEC-README.md``), identical to ``../shared/specs/shopee``. The client, the sandbox and the
conformance tests all read them through this module, so the rules live in Shopee's files and
nowhere else.

Where the documentation contradicts itself, the decision is taken here, once, and listed in
``READINGS`` (docs/shopee.md prints the same list).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
LIVE_HOST = "https://partner.shopeemobile.com"
TEST_HOST = "https://partner.test-stable.shopeemobile.com"

# documented type → the JSON kind a value must have
KINDS = {
    "int": "integer",
    "int32": "integer",
    "int64": "integer",
    "uint64": "integer",
    "timestamp": "integer",
    "float": "number",
    "string": "string",
    "boolean": "boolean",
    "object": "object",
    "file": "file",
}
REQUIRED_WORDS = frozenset({"true", "yes"})  # `required` is written True, False, yes or left out
ENVELOPE = ("error", "message", "request_id")  # every answer (README "Envelope", every sample)


@dataclass(frozen=True)
class Param:
    """One documented parameter (request) or field (response), with its children."""

    name: str
    type: str
    required: bool = False
    children: tuple[Param, ...] = ()
    limits: tuple[int, int] | None = None

    @property
    def is_list(self) -> bool:
        """True for the documented ``T[]`` types."""
        return self.type.endswith("[]")

    @property
    def kind(self) -> str:
        """integer, number, string, boolean, object or file (of one element, for a list)."""
        return KINDS.get(self.type.removesuffix("[]"), "string")

    def child(self, name: str) -> Param | None:
        """The documented child called ``name``."""
        return next((c for c in self.children if c.name == name), None)


@dataclass(frozen=True)
class Endpoint:
    """One API call as its file documents it (after ``READINGS``)."""

    name: str  # "product.add_item"
    path: str  # "/api/v2/product/add_item"
    method: str  # "GET" (parameters in the query) or "POST" (a JSON body)
    shop: bool  # a Shop API: signed with access_token and shop_id
    request: tuple[Param, ...]
    answer: tuple[Param, ...]  # the whole JSON answer, envelope included
    errors: frozenset[str] = field(default_factory=frozenset)

    @property
    def flat(self) -> bool:
        """True when the answer has no ``response`` object (token calls, get_shop_info)."""
        return all(p.name != "response" for p in self.answer)

    def param(self, name: str) -> Param | None:
        """The top-level request parameter called ``name``."""
        return next((p for p in self.request if p.name == name), None)

    @property
    def response(self) -> Param | None:
        """The documented ``response`` object, if the call answers with one."""
        return next((p for p in self.answer if p.name == "response"), None)


# --- where the documentation contradicts itself ---------------------------------------------

READINGS: tuple[tuple[str, str], ...] = (
    ("media_space.upload_image",
     "a Public call (signed without access_token/shop_id) that answers inside `response`; the "
     "multipart field is `image` (its table; one code sample says `file`)"),
    ("product.get_attribute_tree",
     "the parameter is `category_id_list` (its table; the sample URL says `category_ids`)"),
    ("GET arrays",
     "integer lists are sent comma-separated (`item_id_list=34001,34002`, as most samples); "
     "string lists repeat the key (`item_status=NORMAL&item_status=UNLIST`, as get_item_list's "
     "own description says); the bracket form `[34001 34002]` of one sample is not used"),
    ("request samples",
     "only keys a table documents are sent: not add_item `tax_info.invoice_option`/`vat_rate`, "
     "not update_item `logistic_info`, not init_tier_variation `tier_variation` (its table "
     "documents `standardise_tier_variation`, with variation_id 0 for a seller's own variation)"),
    ("shop.get_shop_info", "answers flat, not inside `response`"),
    ("delete_item, delete_model, update_model, update_tier_variation",
     "answer the envelope only (no `response`)"),
    ("envelope",
     "every answer carries error, message and request_id (README, every sample), even where a "
     "table leaves them out (get_channel_list, get_shop_info)"),
    ("response samples",
     "samples that are not JSON, put \"-\" in `error` or write \"false\" for a boolean are "
     "ignored: the tables are the contract"),
    ("required", "written True, False, yes or left out: True and yes mean required"),
    ("public.get_access_token",
     "`expire_in` is typed timestamp but is the token's lifetime in seconds (its description; "
     "the refresh sample's 14400)"),
    ("offset", "search_item.offset is a string cursor, get_item_list.offset an integer: each "
     "call is read as its own table says"),
    ("product.get_item_base_info",
     "complaint_policy, tax_info, description_info, description_type and stock_info_v2 are "
     "documented beside `item_list` but are fields of each item (the sample, and their "
     "descriptions: per item)"),
    ("product.get_item_limit",
     "`gtin_limit` is documented beside `response` but belongs inside it"),
    ("product.update_item",
     "image.image_id_list is typed object[] but is a list of image id strings, as in add_item"),
    ("product.add_item", "the answer's attributes are `attribute` (its table; the sample says "
     "`attributes`)"),
    ("product.init_tier_variation",
     "the answer's model.tier_index is typed object[] but is a list of integers (the sample, "
     "and the request's int32[])"),
    ("error names",
     "answers may prefix an error name with its module (`product.error_param` in the examples, "
     "`error_param` in the tables): the prefix is ignored when classifying"),
)  # fmt: skip

ITEM_FIELDS_BESIDE_LIST = (
    "complaint_policy",
    "tax_info",
    "description_info",
    "description_type",
    "stock_info_v2",
)


def _required(raw: Any) -> bool:
    return str(raw).strip().lower() in REQUIRED_WORDS


def _limits(raw: Any) -> tuple[int, int] | None:
    if isinstance(raw, list) and len(raw) == 2 and all(isinstance(n, int) for n in raw):
        return (raw[0], raw[1])
    return None


def _param(raw: dict[str, Any]) -> Param:
    return Param(
        name=raw["name"],
        type=raw.get("type") or "string",
        required=_required(raw.get("required")),
        children=tuple(_param(c) for c in raw.get("children") or ()),
        limits=_limits(raw.get("limits")),
    )


def _move_into_items(answer: tuple[Param, ...]) -> tuple[Param, ...]:
    response = next(p for p in answer if p.name == "response")
    beside = tuple(c for c in response.children if c.name in ITEM_FIELDS_BESIDE_LIST)
    kept = tuple(c for c in response.children if c.name not in ITEM_FIELDS_BESIDE_LIST)
    items = [replace(c, children=c.children + beside) if c.name == "item_list" else c for c in kept]
    return tuple(replace(p, children=tuple(items)) if p is response else p for p in answer)


def _move_into_response(answer: tuple[Param, ...], name: str) -> tuple[Param, ...]:
    moved = tuple(p for p in answer if p.name == name)
    return tuple(
        replace(p, children=p.children + moved) if p.name == "response" else p
        for p in answer
        if p.name != name
    )


def _image_ids_are_strings(request: tuple[Param, ...]) -> tuple[Param, ...]:
    def fix(param: Param) -> Param:
        if param.name != "image":
            return param
        children = tuple(
            replace(c, type="string[]") if c.name == "image_id_list" else c for c in param.children
        )
        return replace(param, children=children)

    return tuple(fix(p) for p in request)


def _retype(params: tuple[Param, ...], path: tuple[str, ...], kind: str) -> tuple[Param, ...]:
    """``params`` with the one at ``path`` given the documented-by-example type ``kind``."""
    head, rest = path[0], path[1:]
    return tuple(
        (
            replace(p, type=kind)
            if not rest
            else replace(p, children=_retype(p.children, rest, kind))
        )
        if p.name == head
        else p
        for p in params
    )


def _with_envelope(answer: tuple[Param, ...]) -> tuple[Param, ...]:
    have = {p.name for p in answer}
    return tuple(Param(n, "string") for n in ENVELOPE if n not in have) + answer


def _read(path: Path) -> Endpoint:
    raw = json.loads(path.read_text(encoding="utf-8"))
    name = raw["api_name"].removeprefix("v2.")
    params = raw.get("params") or {}
    request = tuple(_param(p) for p in params.get("request_params") or ())
    answer = tuple(_param(p) for p in params.get("response_params") or ())
    if name == "product.get_item_base_info":
        answer = _move_into_items(answer)
    elif name == "product.get_item_limit":
        answer = _move_into_response(answer, "gtin_limit")
    elif name == "product.update_item":
        request = _image_ids_are_strings(request)
    elif name == "product.init_tier_variation":
        answer = _retype(answer, ("response", "model", "tier_index"), "int32[]")
    errors = {e["name"] for e in raw.get("error_list") or ()}
    errors |= {e["name"] for e in raw.get("common_error_list") or ()}
    return Endpoint(
        name=name,
        path=raw["path"],
        method="POST" if raw["method"] == 1 else "GET",
        shop=raw["api_type"] == "Shop",
        request=request,
        answer=_with_envelope(answer),
        errors=frozenset(errors),
    )


@cache
def endpoints() -> dict[str, Endpoint]:
    """Every documented call, by name ("product.add_item")."""
    found = (_read(path) for path in sorted(HERE.glob("v2.*.json")))
    return {endpoint.name: endpoint for endpoint in found}


def endpoint(name: str) -> Endpoint:
    """The documented call ``name``; ``KeyError`` when Shopee's files do not document it."""
    return endpoints()[name]


@cache
def by_path() -> dict[str, Endpoint]:
    """Every documented call, by API path."""
    return {e.path: e for e in endpoints().values()}


def source_files() -> list[Path]:
    """The documentation files this package ships."""
    return sorted(HERE.glob("v2.*.json"))
