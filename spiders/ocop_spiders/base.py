"""The shared listing-verification spider: one request per listing, one observation per request.

Targets come from ``-a targets=FILE_OR_URL``: JSON lines ``{"sku", "url", "remote_id"}`` (a
line holding only a URL is accepted too). The URL may be a ``data:`` URL carrying the document
itself, gzip-compressed when its media type is ``application/gzip``: that is how ``ocop verify
--scrapyd`` hands a Scrapyd node its targets, inside the schedule request it surely reaches. Every other ``-a`` argument is accepted and ignored,
so the same spiders run unchanged under Scrapyd, which passes its own (``_job``, ``_version``…).

Outcomes (``ocop.observation.PageStatus``): 404/410 → removed; 403/429 or a captcha page →
blocked (never removed); a page about a different listing → redirected; a soft-404 notice or
``Discontinued`` → delisted; ``OutOfStock`` or a "Hết hàng" notice → out of stock; a network
failure, a 5xx or a page with no product on it → error.
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
from scrapy.http import Response
from twisted.python.failure import Failure
from w3lib.url import parse_data_uri

from ocop.observation import Observation, PageStatus
from ocop.storefront import Markup
from ocop_spiders.extract import PageFacts, extract

BLOCKED_STATUSES = frozenset({401, 403, 429, 451})
REMOVED_STATUSES = frozenset({404, 410})
HANDLED_STATUSES = tuple(range(400, 600))


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

    def __init__(self, *args: Any, targets: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets_source = targets

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
            yield scrapy.Request(
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
        facts = self.page_facts(response, target)
        status, detail = self.classify(response, target, facts)
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
        return extract(response.text, self.markup, target.get("sku"))

    def classify(
        self, response: Response, target: dict[str, Any], facts: PageFacts
    ) -> tuple[PageStatus, str | None]:
        """The page's outcome and a short reason."""
        code = response.status
        if code in BLOCKED_STATUSES:
            return PageStatus.BLOCKED, f"HTTP {code}"
        if code in REMOVED_STATUSES:
            return PageStatus.REMOVED, f"HTTP {code}"
        if code >= 300:
            return PageStatus.ERROR, f"HTTP {code}"
        if not self.same_listing(target["url"], response.url):
            return PageStatus.REDIRECTED, f"ended at {response.url}"
        if facts.captcha:
            return PageStatus.BLOCKED, "captcha"
        if facts.availability == "discontinued" or facts.gone:
            return PageStatus.DELISTED, "discontinued" if facts.availability else "soft 404"
        if not facts.has_product:
            return PageStatus.ERROR, "no product on the page"
        if facts.availability == "out_of_stock":
            return PageStatus.OUT_OF_STOCK, None
        return PageStatus.LIVE, None

    def same_listing(self, wanted: str, final: str) -> bool:
        """True when ``final`` is a page of the listing ``wanted`` names (slug changes allowed)."""
        if wanted == final:
            return True
        want = self.listing_id.search(urlparse(wanted).path)
        got = self.listing_id.search(urlparse(final).path)
        return bool(want and got and int(want[1]) == int(got[1]))

    def listing_failed(self, failure: Failure) -> Iterator[dict[str, Any]]:
        """Network trouble (DNS, refused, timeout, robots.txt refusal): could not verify."""
        request = failure.request  # type: ignore[attr-defined]
        target = request.cb_kwargs["target"]
        reason = failure.value.__class__.__name__
        status = PageStatus.BLOCKED if reason == "IgnoreRequest" else PageStatus.ERROR
        yield self.observation(target, status, detail=f"{reason}: {failure.getErrorMessage()}")

    def observation(
        self, target: dict[str, Any], status: PageStatus, **seen: Any
    ) -> dict[str, Any]:
        """The item: an ``ocop.observation.Observation``, validated, as a JSON-ready dict."""
        obs = Observation(
            marketplace=self.name,
            sku=target["sku"],
            remote_id=target.get("remote_id"),
            url=target["url"],
            status=status,
            observed_at=datetime.now(UTC),
            **seen,
        )
        return obs.model_dump(mode="json")


def _is_html(response: Response) -> bool:
    return isinstance(response, scrapy.http.TextResponse)
