"""The crawl across the nodes: jobs handed out as nodes free up, each one collected as it ends.

Each marketplace's listings are cut into jobs (``ocop.scrapyd.targets``) queued here, not on
the nodes: a node runs one job per marketplace at a time — a marketplace sees one polite
crawler per node, as it would see one ``ocop verify`` per machine — and takes the next job of
that marketplace when its job ends, so a fast node takes more and a slow one holds up less.

Nothing is lost when a node fails. A node that stops answering for ``patience`` seconds, or
turns out to keep no items feed, is left out; the listings its jobs had not yet reported go
to the other nodes (once per node). A job that was cancelled or whose crawl died is not run
again: its listings without an observation are reported not verified, with the reason. If
``ocop`` itself is interrupted, it cancels the jobs it has running.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from ocop.i18n import _
from ocop.observation import Observation
from ocop.scrapyd.deploy import PROJECT, Deployment
from ocop.scrapyd.errors import NodeAnswered, NodeError
from ocop.scrapyd.jobs import JobState, judge, keeps_no_items, observations_in, read_log
from ocop.scrapyd.node import Node
from ocop.scrapyd.targets import Target, data_url, job_size, split
from ocop.verify import ItemsFileError, politeness_settings


@dataclass(frozen=True)
class JobOutcome:
    """One Scrapyd job as it ended."""

    node: str
    marketplace: str
    job_id: str
    state: JobState
    targets: int
    seen: int
    reason: str | None = None  # why listings were left without an observation
    handed_on: int = 0  # of those, how many went to another node


@dataclass(frozen=True)
class Unverified:
    """A listing no node could report on, and why."""

    marketplace: str
    sku: str
    url: str | None
    reason: str


@dataclass(frozen=True)
class ScrapydCrawl:
    """What the nodes saw, how each job ended, what is left unverified, which nodes failed."""

    observations: list[Observation]
    jobs: list[JobOutcome]
    unverified: list[Unverified]
    problems: list[str]

    @property
    def troubled(self) -> list[JobOutcome]:
        """Jobs that left listings without an observation."""
        return [j for j in self.jobs if j.seen < j.targets]


@dataclass(frozen=True)
class CrawlOptions:
    """How the jobs run: politeness, extra Scrapy settings, and how ocop watches them."""

    polite: bool = True
    settings: Mapping[str, str] = field(default_factory=dict)
    poll: float = 1.0  # seconds between two looks at the running jobs
    patience: float = 60.0  # seconds a node may stay silent before it is left out
    job_size: int | None = None  # listings per job (default: ocop.scrapyd.targets.job_size)

    def scrapy_settings(self) -> dict[str, str]:
        """The ``setting=`` values of every job."""
        chosen = {"LOG_LEVEL": "INFO"}  # Scrapy's DEBUG logs every item: a log as big as the feed
        return chosen | politeness_settings(self.polite, self.settings)


@dataclass
class _Part:
    marketplace: str
    targets: list[Target]
    avoid: set[str] = field(default_factory=set)  # nodes it failed on
    last_failure: str | None = None


@dataclass
class _Job:
    node: Node
    part: _Part
    id: str


JobHook = Callable[[JobOutcome], None]


class Dispatcher:
    """Hands out the jobs, watches them, collects them; ``run()`` once."""

    def __init__(
        self,
        deployment: Deployment,
        targets: Mapping[str, list[Target]],
        options: CrawlOptions,
        on_job: JobHook | None = None,
    ) -> None:
        self.deployment = deployment
        self.options = options
        self.on_job = on_job
        self.alive = dict(deployment.spiders)  # node → marketplaces it can crawl
        self.queue: deque[_Part] = deque()
        for marketplace, wanted in targets.items():
            size = options.job_size or job_size(len(wanted), deployment.nodes_for(marketplace))
            self.queue.extend(_Part(marketplace, part) for part in split(wanted, size) if part)
        self.running: list[_Job] = []
        self.silent_since: dict[Node, float] = {}
        self.seen: list[Observation] = []
        self.outcomes: list[JobOutcome] = []
        self.unverified: list[Unverified] = []
        self.problems = list(deployment.problems)
        self.left_out: list[str] = []  # why nodes were left out during the crawl

    def run(self) -> ScrapydCrawl:
        """Crawl every queued listing; what was seen and what was not."""
        try:
            while self.queue or self.running:
                self._start_jobs()
                self._give_up_unplaceable()
                if not (self.queue or self.running):
                    break
                time.sleep(self.options.poll)
                self._watch_jobs()
        except BaseException:
            self._cancel_running()
            raise
        return ScrapydCrawl(self.seen, self.outcomes, self.unverified, self.problems)

    # --- handing out ----------------------------------------------------------------------

    def _start_jobs(self) -> None:
        for part in list(self.queue):
            node = self._free_node(part)
            if node is None:
                continue
            job = _Job(node, part, uuid.uuid4().hex)
            try:
                node.schedule(
                    PROJECT,
                    part.marketplace,
                    version=self.deployment.version,
                    job=job.id,
                    arguments={"targets": data_url(part.targets)},
                    settings=self.options.scrapy_settings(),
                )
            except NodeError as exc:
                self._trouble(node, exc, marketplace=part.marketplace)
                continue
            self._heard_from(node)
            self.queue.remove(part)
            self.running.append(job)

    def _free_node(self, part: _Part) -> Node | None:
        """The least busy live node that can crawl ``part`` and is not crawling its site."""
        busy = {(j.node, j.part.marketplace) for j in self.running}
        fit = [
            node
            for node, names in self.alive.items()
            if part.marketplace in names
            and node.label not in part.avoid
            and (node, part.marketplace) not in busy
        ]
        return min(fit, key=lambda n: sum(j.node is n for j in self.running), default=None)

    def _give_up_unplaceable(self) -> None:
        """Listings no live node can take any more are not verified."""
        for part in list(self.queue):
            able = [
                n
                for n, names in self.alive.items()
                if part.marketplace in names and n.label not in part.avoid
            ]
            if able:
                continue
            self.queue.remove(part)
            reason = part.last_failure or "; ".join(self.left_out)
            self._not_verified(
                part.marketplace,
                part.targets,
                reason
                or _("no Scrapyd node can crawl {marketplace}").format(
                    marketplace=part.marketplace
                ),
            )

    # --- watching -------------------------------------------------------------------------

    def _watch_jobs(self) -> None:
        for job in list(self.running):
            if job.node not in self.alive:
                continue
            try:
                state = job.node.job_state(PROJECT, job.id)
                if state in ("pending", "running"):
                    self._heard_from(job.node)
                    continue
                self._collect(job, known=state is not None)
            except NodeError as exc:
                self._trouble(job.node, exc)

    def _collect(self, job: _Job, *, known: bool) -> None:
        """Read a job that is no longer running: its feed, the end of its log."""
        node, part = job.node, job.part
        where = f"{PROJECT}/{part.marketplace}/{job.id}"
        feed = node.fetch(f"/items/{where}.jl")
        ending = read_log(node.fetch(f"/logs/{where}.log"))
        self._heard_from(node)
        self.running.remove(job)
        if keeps_no_items(ending, feed):
            reason = _("{node} keeps no items feed: set items_dir in its scrapyd.conf").format(
                node=node.label
            )
            self._end(job, JobState.FAILED, {}, reason, hand_on=True)
            self._leave_out(node, reason, reachable=True)
            return
        try:
            found = observations_in(feed)
        except ItemsFileError as exc:
            self._end(job, JobState.FAILED, {}, str(exc), hand_on=False)
            return
        wanted = {t["sku"] for t in part.targets}
        mine = {o.sku: o for o in found if o.marketplace == part.marketplace and o.sku in wanted}
        state, missed = judge(ending, known, len(mine), len(part.targets))
        self._end(job, state, mine, missed, hand_on=False)

    def _end(
        self,
        job: _Job,
        state: JobState,
        seen: Mapping[str, Observation],
        reason: str | None,
        *,
        hand_on: bool,
    ) -> None:
        """Record a job's end; its listings without an observation go on or stay unverified."""
        part = job.part
        self.seen.extend(seen.values())
        left = [t for t in part.targets if t["sku"] not in seen]
        why = (
            _("{node}, job {job}: {reason}").format(node=job.node.label, job=job.id, reason=reason)
            if reason
            else None
        )
        handed = 0
        if left and hand_on:
            again = _Part(part.marketplace, left, part.avoid | {job.node.label}, why)
            self.queue.appendleft(again)
            handed = len(left)
        elif left:
            self._not_verified(part.marketplace, left, why or _("no observation"))
        outcome = JobOutcome(
            job.node.label, part.marketplace, job.id, state, len(part.targets), len(seen),
            reason, handed,
        )  # fmt: skip
        self.outcomes.append(outcome)
        if self.on_job:
            self.on_job(outcome)

    # --- nodes in trouble -----------------------------------------------------------------

    def _heard_from(self, node: Node) -> None:
        self.silent_since.pop(node, None)

    def _trouble(self, node: Node, exc: NodeError, *, marketplace: str | None = None) -> None:
        """A call to ``node`` failed: an answer refuses the marketplace, silence counts."""
        if isinstance(exc, NodeAnswered) and marketplace is not None:
            self.alive[node] = self.alive[node] - {marketplace}
            self.problems.append(str(exc))
            return
        since = self.silent_since.setdefault(node, time.monotonic())
        if time.monotonic() - since >= self.options.patience:
            reason = _("the node stopped answering: {error}").format(error=exc)
            self._leave_out(node, reason, reachable=False)

    def _leave_out(self, node: Node, reason: str, *, reachable: bool) -> None:
        """No more jobs for ``node``; what its running jobs had not reported goes elsewhere."""
        if self.alive.pop(node, None) is None:
            return
        self.left_out.append(reason)
        self.problems.append(_("{reason}; left out of the crawl").format(reason=reason))
        for job in [j for j in self.running if j.node is node]:
            self.running.remove(job)
            if reachable:
                self._cancel(job)
            self._end(job, JobState.FAILED, {}, reason, hand_on=True)

    def _not_verified(self, marketplace: str, targets: list[Target], reason: str) -> None:
        self.unverified += [
            Unverified(marketplace, t["sku"], t.get("url"), reason) for t in targets
        ]

    def _cancel_running(self) -> None:
        """When ocop is interrupted: no node keeps crawling for nobody."""
        for job in self.running:
            self._cancel(job)

    @staticmethod
    def _cancel(job: _Job) -> None:
        with suppress(NodeError):  # best effort: the node may be the reason we stop
            job.node.cancel(PROJECT, job.id)


def crawl(
    deployment: Deployment,
    targets: Mapping[str, list[dict[str, Any]]],
    options: CrawlOptions | None = None,
    on_job: JobHook | None = None,
) -> ScrapydCrawl:
    """Crawl ``targets`` (marketplace → ``ocop.verify.crawl_targets``) on the deployed nodes."""
    return Dispatcher(deployment, targets, options or CrawlOptions(), on_job).run()
