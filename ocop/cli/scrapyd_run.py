"""``ocop verify --scrapyd``: the crawl on Scrapyd nodes, a progress bar per marketplace, and
what the jobs did (the drift itself is printed as after a local crawl)."""

from __future__ import annotations

from datetime import date

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ocop import api
from ocop.i18n import N_, _
from ocop.model import Catalog
from ocop.scrapyd import JobOutcome, JobState, ScrapydCrawl, ScrapydError, ScrapydVerification
from ocop.scrapyd.node import check_url
from ocop.state import StateStore
from ocop.verify import marketplaces_to_verify

STATES = {
    JobState.FINISHED: N_("finished"),
    JobState.CANCELLED: N_("cancelled"),
    JobState.FAILED: N_("failed"),
}


def node_urls(values: tuple[str, ...]) -> list[str]:
    """The node URLs of ``--scrapyd`` (repeatable, each a comma-separated list)."""
    urls = [url.strip() for value in values for url in value.split(",") if url.strip()]
    try:
        return [check_url(url) for url in urls]
    except ScrapydError as exc:
        raise click.BadParameter(str(exc), param_hint="--scrapyd") from None


def verify_on_nodes(
    catalog: Catalog,
    store: StateStore,
    names: list[str],
    nodes: list[str],
    how: tuple[bool, int],
    console: Console,
) -> ScrapydVerification:
    """Verify ``names`` (default: every one with listings) on ``nodes``, a bar each; ``how``:
    polite, and the freshness window in days (as a local crawl)."""
    polite, fresh_days = how
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        tasks = {
            name: progress.add_task(
                _("verifying {marketplace} on Scrapyd").format(marketplace=name),
                total=sum(1 for r in store.listings(name) if r.url),
            )
            for name in names or marketplaces_to_verify(store)
        }

        def advance(outcome: JobOutcome) -> None:
            progress.advance(tasks[outcome.marketplace], outcome.seen)

        return api.verify_on_scrapyd(
            catalog,
            store,
            nodes,
            marketplaces=names,
            as_of=date.today(),
            polite=polite,
            on_job=advance,
            fresh_days=fresh_days,
        )


def print_crawl(crawl: ScrapydCrawl) -> None:
    """How the jobs went: nodes left out, jobs that left listings unseen, what is unverified."""
    console = Console()
    nodes = len({job.node for job in crawl.jobs})
    seen = len(crawl.observations)
    console.print(
        _("Scrapyd: {jobs} job(s) on {nodes} node(s), {seen} listing(s) seen").format(
            jobs=len(crawl.jobs), nodes=nodes, seen=seen
        )
    )
    for problem in crawl.problems:
        console.print(f"  {problem}", style="yellow", markup=False)
    for job in crawl.troubled:
        console.print(f"  {_job_line(job)}", style="yellow", markup=False)
    if crawl.unverified:
        console.print(
            _("  {n} listing(s) not verified: no node could report on them").format(
                n=len(crawl.unverified)
            ),
            style="red",
        )


def _job_line(job: JobOutcome) -> str:
    line = _(
        "{marketplace} on {node}, job {job}: {state}, {seen} of {total} seen: {reason}"
    ).format(
        marketplace=job.marketplace,
        node=job.node,
        job=job.job_id,
        state=_(STATES[job.state]),
        seen=job.seen,
        total=job.targets,
        reason=job.reason or "-",
    )
    if job.handed_on:
        line += _(" ({n} handed to another node)").format(n=job.handed_on)
    return line


def incomplete(crawl: ScrapydCrawl) -> ScrapydError:
    """The error ``ocop verify --scrapyd`` ends with when listings were left unverified."""
    return ScrapydError(
        _(
            "{n} listing(s) could not be verified on the Scrapyd nodes (see above); what the "
            "nodes saw is recorded"
        ).format(n=len(crawl.unverified))
    )
