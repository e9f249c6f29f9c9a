"""Every saved page, through every listing spider, gives the observations it gave when
``saved_observations.jsonl`` was written: a change made for speed must not change what a page
is judged to show. Each page is read at its own addresses and the spider's usual one, for two
SKUs, at 200, 404 and 503 and after a redirect home, as a crawl receives it (the encoding
found from the headers or the page, not given).

When a change is meant to change an observation, rewrite the file and review its diff:
``.venv/bin/python -m tests.spiders.test_saved_observations``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scrapy.http import Request
from scrapy.http.response.html import HtmlResponse

from tests.spiders.conftest import PAGES, spider

SAVED = PAGES / "saved_observations.jsonl"
SPIDERS = ("voso", "postmart", "shopee")
USUAL = {
    "voso": "http://127.0.0.1:8701/che-tan-cuong-dac-biet-p1001.html",
    "postmart": "http://127.0.0.1:8702/p/che-tan-cuong-dac-biet-123.html",
    "shopee": "https://shopee.vn/che-tan-cuong-i.100.200",
}
HOME = "http://127.0.0.1:8701/"
SKUS = ("HD-CTN-100", "VC-MIEN-500")
PAGE_ADDRESS = re.compile(rb'(?:href|content)="(https?://[^"]+?(?:\.html|\.\d+))"')
# what depends on the moment or repeats the case's own key
UNSTABLE = ("observed_at", "marketplace", "sku", "url", "remote_id")


def cases() -> Iterator[tuple[str, str, str, str, int, str]]:
    """(page, spider, url, sku, status, final url) for every case the file holds."""
    for path in sorted(PAGES.glob("*.html")):
        body = path.read_bytes()
        own = list(dict.fromkeys(u.decode() for u in PAGE_ADDRESS.findall(body)))[:2]
        for name in SPIDERS:
            for url in [USUAL[name], *own]:
                for sku in SKUS:
                    yield path.name, name, url, sku, 200, url
            for status in (404, 503):
                yield path.name, name, USUAL[name], SKUS[0], status, USUAL[name]
            yield path.name, name, USUAL[name], SKUS[0], 200, HOME


def observed(page: str, name: str, url: str, sku: str, status: int, final: str) -> dict[str, Any]:
    """The case's observation, without what depends on the moment."""
    target = {"sku": sku, "url": url, "remote_id": "1"}
    response = HtmlResponse(
        url=final,
        status=status,
        body=(PAGES / page).read_bytes(),
        headers={"Content-Type": "text/html"},
        request=Request(url, cb_kwargs={"target": target}),
    )
    (item,) = spider(name).parse_listing(response, target=target)
    seen = {k: v for k, v in dict(item).items() if k not in UNSTABLE}
    return {"case": [page, name, url, sku, status, final], **seen}


def test_every_saved_page_gives_the_observations_it_gave() -> None:
    saved = [json.loads(line) for line in SAVED.read_text(encoding="utf-8").splitlines()]
    now = [observed(*case) for case in cases()]
    assert len(now) == len(saved)
    for before, after in zip(saved, now, strict=True):
        assert after == before


def write(path: Path = SAVED) -> None:
    """Rewrite the saved observations from the code as it is."""
    lines = (json.dumps(observed(*case), ensure_ascii=False) + "\n" for case in cases())
    path.write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    write()
