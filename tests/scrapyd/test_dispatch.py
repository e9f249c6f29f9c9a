"""The dispatcher against stand-in nodes: who gets which job, and nothing lost when nodes fail.

The stand-ins answer as Scrapyd does (job states, the items feed, the log's stats) without
crawling; ``test_nodes.py`` runs the same code against real Scrapyd servers.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from ocop.scrapyd.crawl import CrawlOptions, JobOutcome, ScrapydCrawl, crawl
from ocop.scrapyd.deploy import Deployment
from ocop.scrapyd.errors import NodeAnswered, NodeUnreachable
from ocop.scrapyd.jobs import JobState
from ocop.scrapyd.node import Node

FAST = CrawlOptions(polite=False, poll=0, patience=0, job_size=5)
STATS = "{{'finish_reason': '{reason}', 'item_scraped_count': {items}}}\n"


@dataclass
class _Job:
    spider: str
    targets: list[dict[str, Any]]
    polls: int = 0


@dataclass
class FakeNode:
    """Scrapyd as ocop sees it; each job runs for ``polls`` looks, then finishes."""

    label: str
    polls: int = 1
    dies_after: int | None = None  # calls answered before it goes silent for good
    ending: str = "finished"  # the finish_reason of every job
    keeps: int | None = None  # items a job reports (default: every target)
    feed: bool = True  # items_dir set
    refuses: set[str] = field(default_factory=set)  # spiders schedule.json says it lacks
    extra: list[dict[str, Any]] = field(default_factory=list)  # items it adds to every feed
    jobs: dict[str, _Job] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)
    calls: int = 0
    most_at_once: dict[str, int] = field(default_factory=dict)

    __hash__ = object.__hash__

    def _answer(self) -> None:
        self.calls += 1
        if self.dies_after is not None and self.calls > self.dies_after:
            raise NodeUnreachable(self.label, "ConnectError: [Errno 111] Connection refused")

    def schedule(
        self, project: str, spider: str, *, job: str, arguments: dict[str, str], **_: Any
    ) -> None:
        self._answer()
        if spider in self.refuses:
            raise NodeAnswered(self.label, f"spider '{spider}' not found")
        packed = arguments["targets"].split(",", 1)[1]
        lines = gzip.decompress(base64.b64decode(packed)).decode().splitlines()
        self.jobs[job] = _Job(spider, [json.loads(line) for line in lines])
        running = sum(1 for j in self.jobs.values() if j.spider == spider and j.polls <= self.polls)
        self.most_at_once[spider] = max(self.most_at_once.get(spider, 0), running)

    def job_state(self, project: str, job: str) -> str | None:
        self._answer()
        self.jobs[job].polls += 1
        return "running" if self.jobs[job].polls <= self.polls else "finished"

    def fetch(self, path: str) -> str | None:
        self._answer()
        job = self.jobs[path.rsplit("/", 1)[1].split(".")[0]]
        shown = job.targets[: self.keeps]
        if path.startswith("/logs/"):
            return STATS.format(reason=self.ending, items=len(shown))
        if not self.feed:
            return None
        return "".join(json.dumps(item) + "\n" for item in [*map(_seen, shown), *self.extra])

    def cancel(self, project: str, job: str) -> None:
        self._answer()
        self.cancelled.append(job)


def _seen(target: dict[str, Any], marketplace: str = "voso") -> dict[str, Any]:
    return {"marketplace": marketplace, "sku": target["sku"], "url": target["url"],
            "status": "live", "price": 125000, "observed_at": "2026-12-03T16:01:44Z"}  # fmt: skip


def _targets(n: int) -> list[dict[str, Any]]:
    return [{"sku": f"S{i:03d}", "url": f"https://voso.vn/x-p{i}.html"} for i in range(n)]


def _run(
    *nodes: FakeNode, n: int = 23, on_job: Callable[[JobOutcome], None] | None = None
) -> ScrapydCrawl:
    spiders = {cast(Node, node): {"voso"} for node in nodes}
    return crawl(Deployment("ocop-test", spiders), {"voso": _targets(n)}, FAST, on_job)


def _skus(result: ScrapydCrawl) -> list[str]:
    return sorted(o.sku for o in result.observations)


def test_two_nodes_share_the_jobs_one_at_a_time_each() -> None:
    a, b = FakeNode("http://a:6800"), FakeNode("http://b:6800", polls=3)
    result = _run(a, b)
    assert _skus(result) == [t["sku"] for t in _targets(23)]  # each listing once
    assert len(result.jobs) == 5 and not result.unverified and not result.problems
    assert {j.node for j in result.jobs} == {a.label, b.label}
    assert len(a.jobs) > len(b.jobs)  # the faster node took more
    assert a.most_at_once == {"voso": 1} and b.most_at_once == {"voso": 1}


def test_a_node_lost_mid_job_hands_its_listings_to_the_other() -> None:
    a, b = FakeNode("http://a:6800", polls=2), FakeNode("http://b:6800", dies_after=2)
    result = _run(a, b)
    assert _skus(result) == [t["sku"] for t in _targets(23)] and not result.unverified
    (lost,) = [j for j in result.jobs if j.node == b.label]
    assert (lost.state, lost.seen, lost.handed_on) == (JobState.FAILED, 0, 5)
    assert lost.reason is not None and "stopped answering" in lost.reason
    assert any(b.label in p and "left out" in p for p in result.problems)


def test_listings_no_node_is_left_for_are_not_verified_with_the_reason() -> None:
    result = _run(FakeNode("http://a:6800", dies_after=3), n=12)
    assert len(result.observations) + len(result.unverified) == 12
    assert result.unverified and all("stopped answering" in u.reason for u in result.unverified)


def test_a_node_without_the_spider_gives_its_jobs_to_the_others() -> None:
    a, b = FakeNode("http://a:6800", refuses={"voso"}), FakeNode("http://b:6800")
    result = _run(a, b)
    assert len(result.observations) == 23 and not a.jobs
    assert any("spider 'voso' not found" in p for p in result.problems)


def test_a_node_without_items_feed_is_left_out_and_its_jobs_run_elsewhere() -> None:
    a, b = FakeNode("http://a:6800", feed=False), FakeNode("http://b:6800", polls=2)
    result = _run(a, b)
    assert len(result.observations) == 23 and not result.unverified
    assert any("keeps no items feed" in p and "items_dir" in p for p in result.problems)


def test_a_cancelled_job_is_not_run_again_its_unseen_listings_stay_unverified() -> None:
    a = FakeNode("http://a:6800", ending="shutdown", keeps=2)
    result = _run(a, FakeNode("http://b:6800", polls=50), n=5)
    (job,) = result.jobs
    assert (job.state, job.seen, job.handed_on) == (JobState.CANCELLED, 2, 0)
    assert len(result.observations) == 2
    assert [u.sku for u in result.unverified] == ["S002", "S003", "S004"]
    assert all("cancelled on the node after 2 of 5" in u.reason for u in result.unverified)
    assert all(a.label in u.reason and job.job_id in u.reason for u in result.unverified)


def test_what_a_node_reports_beyond_its_job_is_not_taken() -> None:
    liar = FakeNode("http://a:6800")
    liar.extra = [_seen({"sku": "NOT-MINE", "url": "https://voso.vn/y-p1.html"}),
                  _seen(_targets(1)[0], marketplace="postmart")]  # fmt: skip
    result = _run(liar, n=5)
    assert _skus(result) == ["S000", "S001", "S002", "S003", "S004"]
    assert {o.marketplace for o in result.observations} == {"voso"}


def test_an_interrupted_verify_cancels_what_it_has_running() -> None:
    a, b = FakeNode("http://a:6800"), FakeNode("http://b:6800", polls=100)

    def stop(_outcome: JobOutcome) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(a, b, on_job=stop)
    assert b.cancelled == list(b.jobs)  # the job still running on b


def test_jobs_take_the_local_crawls_politeness_settings() -> None:
    """A Scrapyd job is as polite, and as light, as a local crawl of the same options: without
    retries its retry middlewares are not installed; the caller's RETRY_TIMES brings them back."""
    assert CrawlOptions(polite=True).scrapy_settings() == {"LOG_LEVEL": "INFO"}
    impolite = CrawlOptions(polite=False).scrapy_settings()
    assert impolite["ROBOTSTXT_OBEY"] == "False" and impolite["RETRY_ENABLED"] == "False"
    retrying = CrawlOptions(polite=False, settings={"RETRY_TIMES": "2"}).scrapy_settings()
    assert "RETRY_ENABLED" not in retrying and retrying["RETRY_TIMES"] == "2"
