"""Verify on Scrapyd nodes (``ocop verify --scrapyd URL[,URL…]``): the crawl on other machines,
the recording here, exactly as after a local crawl.

    deploy   ocop.scrapyd.deploy   the project's egg, to every node that lacks its version;
                                   which marketplaces each node has spiders for
    crawl    ocop.scrapyd.crawl    each marketplace's listings in jobs handed out to the nodes
                                   (targets inside the request: ocop.scrapyd.targets)
    collect  ocop.scrapyd.jobs     each ended job's items feed, and how its crawl ended
    record   ocop.verify           the observations, on the path ``ocop verify --items`` takes
                                   (``read_items``, then ``verify_many(crawled=…)``)

One node: ``ocop.scrapyd.node`` (the only module that speaks HTTP). Errors:
``ocop.scrapyd.errors``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ocop.model import Catalog
from ocop.scrapyd.crawl import CrawlOptions, JobHook, JobOutcome, ScrapydCrawl, Unverified, crawl
from ocop.scrapyd.deploy import Deployment, deploy_all
from ocop.scrapyd.errors import NodeError, NoNodeAvailable, ScrapydError
from ocop.scrapyd.jobs import JobState
from ocop.scrapyd.node import Node
from ocop.state import StateStore
from ocop.verify import (
    FRESH_DAYS,
    VerifyResult,
    crawl_targets,
    marketplaces_to_verify,
    verify_many,
)

__all__ = [
    "CrawlOptions",
    "JobHook",
    "JobOutcome",
    "JobState",
    "NoNodeAvailable",
    "Node",
    "NodeError",
    "ScrapydCrawl",
    "ScrapydError",
    "ScrapydVerification",
    "Unverified",
    "verify_on_scrapyd",
]


@dataclass(frozen=True)
class ScrapydVerification:
    """A verify whose crawl ran on Scrapyd: each marketplace's result, and how the jobs went."""

    results: list[VerifyResult]
    crawl: ScrapydCrawl

    @property
    def complete(self) -> bool:
        """Every listing got an observation (none left unverified by a job or a node)."""
        return not self.crawl.unverified


def verify_on_scrapyd(
    catalog: Catalog,
    store: StateStore,
    nodes: Sequence[str],
    marketplaces: Sequence[str] = (),
    *,
    as_of: date,
    options: CrawlOptions | None = None,
    on_job: JobHook | None = None,
    fresh_days: int = FRESH_DAYS,
) -> ScrapydVerification:
    """Crawl every listing of ``marketplaces`` (default: all the state has) on the Scrapyd
    ``nodes``, then record and compare what they saw as a local verify does.

    ``NoNodeAvailable`` when no node can crawl any of them (nothing is recorded then); a node
    that fails later only loses its jobs to the other nodes (``ScrapydCrawl.problems``)."""
    names = list(marketplaces) or marketplaces_to_verify(store)
    targets = {m: crawl_targets(store.listings(m)) for m in names}
    seen = ScrapydCrawl([], [], [], [])
    if any(targets.values()):
        opened = [Node(url) for url in nodes]
        try:
            deployment = _deployed(opened, [m for m, t in targets.items() if t])
            seen = crawl(deployment, targets, options, on_job)
        finally:
            for node in opened:
                node.close()
    results = verify_many(
        catalog, store, names, as_of=as_of, crawled=seen.observations, fresh_days=fresh_days
    )
    return ScrapydVerification(results, seen)


def _deployed(nodes: list[Node], needed: list[str]) -> Deployment:
    deployment = deploy_all(nodes, needed)
    if not any(deployment.spiders.values()):
        raise NoNodeAvailable(deployment.problems)
    return deployment
