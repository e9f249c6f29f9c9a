"""What the operator's runbook (docs/operations.md) relies on: the log file keeps no secret,
records the exit status; --lang and --log-file are read anywhere; shell completion works."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocop.cli import cli, logfile
from ocop.cli.localise import hoist_options

ROOT = Path(__file__).resolve().parents[2]


def test_the_log_file_records_the_run_and_its_exit_status(tmp_path: Path) -> None:
    log = tmp_path / "logs" / "ocop.log"
    for _ in range(2):  # appended, run after run
        result = CliRunner().invoke(
            cli, ["validate", str(tmp_path / "none.yaml"), "--log-file", str(log), "--lang", "vi"]
        )
        assert result.exit_code == 1
    text = log.read_text(encoding="utf-8")
    assert text.count("exit status 1") == 2
    assert "INFO ocop: ocop --log-file" in text and "validate" in text
    assert "ocop.output: lỗi:" in text or "không có tệp này" in text  # what was printed
    assert "+07:00 INFO" in text  # Vietnam time, with its offset


def test_no_secret_reaches_the_log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCOP_POSTMART_CLIENT_SECRET", "env-secret-9f8e7d")
    log = tmp_path / "ocop.log"
    url = "postgresql://ocop:pg-password-42@127.0.0.1:9/ocop"
    logfile.start(log, ["status", "--state", url])
    try:
        chatty = logging.getLogger("httpx")
        chatty.info("POST /token client_secret=%s", "env-secret-9f8e7d")
        chatty.info("GET /items?access_token=tok-abc123&sign=deadbeef01 Bearer abcdef123456")
        logging.getLogger("ocop").warning("connecting to %s", url)
        print("secret on screen env-secret-9f8e7d")  # noqa: T201 - what a command prints
    finally:
        logfile.finished(1)
    text = log.read_text(encoding="utf-8")
    for secret in (
        "env-secret-9f8e7d",
        "pg-password-42",
        "tok-abc123",
        "deadbeef01",
        "abcdef123456",
    ):
        assert secret not in text, secret
    assert text.count(logfile.HIDDEN) >= 5 and "exit status 1" in text


def test_global_options_are_read_anywhere() -> None:
    typed = ["push", "--catalog", "c.yaml", "--lang", "vi", "--log-file=x.log", "--", "--lang"]
    assert hoist_options(typed) == [
        "--lang",
        "vi",
        "--log-file=x.log",
        "push",
        "--catalog",
        "c.yaml",
        "--",
        "--lang",
    ]


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [("ocop val", "1", "plain,validate"), ("ocop sheet im", "2", "plain,import")],
)
def test_shell_completion(words: str, cword: str, expected: str) -> None:
    env = {
        **os.environ,
        "_OCOP_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": cword,
    }
    done = subprocess.run(
        [sys.executable, "-m", "ocop"], env=env, capture_output=True, text=True, timeout=60
    )
    assert expected in done.stdout.splitlines()


def test_the_runbook_is_there_and_uses_the_exit_codes() -> None:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for needed in (
        "OnCalendar=",
        "crontab",
        "--detailed-exitcode",
        "--log-file",
        "_OCOP_COMPLETE=bash_source",
        "exit status",
    ):
        assert needed in text, needed
