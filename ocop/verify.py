"""``ocop verify``: look at every known listing on the public storefronts and report drift.

The crawl runs the Scrapy project's spiders (one per installed marketplace, named after it,
made from the storefront rules its package declares) in a child process — ``python -m scrapy
crawl <name> -a targets=FILE`` with ``SCRAPY_SETTINGS_MODULE=ocop_spiders.settings`` — because
Twisted's reactor cannot be restarted in one process and ocop must never import the spiders. The child streams one JSON line per listing on stdout; ocop validates
each as an ``Observation``, stores them (the single writer), judges every listing on its last
trustworthy observation (``ocop.verdict``: a blocked or error answer never displaces an earlier
trustworthy one) and compares that with what the catalogue wants *now* (``ocop.drift``, the
computation the report's drift shares). Where a marketplace's package asks for it
(``Storefront.read_back``), a page that could not be read is replaced by its seller API's answer
for that listing's id (``ocop.readback``) before it is stored: a trustworthy observation like a
page that showed the listing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from ocop.drift import Drift, drift_of, wanted_on
from ocop.errors import OcopError
from ocop.i18n import _
from ocop.model import Catalog
from ocop.observation import Observation, ObservationSource, PageStatus
from ocop.readback import read_back_unread
from ocop.state import ListingRecord, StateStore
from ocop.verdict import Judgement, Verdict, judge_all

SETTINGS_MODULE = "ocop_spiders.settings"
# Politeness off: only for a sandbox of your own (benchmarks, tests), never the real sites.
IMPOLITE_SETTINGS = {
    "ROBOTSTXT_OBEY": "False",
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "64",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "64",
    "RETRY_TIMES": "0",
}

# Every local crawl: items streamed to the parent. The spiders fetch with Scrapy's aiohttp
# handler on Twisted's asyncio reactor (ocop_spiders.settings); Scrapy 2.19 can also run without
# the reactor (TWISTED_REACTOR_ENABLED=False): benchmarks/verify.py measures both, and the
# difference is within the machine's noise. Scrapy's core stats and their once-a-minute log line
# are off: a local crawl's log is a temporary file read only for its last lines when the crawl
# fails, the progress comes from the items, and counting every response and item through a
# signal receiver cost 6 % of the crawl's CPU (benchmarks/verify.py). With them gone nothing
# reads the stats, so none are kept: the scheduler, middlewares and robots.txt check count into
# a collector that forgets (the scheduler alone counts four times a page). Scrapyd jobs keep
# both: ocop reads how a job ended from those stats in its log (ocop.scrapyd.jobs).
CRAWL_SETTINGS = {
    "OCOP_STREAM_ITEMS": "True",
    "LOG_LEVEL": "INFO",
    "EXTENSIONS": json.dumps(
        {
            "scrapy.extensions.corestats.CoreStats": None,
            "scrapy.extensions.logstats.LogStats": None,
        }
    ),
    "STATS_CLASS": "scrapy.statscollectors.DummyStatsCollector",
}

ObservationHook = Callable[[Observation], None]
FRESH_DAYS = 7  # an observation older than this does not verify a listing (--fresh-days)


class CrawlFailed(OcopError):
    """The crawler process could not run (Scrapy missing, spider unknown, crash)."""

    def __init__(self, spider: str, code: int, log_tail: str) -> None:
        self.spider = spider
        self.code = code
        super().__init__(
            _("the {spider} crawl failed (exit {code}): {tail}").format(
                spider=spider, code=code, tail=log_tail or "-"
            )
        )


class ItemsFileError(OcopError):
    """A feed of observations (JSON lines from a crawl run elsewhere) cannot be used."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        super().__init__(
            _("{path}, line {line}: not an observation ({reason})").format(
                path=path, line=line, reason=reason
            )
        )


def read_items(paths: Iterable[Path]) -> list[Observation]:
    """Observations from item feeds (JSON lines) written by the spiders elsewhere, e.g. Scrapyd.

    Discovery items (``"kind": "shop_listing"``) are skipped; anything else must be valid.
    """
    found: list[Observation] = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if data.get("kind") != "shop_listing":
                    found.append(Observation.model_validate(data))
            except (ValueError, AttributeError) as exc:
                reason = str(exc).splitlines()[0]
                raise ItemsFileError(path, number, reason) from None
    return found


