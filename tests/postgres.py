"""A throw-away PostgreSQL server for tests and benchmarks, from Debian's ``postgresql`` package.

``initdb`` from ``/usr/lib/postgresql/*/bin`` makes a cluster in a temporary folder and
``postgres`` serves it on a unix socket in that folder only (no TCP port at all), with password
authentication so the tests can check the password is never shown. The system's own cluster
and systemd are never touched. PostgreSQL refuses to run as root: as root the cluster belongs
to ``nobody``. The server is a child of the test process that the kernel stops when that
process dies, however it dies (SIGKILL of pytest included): no server outlives its tests.

    with PostgresServer.start() as server:
        url = server.create_database("t1")   # postgresql://ocop:…@/t1?host=/tmp/…
"""

from __future__ import annotations

import ctypes
import glob
import itertools
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import psycopg

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


class PostgresServer:
    """One running cluster; ``stop()`` (or leaving the ``with`` block) removes it."""

    def __init__(self, bin_dir: Path, folder: Path, settings: dict[str, str]) -> None:
        self.bin_dir = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.settings = settings
        self._names = itertools.count(1)

    @classmethod
    def start(cls, settings: dict[str, str] | None = None) -> PostgresServer:
        bin_dir = server_binaries()
        if bin_dir is None:
            raise FileNotFoundError("PostgreSQL server binaries (Debian package postgresql)")
        folder = Path(tempfile.mkdtemp(prefix="ocop-pg-"))
        server = cls(bin_dir, folder, {**SETTINGS, **(settings or {})})
        try:
            server._init()
            server._serve()
        except BaseException:
            server.stop()
            raise
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
        with (self.folder / "server.log").open("wb") as log:
            self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [str(self.bin_dir / "postgres"), "-D", str(self.data), "-k", str(self.folder),
                 *options],
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_stop_with_parent,
                **self._as_owner(),  # type: ignore[arg-type]
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log_text = (self.folder / "server.log").read_text(errors="replace")
                    raise RuntimeError(f"PostgreSQL did not start:\n{log_text}") from None
                time.sleep(0.05)

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

    def stop(self) -> None:
        process = getattr(self, "process", None)
        try:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGINT)  # fast shutdown
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()


def _stop_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """The kernel sends the server SIGINT (a fast shutdown) when the test process dies."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGINT)
