"""The shop's reference data, read once per connector: categories, attributes, brands, logistics
channels and item limits.

Categories are found by id, by path or by name: ``"Thực Phẩm và Đồ Uống > Đồ uống > Trà"``,
the English ``original_category_name`` path (``"Food & Beverages > Beverages > Tea"``), or a leaf
name alone when no other leaf has it. Names are compared in NFC, case-insensitively, with
spaces collapsed. Only leaves take items (``get_category.has_children``).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from ocop.i18n import _
from ocop_shopee.client import ShopeeClient
from ocop_shopee.errors import DraftRefused
from ocop_shopee.models import (
    Attribute,
    AttributeTree,
    Brand,
    Brands,
    Categories,
    Category,
    Channel,
    Channels,
    ItemLimits,
)

SEPARATOR = ">"
LANGUAGE = "vi"
BRAND_PAGE = 100
T = TypeVar("T")


def normal(text: str) -> str:
    """A name as it is compared: NFC, case-folded, single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


@dataclass(frozen=True)
class CategoryTree:
    """``get_category``'s list as a tree."""

    nodes: dict[int, Category]

    def _lineage(self, category: Category) -> Iterator[Category]:
        seen: set[int] = set()
        node: Category | None = category
        while node is not None and node.category_id not in seen:
            seen.add(node.category_id)
            yield node
            node = self.nodes.get(node.parent_category_id)

    def paths(self, category: Category) -> tuple[str, str]:
        """The display-name path and the original-name path, root first."""
        line = list(self._lineage(category))[::-1]
        shown = f" {SEPARATOR} ".join(
            c.display_category_name or c.original_category_name for c in line
        )
        return shown, f" {SEPARATOR} ".join(c.original_category_name for c in line)

    def names(self) -> dict[str, list[int]]:
        """Every way a category may be written (normalised) → the ids it names."""
        found: dict[str, list[int]] = {}
        for category in self.nodes.values():
            keys = {
                *self.paths(category),
                category.display_category_name,
                category.original_category_name,
            }
            for key in {normal(k) for k in keys if k}:
                found.setdefault(key, []).append(category.category_id)
        return found

    def leaves(self) -> dict[int | str, bool]:
        """Id, paths and (unambiguous) names of every category → whether it takes items."""
        result: dict[int | str, bool] = {}
        names = self.names()
        for category in self.nodes.values():
            leaf = not category.has_children
            result[category.category_id] = leaf
            for path in self.paths(category):
                result[path] = leaf
            for name in (category.display_category_name, category.original_category_name):
                if name and len(names.get(normal(name), ())) == 1:
                    result.setdefault(name, leaf)
        return result

    def resolve(self, wanted: int | str) -> int:
        """The leaf's id; ``DraftRefused`` on ``category_id`` otherwise."""
        if isinstance(wanted, int) or str(wanted).strip().isdecimal():
            candidates = [int(wanted)] if int(wanted) in self.nodes else []
        else:
            key = f" {SEPARATOR} ".join(normal(p) for p in str(wanted).split(SEPARATOR))
            candidates = self.names().get(key, [])
        if len(candidates) != 1:
            reason = "invalid" if not candidates else "ambiguous"
            message = _("category {category!r} is not in Shopee's list for this shop").format(
                category=wanted
            )
            raise DraftRefused("category_id", reason, message)
        category = self.nodes[candidates[0]]
        if category.has_children:
            message = _("category {category!r} is not a leaf on Shopee").format(category=wanted)
            raise DraftRefused("category_id", "not_leaf", message)
        return category.category_id


class ShopData:
    """Reference data, each piece read on first use and kept (thread-safe)."""

    def __init__(self, client: ShopeeClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, int], object] = {}
        self._loading: dict[tuple[str, int], threading.Lock] = {}

    def _once(self, kind: str, key: int, load: Callable[[], T]) -> T:
        """The cached value, loaded by one thread while the others wait for it (a push runs
        many creates of one category at once: each would otherwise read it again)."""
        with self._lock:
            loading = self._loading.setdefault((kind, key), threading.Lock())
        with loading:
            with self._lock:
                if (kind, key) in self._cache:
                    return self._cache[(kind, key)]  # type: ignore[return-value]
            value = load()
            with self._lock:
                self._cache[(kind, key)] = value
            return value

    def forget(self) -> None:
        """Read everything again on next use."""
        with self._lock:
            self._cache.clear()

    def _category_tree(self) -> CategoryTree:
        params = {"language": LANGUAGE}
        answer = self._client.call("product.get_category", Categories, params=params)
        return CategoryTree({c.category_id: c for c in answer.category_list})

    def categories(self, fresh: bool = False) -> CategoryTree:
        """The category tree (Vietnamese display names); ``fresh`` reads it again now."""
        if not fresh:
            return self._once("categories", 0, self._category_tree)
        tree = self._category_tree()
        with self._lock:
            self._cache[("categories", 0)] = tree
        return tree

    def attributes(self, category_id: int) -> list[Attribute]:
        """The category's attribute tree (top level)."""

        def load() -> list[Attribute]:
            params = {"category_id_list": [category_id], "language": LANGUAGE}
            answer = self._client.call("product.get_attribute_tree", AttributeTree, params=params)
            found = [c for c in answer.categories if c.category_id == category_id]
            return list(found[0].attribute_tree) if found else []

        return self._once("attributes", category_id, load)

    def brands(self, category_id: int) -> tuple[bool, list[Brand]]:
        """(brand mandatory?, the registered brands) of a leaf category, every page."""

        def load() -> tuple[bool, list[Brand]]:
            found: list[Brand] = []
            offset, mandatory = 0, False
            while True:
                params = {"offset": offset, "page_size": BRAND_PAGE, "category_id": category_id,
                          "status": 1, "language": LANGUAGE}  # fmt: skip
                page = self._client.call("product.get_brand_list", Brands, params=params)
                found.extend(page.brand_list)
                mandatory = page.is_mandatory
                if not page.has_next_page or page.next_offset <= offset:
                    return mandatory, found
                offset = page.next_offset

        return self._once("brands", category_id, load)

    def channels(self) -> list[Channel]:
        """The shop's logistics channels."""

        def load() -> list[Channel]:
            return list(
                self._client.call("logistics.get_channel_list", Channels).logistics_channel_list
            )

        return self._once("channels", 0, load)

    def limits(self, category_id: int) -> ItemLimits:
        """Shopee's limits for items of a category."""

        def load() -> ItemLimits:
            params = {"category_id": category_id}
            return self._client.call("product.get_item_limit", ItemLimits, params=params)

        return self._once("limits", category_id, load)

    def prepare(self, wanted: int | str) -> int:
        """Read everything a first item of a category needs; returns the category's id."""
        category_id = self.categories().resolve(wanted)
        self.attributes(category_id)
        self.brands(category_id)
        self.channels()
        self.limits(category_id)
        return category_id
