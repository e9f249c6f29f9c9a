"""``ocop verify``: look at every known listing on the public storefronts and report drift.

The crawl runs the Scrapy project's spiders (one per installed marketplace, named after it,
made from the storefront rules its package declares) in a child process — ``python -m scrapy
crawl <name> -a targets=FILE`` with ``SCRAPY_SETTINGS_MODULE=ocop_spiders.settings`` — because
Twisted's reactor cannot be restarted in one process and ocop must never import the spiders. The child streams one JSON line per listing on stdout; ocop validates
each as an ``Observation``, stores them (the single writer) and compares them with what the
catalogue wants *now*. Blocked and error pages are "could not verify", never "removed" — unless
the marketplace's package asks for its seller API's read-back instead (``ocop.readback``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from ocop.connector import Capabilities
from ocop.errors import OcopError
from ocop.i18n import _
from ocop.mapping import badge_stars
from ocop.model import Catalog
from ocop.observation import LISTED, UNKNOWN, Observation, PageStatus
from ocop.readback import read_back_unread
from ocop.registry import capabilities_of
from ocop.selection import Offer, offers
from ocop.state import ListingRecord, ListingState, StateStore

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

ObservationHook = Callable[[Observation], None]


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


class DriftKind(StrEnum):
    """How a listing differs from what the catalogue wants."""

    NOT_LIVE = "not_live"  # wanted on sale; delisted, removed or redirected
    OUT_OF_STOCK = "out_of_stock"  # the catalogue has stock; the page says sold out
    PRICE = "price"
    STARS = "stars"
    TITLE = "title"
    STILL_LIVE = "still_live"  # the catalogue no longer wants it; still on sale
    UNVERIFIED = "unverified"  # blocked or error: could not look


@dataclass(frozen=True)
class Drift:
    """One difference between a storefront page and the catalogue."""

    marketplace: str
    sku: str
    kind: DriftKind
    expected: str | None
    observed: str | None
    url: str | None


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
    overrides = {"OCOP_STREAM_ITEMS": "True", "LOG_LEVEL": "INFO"}
    overrides |= {} if polite else IMPOLITE_SETTINGS
    overrides |= settings or {}
    with tempfile.TemporaryDirectory(prefix="ocop-crawl-") as work:
        log = Path(work) / "scrapy.log"
        command = [sys.executable, "-m", "scrapy", "crawl", spider]
        command += [arg for k, v in arguments.items() for arg in ("-a", f"{k}={v}")]
        command += [arg for k, v in overrides.items() for arg in ("-s", f"{k}={v}")]
        command += ["-s", f"LOG_FILE={log}"]
        env = os.environ | {"SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE, "PYTHONUNBUFFERED": "1"}
        with (
            open(Path(work) / "stderr.txt", "w+b") as stderr,
            subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=stderr, env=env, cwd=work
            ) as child,
        ):
            assert child.stdout is not None
            yield from _json_lines(child.stdout)
            code = child.wait()
            if code != 0:
                raise CrawlFailed(spider, code, _tail(log, stderr))


def _json_lines(stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    for raw in stream:
        if raw.startswith(b"{"):
            yield json.loads(raw)


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
        for item in run_spider(marketplace, {"targets": f.name}, polite=polite, settings=settings):
            try:
                observation = Observation.model_validate(item)
            except ValidationError:
                continue  # a spider bug; the listing shows up as "no observation"
            seen.append(observation)
            if on_observation:
                on_observation(observation)
    finally:
        os.unlink(f.name)
    return seen


def drift(
    catalog: Catalog,
    marketplace: str,
    records: Sequence[ListingRecord],
    observations: Iterable[Observation],
    as_of: date,
) -> list[Drift]:
    """Every difference between the pages seen and what the catalogue wants on ``as_of``."""
    wanted = {o.sku.sku: o for o in offers(catalog, marketplace)}
    capabilities = capabilities_of(marketplace)  # entry points are slow to scan: once
    seen = {o.sku: o for o in observations}
    found: list[Drift] = []
    for record in records:
        if not record.url:
            continue
        obs = seen.get(record.sku)
        if obs is None:
            found.append(_drift(record, DriftKind.UNVERIFIED, None, _("no observation")))
            continue
        found.extend(_listing_drift(record, obs, wanted.get(record.sku), as_of, capabilities))
    return found


def _listing_drift(
    record: ListingRecord,
    obs: Observation,
    offer: Offer | None,
    as_of: date,
    capabilities: Capabilities | None,
) -> list[Drift]:
    if obs.status in UNKNOWN:
        return [_drift(record, DriftKind.UNVERIFIED, None, _seen_status(obs))]
    listed = obs.status in LISTED
    # ocop took it down on purpose (or the catalogue dropped it): it should not be on sale
    if offer is None or record.state == ListingState.DELISTED:
        if not listed:
            return []
        return [_drift(record, DriftKind.STILL_LIVE, _("not listed"), _seen_status(obs))]
    if not listed:
        return [_drift(record, DriftKind.NOT_LIVE, _("live"), _seen_status(obs))]
    found = []
    if obs.status is PageStatus.OUT_OF_STOCK and offer.sku.stock:
        found.append(_drift(record, DriftKind.OUT_OF_STOCK, str(offer.sku.stock), "0"))
    if obs.price != offer.price:
        found.append(_drift(record, DriftKind.PRICE, _money(offer.price), _money(obs.price)))
    stars = badge_stars(offer, capabilities, as_of)
    if obs.stars != stars:
        found.append(_drift(record, DriftKind.STARS, _stars(stars), _stars(obs.stars)))
    title = offer.title or record.title
    if title and same_text(title) != same_text(obs.title or ""):
        found.append(_drift(record, DriftKind.TITLE, title, obs.title))
    return found


def _drift(record: ListingRecord, kind: DriftKind, expected: str | None, seen: str | None) -> Drift:
    return Drift(record.marketplace, record.sku, kind, expected, seen, record.url)


def _seen_status(obs: Observation) -> str:
    text = obs.status.value
    if obs.http_status:
        text += f" (HTTP {obs.http_status})"
    return f"{text}: {obs.detail}" if obs.detail else text


def _money(value: int | None) -> str:
    return f"{value:,}₫" if value is not None else _("no price shown")


def _stars(value: int | None) -> str:
    return f"{value}★" if value is not None else _("none")


def same_text(text: str) -> str:
    """``text`` compared as a reader sees it: NFC, runs of spaces as one."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class VerifyResult:
    """One marketplace's verification: what was seen and how it differs from the catalogue."""

    marketplace: str
    observations: list[Observation]
    drift: list[Drift]
    without_url: int  # listings the state store knows but that have no storefront URL yet

    def count(self, status: PageStatus) -> int:
        """How many listings were seen with ``status``."""
        return sum(1 for o in self.observations if o.status is status)

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
) -> VerifyResult:
    """Crawl every listing of ``marketplace`` the store knows, record what was seen, diff it.

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
    results = []
    for m in marketplaces:
        store.record_observations(seen[m])  # only here, in the caller's thread
        found = drift(catalog, m, records[m], seen[m], as_of)
        results.append(VerifyResult(m, seen[m], found, sum(1 for r in records[m] if not r.url)))
    return results


def marketplaces_to_verify(store: StateStore) -> list[str]:
    """Every marketplace the state store has listings on, in name order."""
    return sorted({r.marketplace for r in store.listings()})
