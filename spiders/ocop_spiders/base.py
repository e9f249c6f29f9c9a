"""The shared listing-verification spider: one request per listing, one observation per request.

Targets come from ``-a targets=FILE_OR_URL``: JSON lines ``{"sku", "url", "remote_id"}`` (a
line holding only a URL is accepted too). The URL may be a ``data:`` URL carrying the document
itself, gzip-compressed when its media type is ``application/gzip``: that is how ``ocop verify
--scrapyd`` hands a Scrapyd node its targets, inside the schedule request it surely reaches. Every other ``-a`` argument is accepted and ignored,
so the same spiders run unchanged under Scrapyd, which passes its own (``_job``, ``_version``…).

Outcomes (``ocop.observation.PageStatus``), in the order they are decided:

    blocked       401/403/429/451; a captcha, bot-check interstitial or login wall at any
                  status, reached directly or through redirects; refused by robots.txt
    removed       404/410 at the listing's address
    error         a network failure, a 5xx, a page that does not show it is this listing
    redirected    the address now leads to another page of the same site (home, search,
                  another listing): the listing is gone from it
    delisted      a soft-404 notice or ``Discontinued`` at the listing's address
    out_of_stock  ``OutOfStock`` or a "Hết hàng" notice on the listing's page
    live          the listing's page

A page's facts (price, stars, title) are read only once it has shown it is the listing asked
for (``ocop_spiders.identity``); a 301 to the same listing under a new slug still is.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlparse

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure
from w3lib.url import parse_data_uri

from ocop.observation import Observation, ObservationSource, PageStatus
from ocop.storefront import Markup
from ocop_spiders.extract import PageFacts, compiled, extract
from ocop_spiders.identity import shows_listing, url_path, wall

BLOCKED_STATUSES = frozenset({401, 403, 429, 451})
REMOVED_STATUSES = frozenset({404, 410})
HANDLED_STATUSES = tuple(range(400, 600))


# An address that w3lib's ``safe_url_string`` gives back unchanged (ASCII, lower-case host, a
# port in range, a path without dot segments, a non-empty query of characters it keeps):
# tests/spiders/test_pages.py checks the two agree on generated addresses.
_SAFE_URL = re.compile(
    r"https?://[a-z0-9.-]+(?::(?P<port>[1-9][0-9]{0,4}))?"
    r"(?P<path>/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)(?:\?[A-Za-z0-9._~!$&()*+,;=:@/?-]+)?"
)


class ListingRequest(scrapy.Request):
    """A listing's request (and its copies for redirects and retries): an address already in
    the form Scrapy makes of it is taken as it is. Scrapy runs ``safe_url_string`` on every
    request's address, which gives such an address back unchanged at 5 % of the crawl's CPU
    (py-spy); any other address goes through it as before."""

    def _set_url(self, url: str) -> None:
        found = _SAFE_URL.fullmatch(url) if isinstance(url, str) else None
        if found is None or int(found["port"] or 0) > 65535 or "/." in found["path"]:
            super()._set_url(url)
        else:
            self._url = url


def read_targets(text: str) -> list[dict[str, Any]]:
    """Parse a targets document: JSON lines, or bare URLs one per line; blank lines skipped."""
    targets = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        target = json.loads(line) if line.startswith("{") else {"url": line}
        target.setdefault("sku", target["url"])
        targets.append(target)
    return targets


class ListingSpider(scrapy.Spider):
    """Base of the per-marketplace spiders; subclasses set ``name``, ``markup``, ``listing_id``
    (``ocop_spiders.loader`` makes one per installed marketplace from its storefront rules)."""

    markup: ClassVar[Markup] = Markup()
    listing_id: ClassVar[re.Pattern[str]] = re.compile(r"(\d+)\.html?$")
    # Callbacks yield items only, never requests to follow: the spider middlewares that look
    # at followed requests (Referer, URL length, depth, meta copies, the start-request mark)
    # would only cost every page an async-generator layer (benchmarks/verify.py). Without the
    # start-request mark every request waits in the memory queue: first in, first out keeps
    # the targets' order.
    custom_settings: dict[str, Any] | None = {  # noqa: RUF012 (Scrapy: not a ClassVar)
        "SPIDER_MIDDLEWARES": {
            "scrapy.spidermiddlewares.referer.RefererMiddleware": None,
            "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
            "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
            "scrapy.spidermiddlewares.start.StartSpiderMiddleware": None,
        },
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
    }

    def __init__(self, *args: Any, targets: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets_source = targets
        self.rules = compiled(self.markup)  # once, not looked up again on every page

    async def start(self) -> AsyncIterator[Any]:
        """Read the targets (a local file, or a URL fetched through Scrapy) and request each."""
        source = self.targets_source
        if not source:
            self.logger.warning("no targets given (-a targets=FILE_OR_URL)")
            return
        if source.startswith("data:"):
            for request in self.listing_requests(self._carried(source)):
                yield request
            return
        if urlparse(source).scheme in ("http", "https", "file"):
            yield scrapy.Request(
                source, self._targets_fetched, errback=self._targets_failed, dont_filter=True
            )
            return
        for request in self.listing_requests(Path(source).read_text(encoding="utf-8")):
            yield request

    def _carried(self, data_url: str) -> str:
        """The targets document a ``data:`` URL carries (empty, logged, when it is malformed)."""
        try:
            found = parse_data_uri(data_url)
            body = found.data
            if found.media_type == "application/gzip":
                body = gzip.decompress(body)
            return body.decode("utf-8")
        except (ValueError, OSError, EOFError) as exc:  # bad base64, bad gzip, not UTF-8
            self.logger.error("could not read the targets in the data: URL: %s", exc)
            return ""

    def _targets_fetched(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.listing_requests(response.text)

    def _targets_failed(self, failure: Failure) -> None:
        self.logger.error("could not fetch the targets %s: %s", self.targets_source, failure.value)

    def listing_requests(self, document: str) -> Iterator[scrapy.Request]:
        """One request per target; duplicates are not filtered (each row gets its answer)."""
        for target in read_targets(document):
            yield ListingRequest(
                target["url"],
                callback=self.parse_listing,
                errback=self.listing_failed,
                dont_filter=True,
                cb_kwargs={"target": target},
                # every 4xx/5xx reaches parse_listing to be classified; not
                # handle_httpstatus_all, which would also stop redirects being followed
                meta={"handle_httpstatus_list": HANDLED_STATUSES},
            )

    def parse_listing(self, response: Response, target: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Classify the page and yield one observation."""
        html = response.text if _is_html(response) else ""
        facts = self.page_facts(response, target)
        status, detail = self.classify(response, target, facts, html)
        shown = status in (PageStatus.LIVE, PageStatus.OUT_OF_STOCK)
        yield self.observation(
            target,
            status,
            http_status=response.status,
            final_url=response.url,
            detail=detail,
            price=facts.price if shown else None,
            list_price=facts.list_price if shown else None,
            stars=facts.stars if shown else None,
            title=facts.title if shown else None,
        )

    def page_facts(self, response: Response, target: dict[str, Any]) -> PageFacts:
        """What the page says about the target's listing (a package's spider may read its
        storefront its own way here and keep the rest: outcomes, identity, observations)."""
        if not _is_html(response):
            return PageFacts()
        return extract(response.text, self.rules, target.get("sku"))

    def classify(
        self, response: Response, target: dict[str, Any], facts: PageFacts, html: str = ""
    ) -> tuple[PageStatus, str | None]:
        """The page's outcome and a short reason (module docstring: the order of the rules)."""
        code, url = response.status, response.url
        if code in BLOCKED_STATUSES:
            return PageStatus.BLOCKED, f"HTTP {code}"
        wanted = self.listing_number(url_path(target["url"]))
        final = self.listing_number(url_path(url))
        moved = None not in (wanted, final) and wanted != final  # to another listing's page
        shown = not moved and shows_listing(facts, wanted, target.get("sku"), self.listing_number)
        if html:  # a page with no price of its own, even one naming the listing, may be a wall
            kind = wall(html, url, shown=shown and (facts.price is not None or facts.gone))
            if kind is not None:
                return PageStatus.BLOCKED, kind
        here = shown or self.same_listing(target["url"], url)
        if code in REMOVED_STATUSES and here:
            return PageStatus.REMOVED, f"HTTP {code}"
        if code >= 300 and (code >= 500 or here):
            return PageStatus.ERROR, f"HTTP {code}"
        if not here:
            return self._elsewhere(target["url"], url)
        return self._on_its_page(facts, shown)

    def _elsewhere(self, wanted: str, final: str) -> tuple[PageStatus, str | None]:
        """The listing's address led to another page: of the same site, the listing is gone
        (home, search, another listing); of another site, we cannot tell."""
        if urlparse(wanted).netloc != urlparse(final).netloc:
            return PageStatus.ERROR, f"left the marketplace for {final}"
        return PageStatus.REDIRECTED, f"ended at {final}"

    @staticmethod
    def _on_its_page(facts: PageFacts, shown: bool) -> tuple[PageStatus, str | None]:
        """The outcome of a page at the listing's address that is not a wall."""
        if facts.availability == "discontinued" or facts.gone:
            return PageStatus.DELISTED, "discontinued" if facts.availability else "soft 404"
        if not facts.has_product:
            return PageStatus.ERROR, "no product on the page"
        if not shown:
            return PageStatus.ERROR, "the page does not show it is this listing"
        if facts.availability == "out_of_stock":
            return PageStatus.OUT_OF_STOCK, None
        return PageStatus.LIVE, None

    def listing_number(self, url_path: str) -> int | None:
        """The listing's number in a product page's URL path, or None."""
        match = self.listing_id.search(url_path)
        return int(match[1]) if match else None

    def same_listing(self, wanted: str, final: str) -> bool:
        """True when ``final`` is a page of the listing ``wanted`` names (slug changes allowed)."""
        if wanted == final:
            return True
        want = self.listing_number(url_path(wanted))
        return want is not None and want == self.listing_number(url_path(final))

    def listing_failed(self, failure: Failure) -> Iterator[dict[str, Any]]:
        """Network trouble (DNS, refused, timeout, robots.txt refusal): could not verify."""
        request = failure.request  # type: ignore[attr-defined]
        target = request.cb_kwargs["target"]
        reason, message = failure.value.__class__.__name__, failure.getErrorMessage()
        if isinstance(failure.value, IgnoreRequest):  # robots.txt: we must not look
            yield self.observation(target, PageStatus.BLOCKED, detail=message or reason)
            return
        yield self.observation(target, PageStatus.ERROR, detail=f"{reason}: {message}")

    def observation(
        self, target: dict[str, Any], status: PageStatus, **seen: Any
    ) -> dict[str, Any]:
        """The item: an ``ocop.observation.Observation`` as the JSON-ready dict its
        ``model_dump(mode="json")`` gives. Built as a dict: ocop validates every item it reads
        (``ocop.verify``), and a model built here only to be dumped again cost the crawl 4 % of
        its CPU (tests/spiders/test_pages.py checks the two agree)."""
        if not seen.keys() <= _EMPTY_ITEM.keys():
            unknown = sorted(seen.keys() - _EMPTY_ITEM.keys())
            raise TypeError(f"not fields of an observation: {unknown}")
        return {
            **_EMPTY_ITEM,
            **seen,
            "marketplace": self.name,
            "sku": target["sku"],
            "remote_id": target.get("remote_id"),
            "url": target["url"],
            "status": status.value,
            "observed_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        }


# every field of an observation in the model's order (the order model_dump gives), and defaults
_EMPTY_ITEM: dict[str, Any] = dict.fromkeys(Observation.model_fields) | {
    "source": ObservationSource.PAGE.value
}


def _is_html(response: Response) -> bool:
    return isinstance(response, scrapy.http.TextResponse)
