"""End to end against the sandbox: real connectors, faults on, pushes killed with SIGKILL.

Repeated ``ocop push`` must converge: every SKU has exactly one listing on sale per
marketplace with the catalogue's price, every listing on sale is bound in the state, and the
next ``ocop plan`` is empty.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocop.cli import cli as main_cli
from ocop.connector import ListingStatus, RemoteListing
from ocop.engine import plan_all
from ocop.model import Catalog
from ocop.registry import open_connector
from ocop.sandbox import Sandbox
from ocop.sandbox.wire import Request, Response
from ocop.state import StateStore
from tests.sync.catalogs import Item, write_catalog

pytestmark = pytest.mark.slow

ITEMS = [Item(f"CHE-{n:02d}", price=100_000 + n * 1_000, image=f"i{n % 4}.png") for n in range(10)]


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    with Sandbox.start(seed=7) as sb:
        for key, value in sb.env().items():
            monkeypatch.setenv(key, value)
        sb.set_moderation(delay_s=0)
        yield sb


def ocop(folder: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ocop", *args, "--catalog", str(folder / "catalog.yaml")],
        env={**os.environ, "OCOP_LANG": "en"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def run(folder: Path, *args: str) -> tuple[int, str]:
    process = ocop(folder, *args)
    out, _ = process.communicate(timeout=120)
    return process.returncode, out


def cli(folder: Path, *args: str) -> tuple[int, str]:
    """``ocop ARGS`` in this process (the CLI is the same; no interpreter start-up)."""
    result = CliRunner().invoke(
        main_cli, ["--lang", "en", *args, "--catalog", str(folder / "catalog.yaml")]
    )
    return result.exit_code, result.output


def check_converged(folder: Path, catalog: Catalog) -> None:
    connectors = [open_connector("voso"), open_connector("postmart")]
    try:
        with StateStore.open(folder / ".ocop" / "state.db") as store:
            for connector in connectors:
                listings = list(connector.iter_listings())
                on_sale = [r for r in listings if r.status is ListingStatus.ACTIVE]
                assert Counter(r.sku for r in on_sale) == Counter(i.sku for i in ITEMS_NOW)
                assert {r.sku: r.price for r in on_sale} == {i.sku: i.price for i in ITEMS_NOW}
                bound = {r.remote_id for r in store.listings(connector.name)}
                assert {r.remote_id for r in on_sale} <= bound  # nothing orphaned
            results = plan_all(catalog, store, connectors, date.today())
            assert all(not r.plan.has_changes for r in results), results  # type: ignore[union-attr]
    finally:
        for connector in connectors:
            connector.close()


ITEMS_NOW = ITEMS


def unconfirmed(folder: Path) -> list[str]:
    """SKUs whose create is not confirmed (its answer lost, not found by SKU since)."""
    with StateStore.open(folder / ".ocop" / "state.db") as store:
        return sorted({r.sku for r in store.listings() if r.state == "unknown"})


def sandbox_listings(sandbox: Sandbox, name: str) -> list[RemoteListing]:
    """Every listing the marketplace has, on sale or not."""
    connector = open_connector(name)
    try:
        return list(connector.iter_listings())
    finally:
        connector.close()


def journal_size(folder: Path) -> int:
    path = folder / ".ocop" / "state.db"
    if not path.exists():
        return 0
    with StateStore.open(path) as store:
        return len(store.journal(10_000))


def test_push_converges_through_faults_and_kills(sandbox: Sandbox, tmp_path: Path) -> None:
    global ITEMS_NOW
    catalog = write_catalog(tmp_path, ITEMS)
    for name in ("voso", "postmart"):
        sandbox.set_faults(
            name,
            latency_ms=30,
            fail_before_rate=0.05,
            commit_then_504_rate=0.1,
            drop_after_commit_rate=0.05,
            rate_limit=4,  # below what the connectors pace themselves to: 429s happen
            burst=2,
        )
    killer = random.Random(3)
    killed_mid_push = 0
    for _ in range(4):
        before = journal_size(tmp_path)
        process = ocop(tmp_path, "push", "-q")
        while journal_size(tmp_path) == before and process.poll() is None:
            time.sleep(0.02)  # wait until it is writing, then kill it at a random moment
        time.sleep(killer.uniform(0.0, 0.6))
        killed_mid_push += process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert killed_mid_push >= 2
    ITEMS_NOW = [
        replace(i, price=i.price + 2_000) if n % 3 == 0 else i for n, i in enumerate(ITEMS)
    ]
    catalog = write_catalog(tmp_path, ITEMS_NOW)
    for _ in range(8):
        code, out = run(tmp_path, "push", "-q")
        if code == 0 and out.count(" 0 write call(s)") == 2:
            break
    for name in ("voso", "postmart"):
        sandbox.set_faults(
            name, fail_before_rate=0, commit_then_504_rate=0, drop_after_commit_rate=0
        )
    code, out = run(tmp_path, "push", "-q")
    assert code == 0, out
    # a create whose answer was lost and that never turned up (a 5xx before any effect, or
    # killed before it left) waits its review horizon; the operator may send it now
    lost = unconfirmed(tmp_path)
    if lost:
        code, out = run(tmp_path, "plan", "--detailed-exitcode")
        assert code == 2 and all(f"ocop push --recreate {sku}" in out for sku in lost), out
        recreate = (f"--recreate={sku}" for sku in lost)
        code, out = run(tmp_path, "push", "-q", "--wait", "30", *recreate)
        assert code == 0, out
    check_converged(tmp_path, catalog)
    code, out = run(tmp_path, "plan", "--detailed-exitcode")
    assert code == 0, out
    created = Counter(r.sku for r in sandbox_listings(sandbox, "postmart"))
    assert set(created.values()) == {1}, created  # no duplicate was ever created


def test_slow_reviews_and_lost_answers_never_make_a_duplicate(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """Postmart reviews take hours, most creates lose their answer, pushes get killed: no
    listing is ever created twice (not created and then taken off sale: never created)."""
    write_catalog(tmp_path, ITEMS)
    sandbox.set_moderation(delay_s=3600)  # nothing is approved while the pushes run
    sandbox.set_faults(
        "postmart",
        latency_ms=20,
        fail_before_rate=0.1,
        commit_then_504_rate=0.5,
        drop_after_commit_rate=0.2,
        rate_limit=0,
    )
    killer = random.Random(11)
    for attempt in range(8):
        before = journal_size(tmp_path)
        process = ocop(tmp_path, "push", "-q", "-m", "postmart")
        if attempt % 2:  # every other push is killed at a random moment once it writes
            while journal_size(tmp_path) == before and process.poll() is None:
                time.sleep(0.02)
            time.sleep(killer.uniform(0.0, 0.4))
            process.send_signal(signal.SIGKILL)
        process.communicate(timeout=120)
    made = Counter(r.sku for r in sandbox_listings(sandbox, "postmart"))
    assert not made  # every create is still under review: nothing could be looked up
    sandbox["postmart"].moderate()  # the moderators answer every request at last
    sandbox.set_moderation(delay_s=0)
    sandbox.set_faults("postmart", fail_before_rate=0, commit_then_504_rate=0,
                       drop_after_commit_rate=0)  # fmt: skip
    code, out = run(tmp_path, "push", "-q", "-m", "postmart", "--wait", "30")
    made = Counter(r.sku for r in sandbox_listings(sandbox, "postmart"))
    assert set(made.values()) == {1}, made  # each approved create is its SKU's one listing
    # what is still unconfirmed never reached Postmart: sent again, by the operator's word
    lost = unconfirmed(tmp_path)
    assert not set(lost) & set(made), (lost, made)
    recreate = (f"--recreate={sku}" for sku in lost)
    code, out = run(tmp_path, "push", "-q", "-m", "postmart", "--wait", "30", *recreate)
    assert code == 0, out
    made = Counter(r.sku for r in sandbox_listings(sandbox, "postmart"))
    assert made == Counter({i.sku: 1 for i in ITEMS})  # never a duplicate
    with StateStore.open(tmp_path / ".ocop" / "state.db") as store:
        assert not [e for e in store.journal(10_000) if e.operation == "drop_duplicate"]
    code, out = run(tmp_path, "plan", "-m", "postmart", "--detailed-exitcode")
    assert code == 0, out


def test_ctrl_c_prints_what_was_done_and_how_to_go_on(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [Item(f"CHE-{n:02d}") for n in range(40)]
    write_catalog(tmp_path, items)
    sandbox.set_faults("voso", latency_ms=150)
    voso, creates = sandbox["voso"], itertools.count(1)
    held, release = threading.Event(), threading.Event()
    serve = voso.serve_api

    def holding_creates(request: Request, path: str) -> Response:
        # every create after the third waits for the test's word: the push is surely mid-way
        # when Ctrl-C comes, whatever the machine's load (no sleep guesses when that is)
        if (request.method, path) == ("POST", "/products") and next(creates) > 3:
            held.set()
            release.wait(timeout=120)
        return serve(request, path)

    monkeypatch.setattr(voso, "serve_api", holding_creates)
    process = ocop(tmp_path, "push", "-m", "voso")
    assert held.wait(timeout=120), "the push never sent its fourth create"
    process.send_signal(signal.SIGINT)
    release.set()
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 130, out
    assert "Aborted!" not in out and "Traceback" not in out, out
    assert "voso: " in out and " created, " in out, out  # what was done…
    assert "stopped (Ctrl-C): " in out and "run ocop push again to finish" in out, out
    assert "failed: not sent: the push stopped" in out, out  # …and what was not
    sandbox.set_faults("voso", latency_ms=0)
    code, out = run(tmp_path, "push", "-q", "-m", "voso")
    assert code == 0, out
    code, out = run(tmp_path, "plan", "-m", "voso", "--detailed-exitcode")
    assert code == 0 and "voso: 40 in sync" in out, out


def test_cli_plan_push_status_link(sandbox: Sandbox, tmp_path: Path) -> None:
    global ITEMS_NOW
    ITEMS_NOW = ITEMS[:3]
    write_catalog(tmp_path, ITEMS_NOW)
    code, out = cli(tmp_path, "plan", "--detailed-exitcode")
    assert code == 2 and "+ CHE-00 (Chè Tân Cương CHE-00 Hộp 100 g)  create" in out, out
    assert "voso: 3 to create" in out, out
    assert not (tmp_path / ".ocop").exists()  # a plan changes nothing, not even the state
    code, out = cli(tmp_path, "push")
    assert code == 0, out
    assert "voso: 3 created; 6 write call(s), 3 image(s) uploaded" in out, out
    assert "postmart: 3 pending review; 6 write call(s)" in out, out
    code, out = cli(tmp_path, "push", "--wait", "30")  # Postmart's requests are answered
    assert code == 0 and "waiting for the marketplace's review" not in out.splitlines()[-1], out
    assert "postmart: ✓ CHE-00 (Chè Tân Cương CHE-00 Hộp 100 g) approved: http" in out, out
    code, out = cli(tmp_path, "push")
    assert code == 0 and "0 write call(s)" in out and "voso: 3 in sync" in out, out
    code, out = cli(tmp_path, "status", "--format", "json")
    assert code == 0 and out.count('"state": "active"') == 6, out
    code, text = cli(tmp_path, "status", "--sku", "CHE-01")
    assert code == 0 and text.count("CHE-01") >= 2 and "on sale" in text, text
    code, text = cli(tmp_path, "status", "--journal", "50")
    assert code == 0 and text.count(": ok") == 12, text  # 6 image uploads, 6 creates
    secret = sandbox.env()["OCOP_VOSO_PARTNER_KEY"]
    assert secret not in out
    ITEMS_NOW = [replace(ITEMS[0], price=125_000), *ITEMS[1:3]]
    write_catalog(tmp_path, ITEMS_NOW)
    code, out = cli(tmp_path, "plan")
    assert "price ₫100,000 → ₫125,000" in out, out
    code, out = cli(tmp_path, "plan", "--format", "json")
    data = {m["marketplace"]: m for m in json.loads(out)["marketplaces"]}
    assert data["voso"]["counts"] == {"update_offer": 1} and data["voso"]["unchanged"] == 2
    code, out = cli(tmp_path, "push")
    assert code == 0, out
    # a fresh state (another computer): link adopts what is there, push writes nothing
    (tmp_path / ".ocop" / "state.db").unlink()
    code, out = cli(tmp_path, "link")
    assert code == 0 and "3 bound" in out, out
    cli(tmp_path, "push")
    code, out = cli(tmp_path, "plan", "--detailed-exitcode")
    assert code == 0, out
    check_converged(tmp_path, write_catalog(tmp_path, ITEMS_NOW))
