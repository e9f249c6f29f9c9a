"""A job's targets travel inside its schedule request, as a gzip ``data:`` URL the spiders read."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import Any

import pytest
from ocop_spiders.loader import listing_spider

from ocop.registry import marketplace
from ocop.scrapyd import targets as packing


def _targets(n: int, slug: int = 0) -> list[dict[str, Any]]:
    """``n`` targets; with ``slug``, URLs that long and as varied as titles (compress badly)."""

    def path(i: int) -> str:
        words = "".join(
            hashlib.sha1(f"{i}-{k}".encode()).hexdigest() for k in range(slug // 40 + 1)
        )
        return words[:slug] if slug else "che-tan-cuong-hop-100-g"

    return [
        {"sku": f"HD-{i:05d}", "url": f"https://voso.vn/{path(i)}-p{100000 + i}.html", "remote_id": str(100000 + i)}
        for i in range(n)
    ]  # fmt: skip


def _requested(targets_argument: str) -> list[dict[str, Any]]:
    """The targets the voso spider asks for when Scrapyd gives it ``-a targets=…``."""
    spider = listing_spider(marketplace("voso"))(targets=targets_argument, _job="abc")

    async def collect() -> list[dict[str, Any]]:
        return [request.cb_kwargs["target"] async for request in spider.start()]

    return asyncio.run(collect())


def test_the_spider_reads_the_targets_a_data_url_carries() -> None:
    odd = {"sku": "NGÔ-1", "url": "https://voso.vn/ngô-nếp-p7.html", "remote_id": "7"}
    sent = [*_targets(3), odd]
    assert _requested(packing.data_url(sent)) == sent


def test_a_malformed_data_url_asks_for_nothing_and_says_why(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR):
        assert _requested("data:application/gzip;base64,bm90IGd6aXA=") == []
    assert "could not read the targets in the data: URL" in caplog.text


def test_a_national_share_is_cut_into_jobs_each_fitting_one_command_line_argument() -> None:
    wanted = _targets(15_000)
    size = packing.job_size(len(wanted), nodes=2)
    assert size == 3_750  # two jobs per node
    assert packing.job_size(len(wanted), nodes=1) == packing.MAX_JOB
    assert packing.job_size(10, nodes=4) == packing.MIN_JOB
    parts = packing.split(wanted, size)
    assert [t for part in parts for t in part] == wanted  # every listing once, in order
    assert all(len(packing.data_url(part)) <= packing.MAX_DATA_URL for part in parts)


def test_long_urls_make_smaller_jobs_not_too_long_arguments() -> None:
    long = _targets(3_000, slug=400)  # slugs a marketplace might make of long titles
    parts = packing.split(long, packing.MAX_JOB)
    assert len(parts) > 1 and sum(map(len, parts)) == 3_000
    assert all(len(packing.data_url(part)) <= packing.MAX_DATA_URL for part in parts)
