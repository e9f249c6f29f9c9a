"""A throw-away PostgreSQL server for tests and benchmarks, from Debian's ``postgresql`` package.

``initdb`` from ``/usr/lib/postgresql/*/bin`` makes a cluster in a temporary folder and
``postgres`` serves it on a unix socket in that folder only (no TCP port at all), with password
authentication so the tests can check the password is never shown. The system's own cluster
and systemd are never touched. PostgreSQL refuses to run as root: as root the cluster belongs
to ``nobody``. The server is a ``tests.service.Service``: no server outlives its tests.

    with PostgresServer.start() as server:
        url = server.create_database("t1")   # postgresql://ocop:…@/t1?host=/tmp/…
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import signal
import subprocess
from pathlib import Path

import psycopg

from tests.service import Service

USER = "ocop"
PASSWORD = "Pw-9f3a7c-ocop-test"  # distinctive, so a leak is easy to grep for
RUN_AS = "nobody"
SETTINGS = {
    "listen_addresses": "''",  # unix socket only
    "max_connections": "200",
    "fsync": "off",  # a test cluster: speed over durability
    "full_page_writes": "off",
    "synchronous_commit": "off",
}


def server_binaries() -> Path | None:
    """The newest installed ``/usr/lib/postgresql/N/bin`` with initdb and pg_ctl, if any."""
    found = [
        Path(p).parent
        for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")
        if Path(p).with_name("pg_ctl").exists()
    ]
    return max(found, key=lambda p: int(p.parent.name)) if found else None


class PostgresServer(Service):
    """One running cluster; ``stop()`` (or leaving the ``with`` block) removes it."""

    label, log_name = "PostgreSQL", "server.log"
    stop_signal = signal.SIGINT  # a fast shutdown

    def __init__(self, bin_dir: Path, folder: Path, settings: dict[str, str]) -> None:
        super().__init__(folder)
        self.bin_dir = bin_dir
        self.data = folder / "data"
        self.settings = settings
        self._names = itertools.count(1)

    @classmethod
    def start(cls, settings: dict[str, str] | None = None) -> PostgresServer:
        bin_dir = server_binaries()
        if bin_dir is None:
            raise FileNotFoundError("PostgreSQL server binaries (Debian package postgresql)")
        folder = cls.new_folder("ocop-pg-")
        with cls(bin_dir, folder, {**SETTINGS, **(settings or {})}).starting() as server:
            server._init()
            server._serve()
        return server

    def _as_owner(self) -> dict[str, object]:
        if os.getuid() != 0:
            return {}
        entry = pwd.getpwnam(RUN_AS)
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def _init(self) -> None:
        secret = self.folder / "pwfile"
        secret.write_text(PASSWORD + "\n")
        if os.getuid() == 0:
            entry = pwd.getpwnam(RUN_AS)
            for path in (self.folder, secret):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self.folder.chmod(0o755)  # the socket lives here; root connects as the client
        self._run(
            "initdb", "-D", str(self.data), "-U", USER, f"--pwfile={secret}",
            "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        secret.unlink()

    def _serve(self) -> None:
        options = [f"-c{k}={v.strip(chr(39))}" for k, v in self.settings.items()]
        self.spawn(
            [str(self.bin_dir / "postgres"), "-D", str(self.data), "-k", str(self.folder),
             *options],
            **self._as_owner(),
        )  # fmt: skip
        self.wait_ready(
            lambda: psycopg.connect(self.url(), connect_timeout=2).close(),
            psycopg.OperationalError,
        )

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [str(self.bin_dir / program), *args],
            cwd=self.folder,
            check=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            **self._as_owner(),  # type: ignore[arg-type]
        )

    def url(self, database: str = "postgres", *, password: str = PASSWORD) -> str:
        """A URL for ``database`` on this server (unix socket, with the password)."""
        return f"postgresql://{USER}:{password}@/{database}?host={self.folder}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its URL."""
        name = name or f"t{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
