"""``ocop sandbox`` run as a user runs it, in the background, for the CLI tests."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Running:
    """The sandbox's environment (the caller's with its ``export`` lines), and once it has
    stopped, its exit status and output."""

    env: dict[str, str]
    returncode: int | None = None
    out: str = ""
    err: str = field(default="", repr=False)


@contextmanager
def ocop_sandbox(folder: Path, env: dict[str, str], *args: str) -> Iterator[Running]:
    """Start ``ocop sandbox --port 0 … ARGS`` in ``folder``, wait for its ready file, stop it
    with SIGTERM at the end."""
    ready = folder / "sandbox.env"
    command = [sys.executable, "-m", "ocop", "sandbox", "--port", "0",
               "--db", str(folder / "sb.db"), "--ready-file", str(ready), *args]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60  # a start-up guard, not a timing assertion
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the sandboxes did not start"
        time.sleep(0.05)
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in ready.read_text().splitlines()
    )
    running = Running(env | exports)
    try:
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        running.out, running.err = process.communicate(timeout=30)
        running.returncode = process.returncode
