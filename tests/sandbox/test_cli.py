"""``ocop sandbox`` as a background process: ready file, exports, clean stop on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from ocop.cli import cli
from ocop.registry import marketplaces
from tests.sandbox.conftest import VosoClient


def _wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30  # a startup guard, not an assertion on speed
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "sandbox did not become ready"
        time.sleep(0.05)


def test_runs_in_the_background_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    ready = tmp_path / "ready.env"
    command = [sys.executable, "-m", "ocop", "sandbox", "--port", "0",
               "--db", str(tmp_path / "sb.db"), "--ready-file", str(ready), "--seed", "1"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(ready, process)
        env = dict(
            line.removeprefix("export ").split("=", 1) for line in ready.read_text().splitlines()
        )
        assert env["OCOP_VOSO_PARTNER_KEY"] == "sandbox-voso-partner-key"
        voso = VosoClient(env["OCOP_VOSO_API_URL"])
        assert voso.call("GET", "/shop").json()["data"]["shop_id"] == 200001
        token = httpx.post(env["OCOP_POSTMART_API_URL"] + "/oauth/token", data={
            "grant_type": "client_credentials", "client_id": env["OCOP_POSTMART_CLIENT_ID"],
            "client_secret": env["OCOP_POSTMART_CLIENT_SECRET"]})  # fmt: skip
        assert token.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "export OCOP_VOSO_API_URL=http://127.0.0.1:" in out
    assert "\nready\n" in out and "sandbox stopped" in out
    for found in marketplaces().values():  # every installed marketplace, named by its package
        assert re.search(rf"{re.escape(found.label.en)} +sandbox: API http://127\.0\.0\.1:", out)
        assert f"export OCOP_{found.name.upper()}_API_URL=" in out
    assert not ready.exists() and (tmp_path / "sb.db").exists()


def test_help_documents_every_option() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "--help"], env={**os.environ, "OCOP_LANG": "en"})
    assert result.exit_code == 0
    for option in ("--port", "--marketplace", "--db", "--latency-ms", "--fail-rate",
                   "--commit-then-504-rate", "--drop-rate", "--moderation-delay", "--seed", "--ready-file"):  # fmt: skip
        assert option in result.output
    assert "modelled" in result.output


def test_unknown_marketplace_or_port_is_a_usage_error(tmp_path: Path) -> None:
    for args in (["--port", "nowhere=1"], ["--port", "8000"], ["-m", "nowhere"]):
        result = CliRunner().invoke(cli, ["sandbox", *args, "--db", str(tmp_path / "x.db")])
        assert result.exit_code in (1, 2) and "Traceback" not in result.output, result.output


def test_busy_port_is_a_clean_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        args = [
            "sandbox",
            "--port",
            "0",
            "--port",
            f"postmart={port}",
            "--db",
            str(tmp_path / "x.db"),
        ]
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "cannot start the sandbox" in result.output and "Traceback" not in result.output


def test_a_file_that_is_not_a_database_is_a_clean_error(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("these are my notes, not SQLite " * 100)
    result = CliRunner().invoke(cli, ["sandbox", "--port", "0", "--db", str(not_db)])
    assert result.exit_code == 1 and "cannot start the sandbox" in result.output
    assert not_db.read_text().startswith("these are my notes")  # nothing lost
