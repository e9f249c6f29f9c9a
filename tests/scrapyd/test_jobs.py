"""How a job ended, read from what it left on the node: its log's end and its items feed."""

from __future__ import annotations

import json

import pytest

from ocop.observation import PageStatus
from ocop.scrapyd.jobs import JobState, judge, keeps_no_items, observations_in, read_log
from ocop.verify import ItemsFileError

STATS = """2026-12-03 16:01:44 [scrapy.core.engine] INFO: Closing spider ({reason})
2026-12-03 16:01:44 [scrapy.statscollectors] INFO: Dumping Scrapy stats:
{{'downloader/request_count': 30,
 'finish_reason': '{reason}',
 'item_scraped_count': {items},
 'log_count/INFO': 2}}
2026-12-03 16:01:44 [scrapy.core.engine] INFO: Spider closed ({reason})
"""
CRASH = """2026-12-03 16:01:43 [scrapy.utils.log] INFO: Scrapy 2.19.0 started (bot: ocop)
Traceback (most recent call last):
  File "/srv/scrapyd/lib/python3.11/site-packages/scrapy/cmdline.py", line 160, in execute
ModuleNotFoundError: No module named 'ocop_voso'
"""
TARGETS_LOST = """2026-12-03 16:01:44 [voso] ERROR: could not read the targets in the data: URL: bad
""" + STATS.format(reason="finished", items=0)


@pytest.mark.parametrize(
    ("log", "known", "seen", "expected"),
    [
        (STATS.format(reason="finished", items=30), True, 30, (JobState.FINISHED, None)),
        (STATS.format(reason="shutdown", items=4), True, 4,
         (JobState.CANCELLED, "cancelled on the node after 4 of 30")),
        (STATS.format(reason="closespider_timeout", items=9), True, 9,
         (JobState.FAILED, "the crawl stopped: closespider_timeout")),
        (CRASH, True, 0, (JobState.FAILED, "ModuleNotFoundError: No module named 'ocop_voso'")),
        ("2026-12-03 [scrapy.core.engine] INFO: Spider opened\n", True, 0,
         (JobState.FAILED, "the crawl died before it ended (killed?)")),
        (TARGETS_LOST, True, 0,
         (JobState.FINISHED, "could not read the targets in the data: URL: bad")),
        (None, True, 0, (JobState.FAILED,
         "the job never started its crawl (see the Scrapyd service's own log on the node)")),
        (None, False, 0, (JobState.CANCELLED,
         "the node no longer knows the job: cancelled before it started, or Scrapyd restarted")),
    ],
    ids=["finished", "cancelled", "closespider", "crashed", "killed", "no-targets", "no-log",
         "forgotten"],
)  # fmt: skip
def test_how_a_job_ended(
    log: str | None, known: bool, seen: int, expected: tuple[JobState, str | None]
) -> None:
    assert judge(read_log(log), known, seen, 30) == expected


def test_a_finished_crawl_that_missed_listings_says_so() -> None:
    state, reason = judge(read_log(STATS.format(reason="finished", items=29)), True, 29, 30)
    assert state is JobState.FINISHED
    assert reason == "the crawl ended without an observation for them"


def test_a_node_without_items_dir_is_told_from_a_job_that_saw_nothing() -> None:
    scraped = read_log(STATS.format(reason="finished", items=30))
    assert keeps_no_items(scraped, None)
    assert not keeps_no_items(read_log(STATS.format(reason="finished", items=0)), None)
    assert not keeps_no_items(scraped, "")


def _item(sku: str) -> str:
    return json.dumps(
        {"marketplace": "voso", "sku": sku, "url": f"https://voso.vn/x-p{len(sku)}.html",
         "status": "live", "price": 125000, "observed_at": "2026-12-03T16:01:44Z"}
    )  # fmt: skip


def test_a_feed_cut_short_by_a_killed_job_keeps_its_whole_lines() -> None:
    feed = _item("A") + "\n" + _item("B") + "\n" + _item("C")[:40]
    seen = observations_in(feed)
    assert [(o.sku, o.status) for o in seen] == [("A", PageStatus.LIVE), ("B", PageStatus.LIVE)]
    assert observations_in(None) == [] and observations_in("") == []


def test_a_feed_with_a_line_that_is_not_an_observation_is_refused() -> None:
    with pytest.raises(ItemsFileError, match="line 2: not an observation"):
        observations_in(_item("A") + '\n{"marketplace": "voso"}\n')