def crawl_targets(records: Iterable[ListingRecord]) -> list[dict[str, Any]]:
    """The spider's targets: every listing with a storefront URL."""
    return [{"sku": r.sku, "url": r.url, "remote_id": r.remote_id} for r in records if r.url]


def run_spider(
    spider: str,
    arguments: dict[str, str],
    *,
    polite: bool = True,
    settings: dict[str, str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Run one spider in a child process and yield its items as they arrive."""
    for line in spider_lines(spider, arguments, polite=polite, settings=settings):
        yield json.loads(line)


def politeness_settings(polite: bool, settings: Mapping[str, str] | None = None) -> dict[str, str]:
    """The ``-s`` overrides politeness asks for, local crawl or Scrapyd job alike:
    ``IMPOLITE_SETTINGS`` unless polite, then the caller's. Without retries the retry
    middlewares are not installed at all (Scrapy's and ``RetryAfterMiddleware``): two calls less
    on every page."""
    overrides = ({} if polite else dict(IMPOLITE_SETTINGS)) | dict(settings or {})
    if overrides.get("RETRY_TIMES") == "0":
        overrides["RETRY_ENABLED"] = "False"
    return overrides


def crawl_settings(polite: bool, settings: Mapping[str, str] | None = None) -> dict[str, str]:
    """The ``-s`` overrides of a local crawl: ``CRAWL_SETTINGS``, then ``politeness_settings``."""
    return CRAWL_SETTINGS | politeness_settings(polite, settings)


def spider_lines(
    spider: str,
    arguments: dict[str, str],
    *,
    polite: bool = True,
    settings: dict[str, str] | None = None,
) -> Iterator[bytes]:
    """``run_spider``'s items as the JSON lines the child writes (parse them as you need)."""
    overrides = crawl_settings(polite, settings)
    with tempfile.TemporaryDirectory(prefix="ocop-crawl-") as work:
        log = Path(work) / "scrapy.log"
        command = [sys.executable, "-m", "scrapy", "crawl", spider]
        command += [arg for k, v in arguments.items() for arg in ("-a", f"{k}={v}")]
        command += [arg for k, v in overrides.items() for arg in ("-s", f"{k}={v}")]
        command += ["-s", f"LOG_FILE={log}"]
        env = os.environ | {"SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
        with (
            open(Path(work) / "stderr.txt", "w+b") as stderr,
            subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=stderr, env=env, cwd=work
            ) as child,
        ):
            assert child.stdout is not None
            yield from (raw for raw in child.stdout if raw.startswith(b"{"))
            code = child.wait()
            if code != 0:
                raise CrawlFailed(spider, code, _tail(log, stderr))


def _tail(log: Path, stderr: IO[bytes]) -> str:
    stderr.seek(0)
    text = stderr.read().decode("utf-8", "replace")
    if log.exists():
        text += log.read_text(encoding="utf-8", errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    return " | ".join(lines[-3:])


def observe(
    marketplace: str,
    records: Sequence[ListingRecord],
    *,
    polite: bool = True,
    on_observation: ObservationHook | None = None,
    settings: dict[str, str] | None = None,
) -> list[Observation]:
    """Crawl ``records``' pages with the marketplace's spider; one observation per listing."""
    targets = crawl_targets(records)
    if not targets:
        return []
    seen: list[Observation] = []
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        f.writelines(json.dumps(t, ensure_ascii=False) + "\n" for t in targets)
    try:
        lines = spider_lines(marketplace, {"targets": f.name}, polite=polite, settings=settings)
        for line in lines:
            try:
                observation = Observation.model_validate_json(line)
            except ValidationError:
                continue  # a spider bug; the listing shows up as "no observation"
            seen.append(observation)
            if on_observation:
                on_observation(observation)
    finally:
        os.unlink(f.name)
    return seen


@dataclass(frozen=True)
class VerifyResult:
    """One marketplace's verification: what this crawl saw, what each listing is now judged to
    be (``ocop.verdict``) and how that differs from the catalogue (``ocop.drift``)."""

    marketplace: str
    observations: list[Observation]
    drift: list[Drift]
    without_url: int  # listings the state store knows but that have no storefront URL yet
    judgements: dict[str, Judgement] = field(default_factory=dict)  # SKU → verdict

    def count(self, status: PageStatus) -> int:
        """How many listings this crawl saw with ``status``."""
        return sum(1 for o in self.observations if o.status is status)

    def count_from(self, source: ObservationSource) -> int:
        """How many of this crawl's observations came from ``source``."""
        return sum(1 for o in self.observations if o.source == source)

    def verdicts(self) -> dict[Verdict, int]:
        """How many listings are on sale, taken down and not verified after this crawl."""
        found = dict.fromkeys(Verdict, 0)
        for judgement in self.judgements.values():
            found[judgement.verdict] += 1
        return found

    @property
    def older(self) -> int:
        """Listings this crawl could not see whose verdict rests on an earlier observation."""
        return sum(1 for j in self.judgements.values() if j.older)

    @property
    def pages_without_product(self) -> int:
        """Pages answered 200 that showed no product: many means the site's layout changed."""
        return sum(
            1 for o in self.observations if o.status is PageStatus.ERROR and o.http_status == 200
        )


def verify(
    catalog: Catalog,
    store: StateStore,
    marketplace: str,
    *,
    as_of: date,
    polite: bool = True,
    on_observation: ObservationHook | None = None,
    settings: dict[str, str] | None = None,
    crawled: Sequence[Observation] | None = None,
    fresh_days: int = FRESH_DAYS,
) -> VerifyResult:
    """Crawl every listing of ``marketplace`` the store knows, record what was seen, judge each
    listing on its last trustworthy observation within ``fresh_days`` and diff it.

    ``crawled``: observations from a crawl that ran elsewhere (Scrapyd's item feeds, see
    ``read_items``); then nothing is crawled here.
    """
    (result,) = verify_many(
        catalog,
        store,
        [marketplace],
        as_of=as_of,
        polite=polite,
        on_observation=on_observation,
        settings=settings,
        crawled=crawled,
        fresh_days=fresh_days,
    )
    return result


def verify_many(
    catalog: Catalog,
    store: StateStore,
    marketplaces: Sequence[str],
    *,
    as_of: date,
    polite: bool = True,
    on_observation: ObservationHook | None = None,
    settings: dict[str, str] | None = None,
    crawled: Sequence[Observation] | None = None,
    fresh_days: int = FRESH_DAYS,
) -> list[VerifyResult]:
    """``verify`` for several marketplaces, their crawls side by side.

    Each crawl is its own child process with its own per-site politeness, so two sites are
    checked in the time of the slower one. ``on_observation`` is called from worker threads.
    """
    records = {m: store.listings(m) for m in marketplaces}
    if crawled is None:
        with ThreadPoolExecutor(max_workers=max(1, len(marketplaces))) as pool:
            running = {
                m: pool.submit(
                    observe,
                    m,
                    records[m],
                    polite=polite,
                    on_observation=on_observation,
                    settings=settings,
                )
                for m in marketplaces
            }
            seen = {m: job.result() for m, job in running.items()}
    else:
        seen = {m: [o for o in crawled if o.marketplace == m] for m in marketplaces}
    seen = {m: read_back_unread(m, found) for m, found in seen.items()}
    wanted = {m: wanted_on(catalog, m, as_of) for m in marketplaces}
    results = []
    for m in marketplaces:
        store.record_observations(seen[m])  # only here, in the caller's thread
        keys = [(r.marketplace, r.sku) for r in records[m]]
        judged = judge_all(keys, store.seen(m), datetime.now(UTC), fresh_days)
        found = drift_of(records[m], judged, wanted)
        without_url = sum(1 for r in records[m] if not r.url)
        by_sku = {sku: j for (_m, sku), j in judged.items()}
        results.append(VerifyResult(m, seen[m], found, without_url, by_sku))
    return results


def marketplaces_to_verify(store: StateStore) -> list[str]:
    """Every marketplace the state store has listings on, in name order."""
    return sorted({r.marketplace for r in store.listings()})
