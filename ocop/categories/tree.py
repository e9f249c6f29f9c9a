"""A marketplace's category tree, and the catalogue's category names resolved against it.

The catalogue names a category as the marketplace shows it: its name (``Chè, trà``), or its
path when a name alone is ambiguous (``Đặc sản vùng miền > Chè, trà``; any trailing part of
the path will do), optionally with the marketplace's id pinned (``{name: Chè, trà, id: 101}``).
``resolve`` gives the leaf it names, or an ``Unresolved`` reason in words:

    no such name        "voso has no category “Chè”; did you mean “Chè, trà”?"
    several             "“Trà” names 2 categories on voso: A > Trà, B > Trà; write its path"
    not a leaf          "“Đặc sản vùng miền” on voso has sub-categories: choose one of …"
    a pin that differs  "the id 103 pinned for “Chè, trà” is “Mật ong, tinh bột nghệ” on voso"
    an id alone         "category 101 is given by its id alone; on voso it is “Chè, trà”: …"

An id alone (what older catalogues wrote) is never trusted: on another marketplace's list,
or after the list changed, the same number can mean honey instead of tea.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ocop.categories.words import SEPARATOR, joined, loose, same, segments, words
from ocop.connector import Category
from ocop.i18n import _
from ocop.model import CategoryPin

CategoryRef = int | str | CategoryPin  # what a catalogue's category map gives
SHOWN = 5  # candidates named in one message


@dataclass(frozen=True)
class Unresolved:
    """Why a catalogue's category cannot be used on a marketplace, in words."""

    reason: str


def key(category_id: int | str | None) -> str:
    """A category id as ids are compared (``101`` and ``"101"`` are one id)."""
    return "" if category_id is None else str(category_id)


