"""``ocop verify --scrapyd`` against real Scrapyd servers (PyPI's ``scrapyd``) on loopback.

The nodes run this test run's interpreter, so they have its ocop and marketplace packages,
and crawl the sandboxes' storefront pages; ``test_dispatch.py`` covers the dispatcher's
choices with stand-in nodes, these tests what real Scrapyd does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
import pytest

from ocop.observation import Observation
from ocop.scrapyd import CrawlOptions, JobState, NoNodeAvailable, ScrapydVerification
from ocop.scrapyd import verify_on_scrapyd as on_nodes
from ocop.scrapyd.deploy import distributions
from ocop.scrapyd.errors import NodeMismatch
from tests.scrapyd.conftest import MARKETS, PRODUCTS, Pushed
from tests.scrapyd_server import ScrapydServer
from tests.service import free_port

pytestmark = pytest.mark.slow
Nodes = tuple[ScrapydServer, ScrapydServer]


def _api(pushed: Pushed, state: Path, urls: list[str], **options: object) -> ScrapydVerification:
    chosen = CrawlOptions(**{"polite": False, "poll": 0.2, **options})  # type: ignore[arg-type]
    with pushed.store(state) as store:
        return on_nodes(pushed.catalog(), store, urls, ["voso"], as_of=date.today(), options=chosen)


def _seen(state: Path, pushed: Pushed) -> dict[tuple[str, str], tuple[object, ...]]:
    def fact(o: Observation) -> tuple[object, ...]:
        return (o.status, o.price, o.stars, o.title, o.source)

    with pushed.store(state) as store:
        return {key: fact(o) for key, o in store.latest_observations().items()}


@contextmanager
def _slow_pages(pushed: Pushed, latency_ms: int) -> Iterator[None]:
    pushed.sandbox["voso"].set_faults(latency_ms=latency_ms)
    try:
        yield
    finally:
        pushed.sandbox["voso"].set_faults(latency_ms=0)


def _when_running(node: ScrapydServer, then: Callable[[str], None]) -> threading.Thread:
    """Call ``then(job id)`` once ``node`` runs a job (from a thread of its own)."""

    def watch() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            running = httpx.get(f"{node.url}/listjobs.json", timeout=5).json()["running"]
            if running:
                then(running[0]["id"])
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    return watcher


def test_two_nodes_record_what_a_local_crawl_records(
    pushed: Pushed, nodes: Nodes, tmp_path: Path
) -> None:
    voso = pushed.sandbox["voso"]
    changed = pushed.remote_id("voso", "TC-007")
    voso.mutate(changed, price=99_000)
    try:
        urls = ",".join(node.url for node in nodes)
        remote = pushed.verify(pushed.state(tmp_path), "--scrapyd", urls, "--detailed-exitcode")
        (tmp_path / "local").mkdir()
        local = pushed.verify(pushed.state(tmp_path / "local"), "--detailed-exitcode")
    finally:
        voso.mutate(changed, price=107_000)
    assert remote.exit_code == 2, remote.output  # the price drift, found on the nodes
    assert "TC-007" in remote.output and "99,000" in remote.output
    crawl_line = f"Scrapyd: 3 job(s) on 2 node(s), {3 * PRODUCTS} listing(s) seen\n"
    assert crawl_line in remote.output
    assert local.exit_code == 2, local.output
    assert remote.output.replace(crawl_line, "") == local.output  # the same verdicts and drift
    for name in MARKETS:
        assert f"{name}: {PRODUCTS} listing(s) checked (live {PRODUCTS})" in remote.output
    seen = _seen(tmp_path / "state.db", pushed)
    assert len(seen) == 3 * PRODUCTS and seen == _seen(tmp_path / "local" / "state.db", pushed)


def test_a_walled_crawl_on_the_nodes_moves_nothing(
    pushed: Pushed, nodes: Nodes, tmp_path: Path
) -> None:
    """The nodes' spiders are the local ones: a captcha is blocked (identity and walls in the
    spider), and the verdicts rest on the last trustworthy observation (``ocop.verdict``)."""
    state, urls = pushed.state(tmp_path), ",".join(node.url for node in nodes)
    good = pushed.verify(state, "--scrapyd", urls, "-m", "voso")
    assert f"on sale {PRODUCTS}, taken down 0, not verified 0" in good.output, good.output
    pushed.sandbox["voso"].set_faults(page_captcha=1)
    try:
        walled = pushed.verify(state, "--scrapyd", urls, "-m", "voso")
    finally:
        pushed.sandbox["voso"].set_faults(page_captcha=0)
    assert walled.exit_code == 0, walled.output
    assert f"voso: {PRODUCTS} listing(s) checked (blocked {PRODUCTS})" in walled.output
    assert f"on sale {PRODUCTS}, taken down 0, not verified 0" in walled.output


def test_the_listings_are_split_between_the_nodes_each_seen_once(
    pushed: Pushed, nodes: Nodes, tmp_path: Path
) -> None:
    done = _api(pushed, pushed.state(tmp_path), [n.url for n in nodes], job_size=5)
    crawl = done.crawl
    assert done.complete and not crawl.problems
    assert len(crawl.jobs) == 5 and {j.node for j in crawl.jobs} == {n.url for n in nodes}
    assert all(j.state is JobState.FINISHED and j.seen == j.targets for j in crawl.jobs)
    skus = sorted(o.sku for o in crawl.observations)
    assert skus == [f"TC-{n:03d}" for n in range(PRODUCTS)]  # every listing once


def test_a_node_that_never_answers_loses_nothing(
    pushed: Pushed, nodes: Nodes, tmp_path: Path
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    result = pushed.verify(pushed.state(tmp_path), "--scrapyd", f"{nowhere},{nodes[0].url}")
    assert result.exit_code == 0, result.output
    assert f"{nowhere}: no answer from Scrapyd (ConnectError" in result.output
    assert f"{3 * PRODUCTS} listing(s) seen" in result.output


def test_a_node_lost_mid_crawl_hands_its_listings_to_the_others(
    pushed: Pushed, nodes: Nodes, tmp_path: Path
) -> None:
    with ScrapydServer.start() as doomed, _slow_pages(pushed, 300):
        _when_running(doomed, lambda _job: doomed.kill())
        done = _api(
            pushed, pushed.state(tmp_path), [doomed.url, nodes[0].url], job_size=8, patience=1
        )
    lost = [j for j in done.crawl.jobs if j.node == doomed.url and j.state is JobState.FAILED]
    assert lost and all(j.handed_on == j.targets - j.seen for j in lost)
    assert lost[0].reason is not None and "the node stopped answering" in lost[0].reason
    assert done.complete, done.crawl.unverified
    assert sorted(o.sku for o in done.crawl.observations) == [
        f"TC-{n:03d}" for n in range(PRODUCTS)
    ]
    assert any(doomed.url in p and "left out of the crawl" in p for p in done.crawl.problems)


def test_a_cancelled_job_leaves_its_unseen_listings_unverified_with_the_reason(
    pushed: Pushed, nodes: Nodes, tmp_path: Path
) -> None:
    node, voso = nodes[1], pushed.sandbox["voso"]
    voso.reset_stats()

    def cancel(job: str) -> None:
        # once the crawl has read a page or two: a job cancelled while its process is still
        # starting (a loaded machine) never logs a crawl, and is rightly reported as failed
        deadline = time.monotonic() + 60
        while voso.stats().get("pages", 0) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        httpx.post(f"{node.url}/cancel.json", data={"project": "ocop", "job": job}, timeout=5)

    one_at_a_time = {"CONCURRENT_REQUESTS": "1", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}
    with _slow_pages(pushed, 300):
        _when_running(node, cancel)
        done = _api(pushed, pushed.state(tmp_path), [node.url], settings=one_at_a_time)
    (job,) = done.crawl.jobs
    assert job.state is JobState.CANCELLED and job.seen < PRODUCTS and not job.handed_on
    assert len(done.crawl.unverified) == PRODUCTS - job.seen > 0
    reason = f"cancelled on the node after {job.seen} of {PRODUCTS}"
    assert all(reason in u.reason and job.job_id in u.reason for u in done.crawl.unverified)
    (result,) = done.results
    assert len(result.observations) == job.seen  # what it saw before the cancel is recorded


def test_a_node_with_other_ocop_versions_is_refused_with_what_to_install(
    pushed: Pushed, nodes: Nodes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = {**distributions(), "ocop": "0.9.0"}
    monkeypatch.setattr("ocop.scrapyd.deploy.distributions", lambda: ahead)
    with pytest.raises(NoNodeAvailable) as refused:
        _api(pushed, pushed.state(tmp_path), [nodes[0].url])
    installed = distributions()["ocop"]
    assert f"the spiders there would run with ocop {installed}" in str(refused.value)
    assert "pip install 'ocop==0.9.0'" in str(refused.value)
    result = pushed.verify(pushed.state(tmp_path), "--scrapyd", nodes[0].url)
    assert result.exit_code == 1 and "no Scrapyd node can crawl the listings" in result.output
    assert NodeMismatch.__doc__  # the class named in docs/verify.md


def test_a_node_without_items_feed_is_left_out_its_listings_crawled_elsewhere(
    pushed: Pushed, nodes: Nodes, tmp_path: Path
) -> None:
    with ScrapydServer.start(items=False) as feedless:
        done = _api(pushed, pushed.state(tmp_path), [feedless.url, nodes[0].url], job_size=12)
    assert done.complete and len(done.crawl.observations) == PRODUCTS
    (failed,) = [j for j in done.crawl.jobs if j.node == feedless.url]
    assert failed.state is JobState.FAILED and failed.handed_on == failed.targets
    assert any("keeps no items feed: set items_dir" in p for p in done.crawl.problems)


def test_node_credentials_come_from_the_environment_and_are_never_shown(
    pushed: Pushed, tmp_path: Path
) -> None:
    secret = "Sd-4c1e-node-secret"
    with ScrapydServer.start(username="ocop", password=secret) as guarded:
        state = pushed.state(tmp_path)
        refused = pushed.verify(state, "-m", "voso", "--scrapyd", guarded.url)
        allowed = pushed.verify(
            state, "-m", "voso", "--scrapyd", guarded.url,
            OCOP_SCRAPYD_USERNAME="ocop", OCOP_SCRAPYD_PASSWORD=secret,
        )  # fmt: skip
        inline = guarded.url.replace("http://", f"http://ocop:{secret}@")
        in_url = pushed.verify(state, "-m", "voso", "--scrapyd", inline)
    assert refused.exit_code == 1 and "Scrapyd refused the request (HTTP 401)" in refused.output
    assert allowed.exit_code == 0, allowed.output
    assert in_url.exit_code == 0, in_url.output
    assert f"on 1 node(s), {PRODUCTS} listing(s) seen" in in_url.output
    for result in (refused, allowed, in_url):
        assert secret not in result.output
