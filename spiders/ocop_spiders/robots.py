"""robots.txt before any page of its host, whatever the concurrency.

Scrapy 2.19's ``RobotsTxtMiddleware`` lets pages through while a host's robots.txt is still
being fetched. Every request that arrives meanwhile awaits the same ``Deferred`` through
``maybe_deferred_to_future``; Twisted's ``Deferred.asFuture`` callback returns None, so the
first waiter gets the parser and every later one gets None, which the middleware reads as "no
robots.txt, allow". (scrapy/scrapy#6802 replaced a callback that passed the result on with
that ``await``.) With ``Disallow: /`` and the polite settings, about a third of the product
pages of a crawl were fetched.

``RobotsTxtFirstMiddleware`` replaces it (``ocop_spiders.settings`` switches the stock one
off) and reads the same settings (``ROBOTSTXT_OBEY``, ``ROBOTSTXT_PARSER``,
``ROBOTSTXT_USER_AGENT``): each request to a host waits, on a ``Deferred`` of its own, until
that host's robots.txt is parsed. As RFC 9309 asks, a robots.txt answered 4xx allows
everything, and one that cannot be fetched (5xx, 429, network failure) disallows everything
for this crawl: its pages are "blocked", never fetched.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)
PRIORITY = 1000  # robots.txt goes before every page already queued


class Rules(Protocol):
    """What a robots.txt says (``scrapy.robotstxt.RobotParser`` has this method)."""

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool: ...


class Everything:
    """The rules when there is no robots.txt to read: all allowed, or (unreachable) none."""

    def __init__(self, allowed: bool, why: str) -> None:
        self.allow = allowed
        self.why = why

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        """The same answer for every page."""
        return self.allow


class RobotsTxtFirstMiddleware:
    """Every request to a host waits until that host's robots.txt is parsed, then obeys it."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.parser = load_object(settings.get("ROBOTSTXT_PARSER"))
        self.user_agent: str = settings.get("ROBOTSTXT_USER_AGENT") or settings["USER_AGENT"]
        self.rules: dict[str, Rules] = {}  # "scheme://host:port" → its rules, once parsed
        self.waiting: dict[str, list[Deferred[Rules]]] = {}  # host → requests waiting for it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtFirstMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        """Let ``request`` go on once its host's rules are known and allow it."""
        parsed = urlparse_cached(request)
        if request.meta.get("dont_obey_robotstxt") or parsed.scheme not in ("http", "https"):
            return
        rules = await self.rules_for(f"{parsed.scheme}://{parsed.netloc}", request)
        if rules.allowed(request.url, self.user_agent):
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("robotstxt/forbidden")
        why = rules.why if isinstance(rules, Everything) else "forbidden"
        raise IgnoreRequest(f"robots.txt: {why}")

    async def rules_for(self, host: str, request: Request) -> Rules:
        """The host's rules: fetched by the first request to it, awaited by the others."""
        if host in self.rules:
            return self.rules[host]
        if host in self.waiting:
            mine: Deferred[Rules] = Deferred()  # one per waiter: a result is never consumed
            self.waiting[host].append(mine)
            return await maybe_deferred_to_future(mine)
        self.waiting[host] = []
        rules = await self.fetch(host, request)
        self.rules[host] = rules
        for waiter in self.waiting.pop(host):
            waiter.callback(rules)
        return rules

    async def fetch(self, host: str, request: Request) -> Rules:
        """Download and parse ``host``'s robots.txt (RFC 9309 for a missing or failing one)."""
        stats = self.crawler.stats
        assert stats is not None and self.crawler.engine is not None
        robots = Request(
            f"{host}/robots.txt",
            priority=PRIORITY,
            meta={"dont_obey_robotstxt": True},
            callback=NO_CALLBACK,
        )
        stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(robots)
        except Exception as exc:  # any failure: the host's rules are unknown, so disallow
            logger.warning("robots.txt of %s could not be fetched: %s", host, exc)
            return Everything(False, f"unreachable ({exc.__class__.__name__})")
        stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if response.status == 429 or response.status >= 500:
            return Everything(False, f"unavailable (HTTP {response.status})")
        if response.status >= 400:
            return Everything(True, f"none (HTTP {response.status})")
        return await self.parsed(response, request)

    async def parsed(self, response: Response, request: Request) -> Rules:
        rules: Any = build_from_crawler(self.parser, self.crawler, response.body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=rules, request=request
        )
        parsed: Rules = rules
        return parsed
