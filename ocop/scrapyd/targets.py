"""A job's targets, carried inside its schedule request.

A Scrapyd node may not reach the machine that runs ``ocop verify`` (a laptop behind NAT, a
firewall), and its ``file://`` is its own disk: the one channel known to reach it is its own
API. So each job's targets travel as a spider argument — JSON lines, gzip-compressed, in a
``data:`` URL (RFC 2397), which the spiders read like a file or an ``http(s)://`` URL.

Scrapyd passes spider arguments on its runner's command line, and Linux caps one argument at
128 KiB (``MAX_ARG_STRLEN``): a job's URL is kept under ``MAX_DATA_URL`` characters by halving
its share of targets until it fits (about 5,000 listings at typical URL lengths).
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections.abc import Sequence
from typing import Any

MAX_DATA_URL = 100_000
# A job per (node, marketplace) at a time; its share is cut so each node gets about two jobs
# (a slow or failing node holds up, or loses, less) within these bounds: a job's start on the
# node costs seconds, and fewer listings than this are not worth one.
MIN_JOB = 50
MAX_JOB = 5_000
JOBS_PER_NODE = 2

Target = dict[str, Any]


def data_url(targets: Sequence[Target]) -> str:
    """The targets as a gzip-compressed JSON-lines ``data:`` URL."""
    lines = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in targets)
    packed = base64.b64encode(gzip.compress(lines.encode("utf-8"), mtime=0)).decode("ascii")
    return "data:application/gzip;base64," + packed


def job_size(total: int, nodes: int) -> int:
    """How many listings one job gets when ``nodes`` share ``total``."""
    share = math.ceil(total / max(1, nodes * JOBS_PER_NODE))
    return max(MIN_JOB, min(MAX_JOB, share))


def split(targets: Sequence[Target], size: int) -> list[list[Target]]:
    """``targets`` in jobs of at most ``size``, each small enough for one ``data:`` URL."""
    parts: list[list[Target]] = []
    for start in range(0, len(targets), max(1, size)):
        parts.extend(_fitting(list(targets[start : start + size])))
    return parts


def _fitting(part: list[Target]) -> list[list[Target]]:
    if len(part) <= 1 or len(data_url(part)) <= MAX_DATA_URL:
        return [part]
    middle = len(part) // 2
    return _fitting(part[:middle]) + _fitting(part[middle:])
