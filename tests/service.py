"""A service the tests start (PostgreSQL, Scrapyd): the plumbing they share.

A ``Service`` is a child process working in a temporary folder of its own, writing its output
to a log file there. It is ready when a probe succeeds, and it never outlives the tests: it
stops when its ``with`` block ends, and the kernel signals it when the test process dies,
however that dies (SIGKILL of pytest included: ``PR_SET_PDEATHSIG``). Stopping it removes its
folder. A subclass says what to run and how to tell it is ready::

    class Thing(Service):
        label, log_name, stop_signal = "Thing", "thing.log", signal.SIGTERM

        @classmethod
        def start(cls) -> Thing:
            with cls(Service.new_folder("ocop-thing-")).starting() as thing:
                thing.spawn(["thing", "--port", str(free_port())])
                thing.wait_ready(lambda: probe(thing), OSError)
            return thing
"""

from __future__ import annotations

import ctypes
import functools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _signal_with_parent(death_signal: int) -> None:  # pragma: no cover - runs in the child
    """Ask the kernel to send ``death_signal`` to this process when its parent dies."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, death_signal)


class Service:
    """One running service; ``stop()`` (or leaving the ``with`` block) stops and removes it."""

    label: ClassVar[str]  # what errors call it ("PostgreSQL")
    log_name: ClassVar[str]  # its output's file, in its folder
    stop_signal: ClassVar[signal.Signals]  # asks it to stop; also sent when the tests die
    stop_timeout: ClassVar[float] = 30.0  # how long it may take before it is killed
    own_session: ClassVar[bool] = False  # signals go to its whole process group

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def new_folder(prefix: str) -> Path:
        """A fresh temporary folder for a service."""
        return Path(tempfile.mkdtemp(prefix=prefix))

    @contextmanager
    def starting(self) -> Iterator[Self]:
        """The service while it starts: stopped (its folder removed) if starting fails."""
        try:
            yield self
        except BaseException:
            self.stop()
            raise

    def spawn(self, args: list[str], **popen: Any) -> None:
        """Run ``args`` in the service's folder, its output in its log."""
        with (self.folder / self.log_name).open("wb") as log:
            self.process = subprocess.Popen(
                args,
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=self.own_session,
                preexec_fn=functools.partial(_signal_with_parent, self.stop_signal),
                **popen,
            )

    def wait_ready(
        self,
        probe: Callable[[], object],
        refused: type[Exception] | tuple[type[Exception], ...],
        *,
        timeout: float = 60.0,
        pause: float = 0.05,
    ) -> None:
        """Return once ``probe()`` raises no ``refused`` error; fail, with the log, if the
        process ends first or ``timeout`` passes."""
        assert self.process is not None, "spawn() first"
        deadline = time.monotonic() + timeout
        while True:
            try:
                probe()
                return
            except refused:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{self.label} did not start:\n{self.log()}") from None
                time.sleep(pause)

    def log(self) -> str:
        """What the service wrote."""
        path = self.folder / self.log_name
        return path.read_text(errors="replace") if path.exists() else ""

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _send(self, sent: signal.Signals) -> None:
        assert self.process is not None
        if self.own_session:
            os.killpg(self.process.pid, sent)
        else:
            self.process.send_signal(sent)

    def kill(self) -> None:
        """The service is gone at once, as on a crashed machine (with its children when it
        has a session of its own)."""
        if self.process is not None and self.running():
            self._send(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        """Ask the service to stop (killed if it takes too long); remove its folder."""
        try:
            if self.process is not None and self.running():
                self._send(self.stop_signal)
                try:
                    self.process.wait(timeout=self.stop_timeout)
                except subprocess.TimeoutExpired:
                    self.kill()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()
