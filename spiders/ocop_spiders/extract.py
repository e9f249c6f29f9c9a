"""What a product page says about its listing: title, prices, OCOP stars, availability, and
which listing it says it is.

Sources are read in a fixed order and each only fills what the earlier ones left empty:
schema.org JSON-LD, then microdata, then OpenGraph, then the site's own markup from the
contract (``ocop.storefront.Markup``, from the marketplace's package). Structured data is what
the site means for machines; the visible markup is the fallback that breaks first when a site is
redesigned. Every source also gives what identifies the listing (addresses, SKUs): the spider
counts a page's facts only when they name the listing it asked for (``ocop_spiders.identity``).

The list (struck-out) price is read only from structured data (a ``ListPrice`` or
``StrikethroughPrice`` price specification) or from the listing's own price block: never from
a related product's card elsewhere on the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from lxml import etree
from parsel import Selector

from ocop.storefront import Markup
from ocop_spiders.prices import normalise_text, parse_vnd
from ocop_spiders.query import ClassIndex, Element, Node, Query
from ocop_spiders.struck import is_struck, unstruck_text

# schema.org ItemAvailability (last URL segment) → what it means for a listing
AVAILABILITY = {
    "instock": "in_stock",
    "limitedavailability": "in_stock",
    "onlineonly": "in_stock",
    "instoreonly": "in_stock",
    "preorder": "in_stock",
    "presale": "in_stock",
    "backorder": "in_stock",
    "madetoorder": "in_stock",
    "outofstock": "out_of_stock",
    "soldout": "out_of_stock",
    "discontinued": "discontinued",
}


@dataclass(frozen=True)
class CompiledMarkup:
    """A marketplace's ``Markup``, every selector compiled (``compiled``)."""

    title: Query
    price: Query
    list_price: Query
    stars: Query
    out_of_stock: Query
    not_found: Query
    price_block: Query
    sku: Query


@lru_cache(maxsize=32)
def compiled(markup: Markup) -> CompiledMarkup:
    """``markup``'s selectors compiled, once per marketplace's rules."""
    return CompiledMarkup(**{name: Query(css) for name, css in markup.__dict__.items()})


def _xpath(expression: str) -> etree.XPath:
    return etree.XPath(expression, smart_strings=False)


# The fixed expressions, compiled once: they run on every page.
_VISIBLE_TEXT = _xpath(".//text()[not(ancestor::script or ancestor::style)]")
_STRING = _xpath("string(.)")
_JSON_LD_TYPE = "application/ld+json"
_JSON_LD = _xpath(f'//script[@type="{_JSON_LD_TYPE}"]/text()')
_CANONICAL = Query('link[rel="canonical"]::attr(href)')
_MICRODATA_TYPE = "schema.org/Product"
_MICRODATA = Query(f'[itemtype*="{_MICRODATA_TYPE}"]')
_ITEMPROP = {
    name: Query(f'[itemprop="{name}"]')
    for name in ("name", "price", "availability", "sku", "productID", "url")
}
_STOCK_NOTE_CLASSES = re.compile("stock|availability")  # [class*='stock'], [class*='availability']
_PARSER = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
_STARS = re.compile(r"([3-5])\s*(?:sao|★|stars?)", re.I)
GONE_PHRASES = ("sản phẩm không tồn tại", "ngừng kinh doanh", "không tìm thấy sản phẩm")
OUT_OF_STOCK_PHRASES = ("hết hàng", "tạm hết hàng", "out of stock", "sold out")


@dataclass
class PageFacts:
    """The listing as the page shows it; None where the page does not say."""

    title: str | None = None
    price: int | None = None
    list_price: int | None = None
    stars: int | None = None
    availability: str | None = None  # "in_stock" | "out_of_stock" | "discontinued"
    sku: str | None = None
    gone: bool = False  # a "not found / discontinued" notice is shown (soft 404)
    urls: list[str] = field(default_factory=list)  # canonical, og:url, structured data's url
    skus: list[str] = field(default_factory=list)  # SKUs and product ids the page states
    shown_sku: str | None = None  # the text of the markup's SKU element
    sources: list[str] = field(default_factory=list)

    def fill(self, source: str, **values: Any) -> None:
        """Set each value that is still empty; remember ``source`` if it added anything."""
        added = False
        for name, value in values.items():
            if value is not None and getattr(self, name) is None:
                setattr(self, name, value)
                added = True
        if added:
            self.sources.append(source)

    @property
    def has_product(self) -> bool:
        """True when the page shows a product at all (a title or a price)."""
        return self.title is not None or self.price is not None


