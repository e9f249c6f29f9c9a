"""Scrapy settings for the ocop storefront spiders: polite by default.

For a crawl of your own sandbox only, ``ocop verify --no-polite`` (or ``-s`` overrides) turns
robots.txt, the delay and AutoThrottle off. Never do that against the real marketplaces.
"""

BOT_NAME = "ocop"
# One listing spider and one shop spider per installed marketplace, made from the storefront
# rules its package declares (ocop.marketplaces entry points); SPIDER_MODULES may add more.
SPIDER_LOADER_CLASS = "ocop_spiders.loader.MarketplaceSpiderLoader"
SPIDER_MODULES: list[str] = []
NEWSPIDER_MODULE = "ocop_spiders"

USER_AGENT = "ocop-verify/0.1 (OCOP listing check; +https://github.com/ocop)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_TIMES = 2
DOWNLOADER_MIDDLEWARES = {
    # robots.txt before any page of its host, whatever the concurrency: Scrapy 2.19's own
    # middleware lets requests made while it is being fetched through (ocop_spiders.robots)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "ocop_spiders.robots.RobotsTxtFirstMiddleware": 100,
    # wait what a 429/503's Retry-After asks (up to RETRY_AFTER_MAX s) before Scrapy's retry
    # (550)
    "ocop_spiders.middlewares.RetryAfterMiddleware": 560,
    # no spider sends credentials: one middleware less on every request
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    # no spider sets allowed_domains, so Scrapy's offsite filter would let every request by
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    # meta-refresh redirects followed as Scrapy does, pages without one not parsed for it
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "ocop_spiders.middlewares.QuickMetaRefreshMiddleware": 580,
}
# the per-page "Crawled"/"Scraped" DEBUG lines built only when DEBUG is logged
LOG_FORMATTER = "ocop_spiders.logformatter.LevelAwareLogFormatter"
# Each spider reads one marketplace's host: the default queue's balancing of requests across
# hosts by downloader load has nothing to balance and costs every request a slot lookup.
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.ScrapyPriorityQueue"
RETRY_AFTER_MAX = 60.0
# Pages fetched with aiohttp on the asyncio reactor rather than Twisted's HTTP/1.1 client:
# 0.18 ms less CPU a page in benchmarks/verify.py (a sixth of the crawl), with the same
# timeouts, proxies, size limits, retries and redirects (those are middlewares). Scrapy 2.19
# marks the handler experimental and says so in the log. ocop_spiders.fetch.FetchHandler is that
# handler, sending a GET without the empty body Scrapy gives it. Twisted's client is one setting away:
# -s 'DOWNLOAD_HANDLERS={"http": "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler",
# "https": "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"}'
DOWNLOAD_HANDLERS = {
    "http": "ocop_spiders.fetch.FetchHandler",
    "https": "ocop_spiders.fetch.FetchHandler",
}
# Scrapy's per-request byte and status counts serialise every request again to measure it
# (2 % of a crawl's CPU); each observation carries its page's HTTP status already.
DOWNLOADER_STATS = False
# One item per page and synchronous pipelines: Scrapy starts CONCURRENT_ITEMS asyncio tasks per
# response (default 100), 200,000 tasks for 2,000 pages in benchmarks/verify.py.
CONCURRENT_ITEMS = 1
# Scrapy re-parses a generator callback's source for every response (its cache is keyed by the
# bound method, new on each request): 2 s of CPU per 2,000 pages. Our callbacks return nothing.
WARN_ON_GENERATOR_RETURN_VALUE = False
DOWNLOAD_TIMEOUT = 30
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 opens a remote-control HTTP port per crawl by default: nothing here needs it.
REMOTE_CONTROL_ENABLED = False
# HTTP cache stays off: a cached page would hide the very price changes we look for.
HTTPCACHE_ENABLED = False

FEED_EXPORT_ENCODING = "utf-8"
ITEM_PIPELINES = {
    "ocop_spiders.pipelines.RequireUrlPipeline": 100,
    "ocop_spiders.pipelines.StdoutStreamPipeline": 900,
}
OCOP_STREAM_ITEMS = False
