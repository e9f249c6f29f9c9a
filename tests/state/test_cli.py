"""The state through the command line: many provinces in one state, the national report,
moving a province's SQLite file to PostgreSQL, and a new operator on PostgreSQL end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ocop.cli import cli as main_cli
from ocop.engine import push
from ocop.http import TokenBucket
from ocop.model import Catalog
from ocop.observation import Observation, PageStatus
from ocop.registry import marketplace
from ocop.sandbox import Sandbox
from ocop.state import Scope, StateStore, now
from ocop.testing.harness import fast_policy, open_on
from ocop.testing.world import AS_OF
from tests.postgres import PASSWORD
from tests.state.contract import record
from tests.sync.catalogs import CATEGORIES, Item, write_catalog

PROVINCE_B = """
province: Bắc Kạn
"""


def ocop(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main_cli, ["--lang", "en", *args], env=env)
    return result.exit_code, result.output


def push_once(catalog: Catalog, store: StateStore) -> None:
    """One push of ``catalog`` to shops of its own on Voso's and Postmart's sandboxes: on sale
    at once on Voso, waiting for review on Postmart."""
    with Sandbox.start(marketplaces=list(CATEGORIES)) as sandboxes:
        connectors = []
        for name in CATEGORIES:
            sandboxes[name].set_faults(rate_limit=0)
            connectors.append(
                open_on(
                    marketplace(name),
                    sandboxes[name],
                    policy=fast_policy(),
                    limiter=TokenBucket.unlimited(),
                )
            )
        try:
            push(catalog, store, connectors, AS_OF)
        finally:
            for connector in connectors:
                connector.close()


def two_provinces(location: str | Path, folder: Path) -> dict[str, Path]:
    """Thái Nguyên (3 SKUs) and Bắc Kạn (2 SKUs, one SKU code the same), each pushed once."""
    paths = {}
    for province, skus in (
        ("Thái Nguyên", ["CHE-1", "CHE-2", "CHE-3"]),
        ("Bắc Kạn", ["CHE-1", "MIEN-1"]),
    ):
        here = folder / province.replace(" ", "_")
        catalog = write_catalog(here, [Item(s) for s in skus])
        text = (here / "catalog.yaml").read_text(encoding="utf-8")
        (here / "catalog.yaml").write_text(
            text.replace("province: Thái Nguyên", f"province: {province}"), encoding="utf-8"
        )
        catalog = catalog.model_copy(update={"province": province})
        with StateStore.open(location, Scope(province)) as store:
            push_once(catalog, store)
            live = [
                Observation(
                    marketplace="voso",
                    sku=r.sku,
                    url=r.url or "",
                    status=PageStatus.LIVE,
                    price=r.price,
                    stars=4,
                    observed_at=now(),
                )
                for r in store.listings("voso")
            ]
            store.record_observations(live)
        paths[province] = here / "catalog.yaml"
    return paths


def tables(output: str) -> dict[str, dict[str, Any]]:
    data = json.loads(output)
    return {t["key"]: t for t in data["tables"]}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_national_report_adds_up_the_provinces_reports(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    location = (
        str(request.getfixturevalue("postgres_url"))
        if backend == "postgresql"
        else str(tmp_path / "national.db")
    )
    paths = two_provinces(location, tmp_path)
    own = {}
    for province, path in paths.items():
        code, out = ocop("report", "--state", location, "--catalog", str(path), "--format", "json")
        assert code == 0, out
        own[province] = tables(out)
        assert json.loads(out)["province"] == province
    code, out = ocop("report", "--state", location, "--all-provinces", "--format", "json")
    assert code == 0, out
    national = tables(out)
    assert json.loads(out)["provinces"] == ["Bắc Kạn", "Thái Nguyên"]
    rows = {r["key"]: r["values"] for r in national["province"]["rows"]}
    for province, mine in own.items():  # each province's row is its own report's total
        assert rows[province] == mine["star"]["total"]["values"]
    for key in ("marketplace", "star", "group", "kind", "coverage", "drift"):
        for column, value in national[key]["total"]["values"].items():
            if isinstance(value, float) or value is None:
                continue  # ratios are recomputed from the summed counts
            assert value == sum(m[key]["total"]["values"][column] for m in own.values()), (
                key,
                column,
            )
    # postmart reviews are still pending after one push: the 5 SKUs are claimed on voso only
    assert national["marketplace"]["total"]["values"]["skus_claimed"] == 5
    assert national["marketplace"]["total"]["values"]["products_on_sale"] == 5  # voso crawled
    code, out = ocop(
        "report",
        "--state",
        location,
        "--all-provinces",
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "vn.xlsx"),
    )
    assert code == 0, out


def test_a_province_report_on_a_state_without_it_is_an_error(tmp_path: Path) -> None:
    location = tmp_path / "national.db"
    paths = two_provinces(location, tmp_path)
    other = tmp_path / "other"
    write_catalog(other, [Item("X-1")])
    text = (other / "catalog.yaml").read_text(encoding="utf-8")
    (other / "catalog.yaml").write_text(text.replace("Thái Nguyên", "Cao Bằng"), encoding="utf-8")
    code, out = ocop("report", "--state", str(location), "--catalog", str(other / "catalog.yaml"))
    assert code == 1 and "Cao Bằng" in out and "nothing has been pushed" in out, out
    code, out = ocop("status", "--state", str(location), "--catalog", str(tmp_path / "nope.yaml"))
    assert code == 1 and "several catalogues (Bắc Kạn; Thái Nguyên)" in out, out
    code, out = ocop("status", "--state", str(location), "--catalog", str(paths["Bắc Kạn"]))
    assert code == 0 and "MIEN-1" in out and "CHE-2" not in out, out


def test_a_province_file_moves_to_postgresql(tmp_path: Path, postgres_url: str) -> None:
    folder = tmp_path / "tn"
    write_catalog(folder, [Item("CHE-1"), Item("CHE-2")])
    catalog_path = folder / "catalog.yaml"
    sqlite_path = folder / ".ocop" / "state.db"
    with StateStore.open(sqlite_path) as old:  # written as by an ocop without scopes
        old.save_listings([record("CHE-1", "r1"), record("CHE-2", "r2")])
        old.begin("run", "voso", "create", sku="CHE-2")
        old.remember_image("voso", "abc", "http://img/1")
    code, out = ocop("state", "migrate", "--catalog", str(catalog_path), "--to", postgres_url)
    assert code == 0, out
    assert "Thái Nguyên: 2 listing(s), 1 image(s), 1 journal" in out, out
    assert PASSWORD not in out and "ocop:***@" in out
    with StateStore.open(postgres_url, Scope("Thái Nguyên")) as moved:
        assert [r.sku for r in moved.listings()] == ["CHE-1", "CHE-2"]
        assert [e.sku for e in moved.open_intents("voso")] == ["CHE-2"]
    code, out = ocop("state", "migrate", "--catalog", str(catalog_path), "--to", postgres_url)
    assert code == 1 and "already holds Thái Nguyên" in out and PASSWORD not in out, out
    code, out = ocop(
        "state", "migrate", "--catalog", str(catalog_path), "--to", postgres_url, "--replace"
    )
    assert code == 0, out
    env = {"OCOP_STATE": postgres_url}
    code, out = ocop("state", "info", "--catalog", str(catalog_path), "--format", "json", env=env)
    assert code == 0 and PASSWORD not in out, out
    info = json.loads(out)
    assert (info["backend"], info["scopes"][0]["listings"]) == ("postgresql", 2)


# -- a new operator, end to end on the sandbox with a PostgreSQL state ---------------------


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    with Sandbox.start(seed=11) as sb:
        for key, value in sb.env().items():
            monkeypatch.setenv(key, value)
        sb.set_moderation(delay_s=0)
        yield sb


def run(folder: Path, *args: str, state: str) -> tuple[int, str]:
    """``ocop ARGS`` in a process of its own, as an operator runs it."""
    process = subprocess.run(
        [sys.executable, "-m", "ocop", *args, "--catalog", str(folder / "catalog.yaml")],
        env={**os.environ, "OCOP_LANG": "en", "OCOP_STATE": state},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return process.returncode, process.stdout + process.stderr


@pytest.mark.slow
def test_an_operator_on_postgresql(sandbox: Sandbox, tmp_path: Path, postgres_url: str) -> None:
    write_catalog(tmp_path, [Item(f"CHE-{n}", price=100_000 + n) for n in range(4)])
    outputs = []
    for args, expected in (
        (("plan", "--detailed-exitcode"), 2),
        (("push", "--wait", "30"), 0),
        (("plan", "--detailed-exitcode"), 0),
        (("status",), 0),
        (("verify", "--no-polite"), 0),
        (("report", "--format", "json"), 0),
        (("report", "--all-provinces", "--format", "json"), 0),
        (("state", "info"), 0),
    ):
        code, out = run(tmp_path, *args, state=postgres_url)
        assert code == expected, out
        outputs.append(out)
    assert "+ CHE-0 (Chè Tân Cương CHE-0 Hộp 100 g)  create" in outputs[0]
    assert "voso: 4 in sync" in outputs[2] and "postmart: 4 in sync" in outputs[2]
    assert outputs[3].count("on sale") == 8
    for report in outputs[5:7]:
        assert tables(report)["marketplace"]["total"]["values"]["skus_on_sale"] == 8
    assert "Thái Nguyên" in outputs[7] and "ocop:***@" in outputs[7]
    # nothing of the state went to a local file (only the marketplaces' category lists)
    assert [p.name for p in (tmp_path / ".ocop").iterdir()] == ["cache"]
    assert all(PASSWORD not in out for out in outputs)