def extract(
    html: str | Selector, markup: Markup | CompiledMarkup, sku: str | None = None
) -> PageFacts:
    """Everything the page says about the listing, structured data first. A caller that reads
    many pages passes its rules compiled (``compiled``): a ``Markup`` is looked up in the
    cache by hashing its eight selectors on every page."""
    text = None if isinstance(html, Selector) else html
    root = parse_html(text) if text is not None else cast(Selector, html).root
    rules = markup if isinstance(markup, CompiledMarkup) else compiled(markup)
    facts = PageFacts()
    page = ClassIndex(root)  # the page's class selectors answered from one pass
    # A page whose source does not name JSON-LD or a schema.org Product has neither: not
    # looking saves each of a marketplace's pages without them two queries of the whole page.
    if text is None or _JSON_LD_TYPE in text:
        _from_json_ld(root, facts, sku)
    if text is None or _MICRODATA_TYPE in text:
        _from_microdata(root, facts)
    _from_opengraph(root, facts)
    _from_markup(page, facts, rules)
    _notices(page, facts, rules)
    facts.urls += _CANONICAL(root)
    return facts


def parse_html(text: str) -> Element:
    """The page's root element, parsed as Scrapy's selectors (parsel) parse it: trimmed, NULs
    removed, UTF-8, broken markup recovered; an empty page is an empty ``<html>``."""
    body = text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    root = etree.fromstring(body, parser=_PARSER)
    return root if root is not None else etree.fromstring(b"<html/>", parser=_PARSER)


def _from_json_ld(root: Element, facts: PageFacts, sku: str | None) -> None:
    products = [p for raw in _JSON_LD(root) for p in _products(_loads(raw))]
    if not products:
        return
    chosen = next((p for p in products if sku and str(p.get("sku")) == sku), products[0])
    offer = _first_offer(chosen.get("offers"))
    price = offer.get("price", offer.get("lowPrice"))
    facts.fill(
        "json-ld",
        title=_text(chosen.get("name")),
        price=parse_vnd(str(price)) if price is not None else None,
        list_price=_list_price(offer.get("priceSpecification")),
        availability=_availability(offer.get("availability")),
        sku=_text(chosen.get("sku")),
    )
    facts.urls += [str(u) for u in (chosen.get("url"), offer.get("url")) if isinstance(u, str)]
    facts.skus += [str(chosen[k]) for k in ("sku", "productID") if chosen.get(k) is not None]


def _list_price(specification: Any) -> int | None:
    """A ``ListPrice``/``StrikethroughPrice`` among an offer's price specifications."""
    specs = specification if isinstance(specification, list) else [specification]
    for spec in specs:
        if not isinstance(spec, dict):
            continue
        kind = str(spec.get("priceType", "")).rsplit("/", 1)[-1].lower()
        if kind in ("listprice", "strikethroughprice") and spec.get("price") is not None:
            return parse_vnd(str(spec["price"]))
    return None


def _loads(raw: str) -> Any:
    try:
        return json.loads(raw, strict=False)
    except ValueError:  # broken JSON-LD is common; the other sources still count
        return None


