"""What a finished Scrapyd job left: its observations, and how its crawl ended.

Scrapyd's API says only that a job is pending, running or finished (or unknown); not whether
its crawl succeeded. That is read from what the job left on the node: its items feed
(``/items/<project>/<spider>/<job>.jl``, kept when the node's ``items_dir`` is set) and the end
of its log, where Scrapy writes its stats (``finish_reason``, ``item_scraped_count``):

    finish_reason 'finished'     the crawl ran to its end                     finished
    finish_reason 'shutdown'     stopped on the node (cancel.json, Scrapyd)   cancelled
    another finish_reason        a close-spider condition stopped it          failed
    a log without stats          the crawl died (killed, crashed)             failed
    no log, the node knows it    the runner failed before Scrapy started      failed
    no log, the node forgot it   cancelled while pending, or Scrapyd restarted  cancelled

A listing of the job without an observation in its feed is not verified, with that reason.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ocop.i18n import _
from ocop.observation import Observation
from ocop.verify import read_items

FINISH_REASON = re.compile(r"'finish_reason': '([^']+)'")
SCRAPED = re.compile(r"'item_scraped_count': (\d+)")
ERROR = re.compile(r"\] ERROR: (.+)$|^(\w+(?:\.\w+)*(?:Error|Exception|Mismatch)\b.*)$", re.M)


class JobState(StrEnum):
    """How a Scrapyd job ended."""

    FINISHED = "finished"  # its crawl ran to its end
    CANCELLED = "cancelled"  # stopped on the node, or forgotten by it
    FAILED = "failed"  # crashed, killed, or its node stopped answering


@dataclass(frozen=True)
class Ending:
    """How a job's crawl ended, as its log says."""

    logged: bool
    finish_reason: str | None = None
    scraped: int = 0
    error: str | None = None


def read_log(text: str | None) -> Ending:
    """What the end of a job's log says (``text`` None: the node has no log of it)."""
    if text is None:
        return Ending(logged=False)
    reasons = FINISH_REASON.findall(text)
    scraped = SCRAPED.findall(text)
    errors = [a or b for a, b in ERROR.findall(text)]
    return Ending(
        logged=True,
        finish_reason=reasons[-1] if reasons else None,
        scraped=int(scraped[-1]) if scraped else 0,
        error=errors[0].strip()[:300] if errors else None,
    )


def judge(ending: Ending, known: bool, seen: int, total: int) -> tuple[JobState, str | None]:
    """The job's state and, when listings were left without an observation, why."""
    if ending.finish_reason == "finished":
        missed = ending.error or _("the crawl ended without an observation for them")
        return JobState.FINISHED, (missed if seen < total else None)
    if ending.finish_reason == "shutdown":
        return JobState.CANCELLED, _("cancelled on the node after {seen} of {total}").format(
            seen=seen, total=total
        )
    if ending.finish_reason:
        return JobState.FAILED, _("the crawl stopped: {reason}").format(reason=ending.finish_reason)
    if ending.logged:
        return JobState.FAILED, ending.error or _("the crawl died before it ended (killed?)")
    if known:
        return JobState.FAILED, _(
            "the job never started its crawl (see the Scrapyd service's own log on the node)"
        )
    return JobState.CANCELLED, _(
        "the node no longer knows the job: cancelled before it started, or Scrapyd restarted"
    )


def keeps_no_items(ending: Ending, feed: str | None) -> bool:
    """The job scraped items but the node publishes no feed: its ``items_dir`` is not set."""
    return feed is None and ending.scraped > 0


def observations_in(feed: str | None) -> list[Observation]:
    """The observations of a job's feed, read as ``ocop verify --items`` reads one.

    A last line cut short (the job was killed while writing) is left out; ``ItemsFileError``
    when any other line is not an observation.
    """
    if not feed:
        return []
    if not feed.endswith("\n"):
        feed = feed[: feed.rfind("\n") + 1]
    with tempfile.TemporaryDirectory(prefix="ocop-items-") as work:
        where = Path(work) / "items.jl"
        where.write_text(feed, encoding="utf-8")
        return read_items([where])
