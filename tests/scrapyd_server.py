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

import os
import signal
import sys
from pathlib import Path

import httpx

from tests.service import Service, free_port

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


class ScrapydServer(Service):
    """One running Scrapyd; ``stop()`` (or leaving the ``with`` block) removes it."""

    label, log_name = "Scrapyd", "scrapyd.log"
    stop_signal, stop_timeout, own_session = signal.SIGTERM, 20.0, True

    def __init__(self, folder: Path, port: int) -> None:
        super().__init__(folder)
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

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
        with cls(cls.new_folder("ocop-scrapyd-"), free_port()).starting() as server:
            conf = CONF.format(
                port=server.port, poll=poll, max_proc=max_proc, items="items" if items else "",
                username=username, password=password,
            )  # fmt: skip
            (server.folder / "scrapyd.conf").write_text(conf, encoding="utf-8")
            server._serve(auth=(username, password) if username else None)
        return server

    def _serve(self, auth: tuple[str, str] | None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SCRAPY", "OCOP_"))}
        env["HOME"] = str(self.folder)
        self.spawn([sys.executable, "-m", "scrapyd"], env=env)
        status = f"{self.url}/daemonstatus.json"
        self.wait_ready(
            lambda: httpx.get(status, auth=auth, timeout=2).raise_for_status(),
            httpx.HTTPError,
            pause=0.1,
        )

    def log(self) -> str:
        """What Scrapyd itself wrote (its jobs' logs are under ``logs/``)."""
        return super().log()
