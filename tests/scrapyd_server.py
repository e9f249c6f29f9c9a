"""A throw-away Scrapyd node for tests and benchmarks: PyPI's ``scrapyd`` (a dev dependency).

``ScrapydServer.start()`` runs ``python -m scrapyd`` on a loopback port in a temporary folder
of its own (``scrapyd.conf`` there: eggs, queues, logs and items inside it; ``HOME`` pointed
there too, so no ``~/.scrapyd.conf`` of the machine is read), in a session of its own so that
``kill()`` can take it down with its crawls as a crashed machine would go. The kernel stops it
when the test process dies, however it dies. It runs this interpreter: the node has exactly the
ocop and marketplace packages of the test run installed, as a real node must.

    with ScrapydServer.start() as node:
        node.url                      # http://127.0.0.1:PORT
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

import httpx

CONF = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
poll_interval = {poll}
max_proc = {max_proc}
eggs_dir = eggs
dbs_dir = dbs
logs_dir = logs
items_dir = {items}
jobs_to_keep = 100
username = {username}
password = {password}
"""


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class ScrapydServer:
    """One running Scrapyd; ``stop()`` (or leaving the ``with`` block) removes it."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    @classmethod
    def start(
        cls,
        *,
        items: bool = True,
        username: str = "",
        password: str = "",
        poll: float = 0.2,
        max_proc: int = 4,
    ) -> ScrapydServer:
        folder = Path(tempfile.mkdtemp(prefix="ocop-scrapyd-"))
        server = cls(folder, free_port())
        conf = CONF.format(
            port=server.port, poll=poll, max_proc=max_proc, items="items" if items else "",
            username=username, password=password,
        )  # fmt: skip
        (folder / "scrapyd.conf").write_text(conf, encoding="utf-8")
        try:
            server._serve(auth=(username, password) if username else None)
        except BaseException:
            server.stop()
            raise
        return server

    def _serve(self, auth: tuple[str, str] | None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SCRAPY", "OCOP_"))}
        env["HOME"] = str(self.folder)
        with (self.folder / "scrapyd.log").open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "scrapyd"],
                cwd=self.folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_stop_with_parent,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{self.url}/daemonstatus.json", auth=auth, timeout=2).raise_for_status()
                return
            except httpx.HTTPError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Scrapyd did not start:\n{self.log()}") from None
                time.sleep(0.1)

    def log(self) -> str:
        """What Scrapyd itself wrote (its jobs' logs are under ``logs/``)."""
        path = self.folder / "scrapyd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self) -> None:
        """The machine is gone: Scrapyd and every crawl it runs, killed at once."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        process = self.process
        try:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.kill()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> ScrapydServer:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()


def _stop_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """The kernel sends Scrapyd SIGTERM when the test process dies."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
