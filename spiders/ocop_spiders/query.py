"""CSS selectors run on lxml elements, compiled once; class selectors answered from one pass.

A ``Query`` is one selector in parsel's dialect (``::text``, ``::attr(name)``) compiled to an
lxml XPath object. Most storefront rules are class selectors (``.c-product-main__price``,
``span.jstars__ocop::attr(data-value)``); as XPath each walks the whole page testing every
element's class with string functions, ~11 µs a query on a small page, and a page asks about
ten. ``ClassIndex`` lists a page's elements that have a class once; a class selector asked of
the whole page is then answered from that list, with the XPath semantics (whitespace-separated
class tokens as XPath's ``normalize-space`` splits them, case-sensitive; tag names lower-case
as lxml's HTML parser makes them; document order). Any other selector, or one asked of a part
of the page, runs as XPath (tests/spiders/test_extract.py checks the two agree).
"""

from __future__ import annotations

import re
from typing import TypeAlias, cast

from lxml import etree
from parsel import css2xpath

Element: TypeAlias = etree._Element
# What a selector finds: an element, or (``::text``, ``::attr(...)``) the string itself.
Node: TypeAlias = "etree._Element | str"

# tag? then one or more .class, then ::attr(name)?; class names as CSS identifiers (ASCII)
_CLASS_SELECTOR = re.compile(
    r"(?P<tag>[a-zA-Z][a-zA-Z0-9]*)?(?P<classes>(?:\.-?[_a-zA-Z][_a-zA-Z0-9-]*)+)"
    r"(?:::attr\((?P<attr>[_a-zA-Z][_a-zA-Z0-9:.-]*)\))?"
)
# XPath's normalize-space() separates on these four characters only (not on NBSP etc.)
_XPATH_SPACE = str.maketrans("\t\r\n", "   ")
# every class attribute, each knowing its element (lxml's "smart strings")
_CLASS_VALUES = etree.XPath("descendant-or-self::*/@class")


class ClassIndex:
    """A page's elements that have a class attribute, in document order, with the attribute."""

    __slots__ = ("entries", "every_class", "root")

    def __init__(self, root: Element) -> None:
        self.root = root
        values = _CLASS_VALUES(root)
        self.entries: list[tuple[Element, str]] = [(value.getparent(), value) for value in values]
        # every class attribute in one string: a name or pattern found in none of them is
        # ruled out by one search instead of one per element
        self.every_class = "\n".join(values)

    @classmethod
    def part(cls, element: Element) -> ClassIndex:
        """The index of ``element`` and its descendants, walked in Python: a price block holds
        a handful of elements, and an XPath call costs five times the walk."""
        index = cls.__new__(cls)
        index.root = element
        classed = ((node, node.get("class")) for node in element.iter(etree.Element))
        index.entries = [(node, value) for node, value in classed if value is not None]
        index.every_class = "\n".join(value for _, value in index.entries)
        return index

    def with_class_containing(self, parts: re.Pattern[str]) -> list[Node]:
        """Elements whose class attribute contains a match of ``parts`` (CSS ``[class*=…]``
        for each alternative of a pattern such as ``stock|availability``)."""
        if not parts.search(self.every_class):
            return []
        return [node for node, value in self.entries if parts.search(value)]


class Query:
    """One CSS selector compiled once to an lxml XPath object, run on lxml elements. An empty
    selector finds nothing; so does any selector run on a string."""

    __slots__ = ("_attr", "_classes", "_probe", "_tag", "_xpath")

    def __init__(self, css: str) -> None:
        self._xpath = etree.XPath(css2xpath(css), smart_strings=False) if css else None
        simple = _CLASS_SELECTOR.fullmatch(css.strip()) if css else None
        self._classes = frozenset(simple["classes"][1:].split(".")) if simple else None
        # the longest class name: a substring test rules most elements out before any split
        self._probe = max(self._classes, key=len) if self._classes else ""
        self._tag = simple["tag"].lower() if simple and simple["tag"] else None
        self._attr = simple["attr"] if simple else None

    def __call__(self, context: Node) -> list[Node]:
        """What the selector finds in ``context`` (an element and its descendants)."""
        if self._xpath is None or isinstance(context, str):
            return []
        return cast("list[Node]", self._xpath(context))

    def on(self, page: ClassIndex) -> list[Node]:
        """What the selector finds in the whole page, from its class index when it can."""
        if self._classes is None:
            return self(page.root)
        if self._probe not in page.every_class:
            return []
        return self._matching(page.entries)

    def within(self, context: Node) -> list[Node]:
        """What the selector finds in ``context``; a class selector by walking its elements
        in Python (a price block holds a handful: a fifth of an XPath call's cost)."""
        if self._classes is None or isinstance(context, str):
            return self(context)
        return self.on(ClassIndex.part(context))

    def _matching(self, entries: list[tuple[Element, str]]) -> list[Node]:
        """The class selector's answer among ``entries`` (elements with their class)."""
        wanted, tag, probe = cast(frozenset[str], self._classes), self._tag, self._probe
        found = [
            node
            for node, value in entries
            if probe in value
            and (tag is None or node.tag == tag)
            and wanted.issubset(value.translate(_XPATH_SPACE).split(" "))
        ]
        if self._attr is None:
            return cast("list[Node]", found)
        values = (node.get(self._attr) for node in found)
        return [value for value in values if value is not None]

    def __bool__(self) -> bool:
        return self._xpath is not None
