"""``--log-file FILE``: what a command said and how it ended, appended for the operator.

A scheduled ``ocop push`` runs with nobody watching; its log file answers "what happened last
night" (docs/operations.md). Each run appends::

    2026-12-03T02:00:01+07:00 INFO ocop: ocop push --catalog catalog.yaml (pid 4242)
    2026-12-03T02:00:03+07:00 INFO httpx: HTTP Request: POST https://…/products "HTTP/1.1 200 OK"
    2026-12-03T02:00:09+07:00 INFO ocop.output: postmart: 2 tạo mới; 5 lượt ghi, đã tải lên 2 ảnh
    2026-12-03T02:00:09+07:00 INFO ocop: exit status 0

The lines the command prints (standard output and error, colours and progress redraws left
out), the library's log records (HTTP requests at INFO, warnings) and the exit status; times in
Vietnam time with their offset. **Secrets never reach it**: every line passes ``Redactor``,
which blanks the installed marketplaces' secret credentials (from the environment and the
credentials file), a password in a state URL, and token-like query parameters and bearer
headers, before anything is written.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from ocop.display import vietnam

LOGGER = logging.getLogger("ocop")
OUTPUT = logging.getLogger("ocop.output")
HIDDEN = "********"
TOKEN_PARAMETER = re.compile(
    r"(?i)\b((?:access_|refresh_)?token|sign(?:ature)?|(?:client_|partner_)?secret|"
    r"password|(?:partner_|api_)?key)=([^&\s\"']+)"
)
BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07")


def known_secrets(environ: dict[str, str] | None = None, argv: Sequence[str] = ()) -> list[str]:
    """Every secret value this process could print by mistake, longest first: the secret
    credentials of the installed marketplaces, and the password of a state URL in
    ``OCOP_STATE`` or on the command line (``argv``)."""
    env = dict(os.environ) if environ is None else environ
    found: set[str] = set()
    try:
        from ocop.credentials import credentials_path, read_credentials_file
        from ocop.registry import marketplaces

        stored: dict[str, Any] = {}
        path = credentials_path(env)
        if path.exists():
            stored = read_credentials_file(path)
        for name, market in marketplaces().items():
            for credential in market.credentials:
                if not credential.secret:
                    continue
                found.add(env.get(credential.variable(name), ""))
                found.add(str(stored.get(name, {}).get(credential.field, "")))
    except Exception:  # a broken package or file: the patterns below still apply
        pass
    from ocop.state.location import secrets_of

    for location in (env.get("OCOP_STATE", ""), *argv):
        found.update(secrets_of(location))
    return sorted((s for s in found if len(s) >= 4), key=len, reverse=True)


class Redactor(logging.Filter):
    """Blanks secrets in every record before it is written (it never drops a record)."""

    def __init__(self, secrets: Sequence[str]) -> None:
        super().__init__()
        self.secrets = list(secrets)

    def scrub(self, text: str) -> str:
        """``text`` with every known secret, token parameter and bearer value hidden."""
        for secret in self.secrets:
            text = text.replace(secret, HIDDEN)
        text = TOKEN_PARAMETER.sub(lambda m: f"{m.group(1)}={HIDDEN}", text)
        return BEARER.sub(lambda m: f"{m.group(1)} {HIDDEN}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.scrub(record.getMessage())
        record.args = None
        return True


class VietnamTime(logging.Formatter):
    """ISO times in Vietnam time, with the offset, to the second."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created, vietnam())
        return moment.isoformat(timespec="seconds")


class Tee:
    """A text stream that also logs each complete line written to it."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            shown = ESCAPES.sub("", line).rsplit("\r", 1)[-1].rstrip()
            if shown:
                OUTPUT.info(shown)
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, buffer, encoding, flush…
        return getattr(self.stream, name)


class _Run:
    handler: logging.Handler | None = None
    streams: tuple[Any, Any] | None = None


_run = _Run()


def start(path: Path, argv: Sequence[str]) -> None:
    """Append this run's lines to ``path`` from now until ``finished``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    redactor = Redactor(known_secrets(argv=argv))
    handler.addFilter(redactor)
    handler.setFormatter(VietnamTime("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    for name in ("ocop", "httpx", "scrapy"):  # their INFO lines: requests made, pages crawled
        logging.getLogger(name).setLevel(logging.INFO)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    _run.handler = handler
    _run.streams = (sys.stdout, sys.stderr)
    sys.stdout, sys.stderr = Tee(sys.stdout), Tee(sys.stderr)
    LOGGER.info("%s (pid %d)", redactor.scrub(shlex.join(["ocop", *argv])), os.getpid())


def failed(error: BaseException) -> None:
    """Record an error that ends the command (its message is printed as well)."""
    if _run.handler is not None:
        LOGGER.error("%s", error)


def finished(code: object) -> None:
    """Record the exit status and stop writing to the log file."""
    handler = _run.handler
    if handler is None:
        return
    status = 0 if code is None else code if isinstance(code, int) else 1
    LOGGER.info("exit status %s", status)
    if _run.streams is not None:
        sys.stdout, sys.stderr = _run.streams
    logging.getLogger().removeHandler(handler)
    handler.close()
    _run.handler = _run.streams = None