class CategoryTree:
    """One marketplace's categories, by id, with their paths (cycles and orphans tolerated)."""

    def __init__(self, marketplace: str, categories: Iterable[Category]) -> None:
        self.marketplace = marketplace
        self.categories = tuple(categories)
        self._by_id = {key(c.id): c for c in self.categories}
        self._children: dict[str, list[Category]] = {}
        for category in self.categories:
            parent = key(category.parent)
            if parent and parent in self._by_id and parent != key(category.id):
                self._children.setdefault(parent, []).append(category)
        self._by_name: dict[str, list[Category]] = {}
        for category in self.categories:
            for name in {same(n) for n in (category.name, *category.aliases) if n.strip()}:
                self._by_name.setdefault(name, []).append(category)

    def __len__(self) -> int:
        return len(self.categories)

    def get(self, category_id: int | str) -> Category | None:
        """The category with this id, if the marketplace has it."""
        return self._by_id.get(key(category_id))

    def children(self, category: Category | None) -> list[Category]:
        """The sub-categories of ``category`` (of the top level for None), in the API's order."""
        if category is None:
            return [c for c in self.categories if self.parent(c) is None]
        return self._children.get(key(category.id), [])

    def parent(self, category: Category) -> Category | None:
        """The parent of ``category`` (None at the top, or when the parent is missing)."""
        found = self._by_id.get(key(category.parent))
        return None if found is None or found is category else found

    def lineage(self, category: Category) -> Iterator[Category]:
        """``category``, its parent, its grandparent… (stops at a cycle)."""
        seen: set[str] = set()
        node: Category | None = category
        while node is not None and key(node.id) not in seen:
            seen.add(key(node.id))
            yield node
            node = self.parent(node)

    def path(self, category: Category) -> str:
        """Its names from the top: ``"Đặc sản vùng miền > Chè, trà"``."""
        return joined([c.name for c in reversed(list(self.lineage(category)))])

    def is_leaf(self, category: Category) -> bool:
        """Whether listings may go in it: the marketplace says so and it has no children."""
        return category.leaf and not self._children.get(key(category.id))

    def leaves(self) -> list[Category]:
        """Every category that takes listings."""
        return [c for c in self.categories if self.is_leaf(c)]

    def written(self, category: Category) -> str:
        """The shortest way to write ``category`` that names it alone: its name, else its
        name with as many parents as it takes."""
        line = [c.name for c in reversed(list(self.lineage(category)))]
        for start in range(len(line) - 1, -1, -1):
            text = joined(line[start:])
            if self.find(text) == [category]:
                return text
        return joined(line)

    def find(self, written: str) -> list[Category]:
        """Categories whose path ends with the names of ``written`` (a name or a path)."""
        wanted = segments(written)
        if not wanted:
            return []
        found = []
        for category in self._by_name.get(wanted[-1], []):
            line = list(self.lineage(category))
            if len(line) >= len(wanted) and all(
                _named(node, name) for node, name in zip(line, reversed(wanted), strict=False)
            ):
                found.append(category)
        return found

    def resolve(self, ref: CategoryRef) -> Category | Unresolved:
        """The leaf ``ref`` names, or why there is none (see the module docstring)."""
        if isinstance(ref, CategoryPin):
            return self._pinned(ref)
        if isinstance(ref, int):
            return self._id_alone(ref)
        found = self.find(ref)
        if not found:
            return Unresolved(self._missing(ref))
        if len(found) > 1:
            return Unresolved(
                _("“{name}” names {n} categories on {marketplace}: {paths}; write its path").format(
                    name=ref, n=len(found), marketplace=self.marketplace, paths=self._paths(found)
                )
            )
        return self._leaf(found[0])

    def _leaf(self, category: Category) -> Category | Unresolved:
        if self.is_leaf(category):
            return category
        below = [c.name for c in self.children(category)][:SHOWN]
        return Unresolved(
            _("“{path}” on {marketplace} has sub-categories: choose one of {names}").format(
                path=self.path(category),
                marketplace=self.marketplace,
                names=", ".join(f"“{n}”" for n in below) or "-",
            )
        )

    def _pinned(self, pin: CategoryPin) -> Category | Unresolved:
        category = self.get(pin.id)
        if category is None:
            return Unresolved(
                _("the id {id} pinned for “{name}” is not on {marketplace}'s list").format(
                    id=pin.id, name=pin.name, marketplace=self.marketplace
                )
            )
        if category not in self.find(pin.name):
            return Unresolved(
                _(
                    "the id {id} pinned for “{name}” is “{path}” on {marketplace}: its list has "
                    "changed; check the category and write its name again"
                ).format(
                    id=pin.id, name=pin.name, path=self.path(category), marketplace=self.marketplace
                )
            )
        return self._leaf(category)

    def _id_alone(self, category_id: int | str) -> Unresolved:
        category = self.get(category_id)
        if category is None:
            return Unresolved(
                _(
                    "category {id} is given by its id alone, and {marketplace} has no such "
                    "category: write the category's name (ocop categories suggests one)"
                ).format(id=category_id, marketplace=self.marketplace)
            )
        return Unresolved(
            _(
                "category {id} is given by its id alone; on {marketplace} it is “{path}”: write "
                "its name, or {{name: …, id: {id}}} to pin it"
            ).format(id=category_id, marketplace=self.marketplace, path=self.path(category))
        )

    def _missing(self, written: str) -> str:
        by_id = self.get(written)
        if by_id is not None:  # an id written as a name (an older catalogue's code)
            return self._id_alone(written).reason
        text = _("{marketplace} has no category “{name}”").format(
            marketplace=self.marketplace, name=written
        )
        near = self.near(written)
        if near:
            text += _("; did you mean {names}?").format(
                names=" / ".join(f"“{self.path(c)}”" for c in near)
            )
        return text + _(" (ocop categories shows its list)")

    def near(self, written: str) -> list[Category]:
        """Categories whose name is close to ``written``'s last name, marks aside: the same
        letters, else every word of it (leaves first), else nearly the same letters."""
        last = loose(written.split(SEPARATOR)[-1])
        names = {loose(c.name): c for c in self.categories}
        if last in names:
            return [names[last]]
        wanted = set(words(last))
        holding = [c for c in self.categories if wanted and wanted <= set(words(c.name))]
        if holding:
            return sorted(holding, key=lambda c: not self.is_leaf(c))[:2]
        close = difflib.get_close_matches(last, list(names), n=2, cutoff=0.75)
        return [names[name] for name in close]

    def _paths(self, found: list[Category]) -> str:
        shown = ", ".join(self.path(c) for c in found[:SHOWN])
        return shown + (" …" if len(found) > SHOWN else "")


def _named(category: Category, name: str) -> bool:
    return any(same(n) == name for n in (category.name, *category.aliases))