def _products(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _products(entry)
    elif isinstance(data, dict):
        kind = data.get("@type")
        if kind == "Product" or (isinstance(kind, list) and "Product" in kind):
            yield data
        yield from _products(data.get("@graph"))


def _first_offer(offers: Any) -> dict[str, Any]:
    if isinstance(offers, list):
        offers = offers[0] if offers else None
    return offers if isinstance(offers, dict) else {}


def _from_microdata(root: Element, facts: PageFacts) -> None:
    scope = _MICRODATA(root)
    if not scope:
        return
    item = scope[0]

    def prop(name: str) -> str | None:
        nodes = _ITEMPROP[name](item)
        if not nodes or isinstance(nodes[0], str):  # the queries select elements
            return None
        value = nodes[0].get("content") or nodes[0].get("href")
        return value if value is not None else _node_text(nodes[0])

    facts.fill(
        "microdata",
        title=_text(prop("name")),
        price=parse_vnd(prop("price")),
        availability=_availability(prop("availability")),
        sku=_text(prop("sku")),
    )
    facts.skus += [v for v in (prop("sku"), prop("productID")) if v]
    facts.urls += [v for v in (prop("url"),) if v]


def _from_opengraph(root: Element, facts: PageFacts) -> None:
    metas: dict[str, str] = {}
    # lxml's iteration by tag name, not XPath: the same elements in a quarter of the time
    for node in root.iter("meta"):
        key, content = node.get("property") or node.get("name"), node.get("content")
        if key is not None and content is not None:
            metas.setdefault(key, content)
    if not metas:
        return

    def meta(*names: str) -> str | None:
        return next((metas[n] for n in names if metas.get(n)), None)

    og_title = _text(meta("og:title"))
    first_h1 = next(root.iter("h1"), None) if og_title else None
    heading = _text(_string(first_h1)) if first_h1 is not None else None
    if og_title and heading and og_title.startswith(heading):
        og_title = heading  # og:title often carries " | Site name" after the product name
    amount = meta("product:price:amount", "og:price:amount")
    facts.urls += [v for v in (meta("og:url"),) if v]
    facts.fill(
        "opengraph",
        title=og_title,
        price=parse_vnd(amount),
        availability=_availability(meta("product:availability", "og:availability")),
    )


def _from_markup(page: ClassIndex, facts: PageFacts, rules: CompiledMarkup) -> None:
    title = rules.title.on(page)
    block = rules.price_block.on(page)[:1]
    if block and not isinstance(block[0], str):  # both prices looked for in one walk of it
        part = ClassIndex.part(block[0])
        price = _selling_price(rules.price.on(part))[1]
        old = rules.list_price.on(part)
    else:
        selling, price = _selling_price(
            rules.price.within(block[0]) if block else rules.price.on(page)
        )
        scopes = block or _own_scopes(selling)
        old = next((found for scope in scopes if (found := rules.list_price.within(scope))), [])
    facts.fill(
        "markup",
        title=_text(_string(title[0])) if title else None,
        price=price,
        list_price=parse_vnd(_string(old[0])) if old else None,
        stars=_stars(rules.stars.on(page)),
    )
    if rules.sku:
        shown = rules.sku.on(page)
        facts.shown_sku = _node_text(shown[0]) if shown else None


def _own_scopes(selling: Node | None) -> list[Node]:
    """Where a page without a declared price block keeps the listing's struck-out price: in
    the selling price's element, else in its parent (never the whole body)."""
    if selling is None:
        return []
    parent = selling.getparent() if not isinstance(selling, str) else None
    if parent is None or parent.tag in ("body", "html", "main"):
        return [selling]
    return [selling, parent]


def _selling_price(nodes: list[Node]) -> tuple[Node | None, int | None]:
    """The first price shown outside a struck-out/old-price element, and its element."""
    for node in nodes:
        if isinstance(node, str):  # ::text or ::attr(...) selected the value itself
            text = node
        elif is_struck(node):  # text a struck-out (list) price hides in
            continue
        else:
            text = " ".join(unstruck_text(node))
        price = parse_vnd(text)
        if price is not None:
            return node, price
    return None, None


def _stars(nodes: list[Node]) -> int | None:
    if not nodes:
        return None
    node = nodes[0]
    if isinstance(node, str):  # ::attr(...) selected the value itself
        raw = node
    else:
        raw = node.get("data-value") or node.get("alt") or _node_text(node)
    raw = normalise_text(raw)
    if raw.isdigit():
        return int(raw) if 3 <= int(raw) <= 5 else None
    match = _STARS.search(raw)
    return int(match[1]) if match else None


def _notices(page: ClassIndex, facts: PageFacts, rules: CompiledMarkup) -> None:
    """Soft-404 / out-of-stock / captcha notices shown as text rather than data."""
    if rules.not_found.on(page):
        facts.gone = True
    elif not facts.has_product or facts.price is None:
        body = _node_text(page.root).lower()
        facts.gone = any(phrase in body for phrase in GONE_PHRASES)
    if facts.availability is None and _shows_out_of_stock(page, rules):
        facts.availability = "out_of_stock"


def _shows_out_of_stock(page: ClassIndex, rules: CompiledMarkup) -> bool:
    if rules.out_of_stock.on(page):
        return True
    return any(
        phrase in _node_text(note).lower()
        for note in page.with_class_containing(_STOCK_NOTE_CLASSES)
        for phrase in OUT_OF_STOCK_PHRASES
    )


def _availability(value: Any) -> str | None:
    if not value:
        return None
    key = re.sub(r"[^a-z]", "", str(value).rsplit("/", 1)[-1].lower())
    return AVAILABILITY.get(key)


def _node_text(node: Node) -> str:
    """Visible text of ``node`` (script and style left out)."""
    if isinstance(node, str):  # ::text or ::attr(...) selected the value itself
        return normalise_text(node)
    return normalise_text(" ".join(_VISIBLE_TEXT(node)))


def _string(node: Node) -> str:
    """All the text of ``node`` (XPath ``string(.)``), or the string a selector found."""
    return node if isinstance(node, str) else cast(str, _STRING(node))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = normalise_text(str(value))
    return text or None


__all__ = [
    "AVAILABILITY",
    "CompiledMarkup",
    "Markup",
    "PageFacts",
    "compiled",
    "extract",
    "parse_html",
]
