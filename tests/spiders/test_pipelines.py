"""The item pipelines: items without a URL dropped; the stdout stream ``ocop verify`` reads
(every item, one JSON line, flushed soon)."""

from __future__ import annotations

import asyncio
import io
import json
from dataclasses import dataclass

import pytest
from ocop_spiders.pipelines import FLUSH_AFTER, RequireUrlPipeline, StdoutStreamPipeline
from scrapy.exceptions import DropItem


class Flushes(io.BytesIO):
    """A stream that counts its flushes and keeps what each one handed on."""

    def __init__(self) -> None:
        super().__init__()
        self.handed: list[bytes] = []

    def flush(self) -> None:
        self.handed.append(self.getvalue())


def test_in_a_crawl_lines_are_flushed_together_within_the_delay() -> None:
    out = Flushes()
    stream = StdoutStreamPipeline(out)

    async def crawl() -> None:
        for n in range(100):
            stream.process_item({"sku": f"S{n}", "url": "https://x/1.html", "price": n})
        assert out.handed == []  # nothing handed on per item
        await asyncio.sleep(FLUSH_AFTER * 3)

    asyncio.run(crawl())
    assert len(out.handed) == 1
    lines = out.handed[0].decode().splitlines()
    assert [json.loads(line)["price"] for line in lines] == list(range(100))


def test_closing_the_spider_flushes_what_is_left() -> None:
    out = Flushes()
    stream = StdoutStreamPipeline(out)

    async def crawl() -> None:
        stream.process_item({"sku": "Ồ", "url": "https://x/1.html"})
        stream.flush()  # spider_closed

    asyncio.run(crawl())
    assert json.loads(out.handed[-1].decode()) == {"sku": "Ồ", "url": "https://x/1.html"}
    assert stream.flushing is None


def test_without_an_event_loop_each_line_is_flushed_at_once() -> None:
    out = Flushes()
    StdoutStreamPipeline(out).process_item({"sku": "A", "url": "https://x/1.html"})
    assert len(out.handed) == 1


def test_streaming_off_writes_nothing() -> None:
    item = {"sku": "A", "url": "https://x/1.html"}
    assert StdoutStreamPipeline(None).process_item(item) is item


def test_an_item_without_a_url_is_dropped_whatever_its_kind() -> None:
    @dataclass
    class Seen:
        url: str | None = None

    require = RequireUrlPipeline()
    for item in ({"sku": "A"}, {"url": ""}, Seen()):
        with pytest.raises(DropItem):
            require.process_item(item)
    for item in ({"url": "https://x/1.html"}, Seen("https://x/1.html")):
        assert require.process_item(item) is item
