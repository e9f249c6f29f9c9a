"""The HTTP values the sandbox's handlers pass around, and the body parsing both APIs share.

Handlers are plain functions from ``Request`` to ``Response`` so they can be tested without a
socket; ``server.py`` is the only module that touches the network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl

VIETNAM = timezone(timedelta(hours=7))
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BOUNDARY = re.compile(r'boundary=("[^"]+"|[^;\s]+)', re.IGNORECASE)
PART_NAME = re.compile(r'content-disposition:[^\r\n]*?\bname="([^"]*)"', re.IGNORECASE)


@dataclass
class Request:
    """One HTTP request as the handlers see it (``path`` is raw, without the query string)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: bytes = b""
    raw_query: str = ""  # as sent: APIs that repeat a key for a list read every value from it

    @classmethod
    def build(cls, method: str, target: str, headers: dict[str, str], body: bytes) -> Request:
        """Split ``target`` into path and query; empty query values count as absent."""
        path, _, raw_query = target.partition("?")
        query = {k: v for k, v in parse_qsl(raw_query, keep_blank_values=True) if v != ""}
        lowered = {k.lower(): v for k, v in headers.items()}
        return cls(method.upper(), path, query, lowered, body, raw_query)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased ("" when absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_write(self) -> bool:
        """True for methods that may change something."""
        return self.method in {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class Response:
    """What a handler answers; ``drop`` asks the server to close the socket without a reply."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
        """A JSON response in UTF-8 (Vietnamese text kept readable)."""
        body = json.dumps(payload, ensure_ascii=False).encode()
        all_headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, body, all_headers)

    @classmethod
    def html(cls, status: int, text: str, headers: dict[str, str] | None = None) -> Response:
        """An HTML page."""
        all_headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        return cls(status, text.encode(), all_headers)

    @classmethod
    def redirect(cls, location: str) -> Response:
        """A permanent redirect (storefront canonical URLs)."""
        return cls(301, b"", {"Location": location})

    @property
    def ok(self) -> bool:
        """True for a 2xx status."""
        return 200 <= self.status < 300


def is_json_request(request: Request) -> bool:
    """True when a write declares a JSON body (charset, if given, must be UTF-8)."""
    media, _, params = request.headers.get("content-type", "").partition(";")
    if media.strip().lower() != "application/json":
        return False
    charset = params.strip().lower().removeprefix("charset=").strip('"')
    return charset in {"", "utf-8", "utf8"}


def json_object(request: Request) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is not valid JSON or not an object."""
    try:
        value = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def form_fields(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body as a dict (last value wins)."""
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return {}
    return dict(parse_qsl(text, keep_blank_values=True))


def multipart_file(request: Request, name: str) -> bytes | None:
    """The bytes of the multipart form field ``name`` (None when the body has no such part).

    Split on the boundary by hand: the stdlib email parser walks binary bodies line by line,
    which takes seconds for a few megabytes.
    """
    if request.content_type != "multipart/form-data":
        return None
    boundary = BOUNDARY.search(request.headers.get("content-type", ""))
    if boundary is None:
        return None
    delimiter = b"--" + boundary.group(1).strip('"').encode()
    for part in request.body.split(delimiter)[1:]:
        head, sep, content = part.partition(b"\r\n\r\n")
        disposition = PART_NAME.search(head.decode("utf-8", "replace"))
        if sep and disposition is not None and disposition.group(1) == name:
            return content.removesuffix(b"\r\n")
    return None


def image_type(data: bytes) -> str | None:
    """``image/jpeg`` or ``image/png`` judged by the bytes themselves, else None."""
    if data.startswith(JPEG_MAGIC):
        return "image/jpeg"
    if data.startswith(PNG_MAGIC):
        return "image/png"
    return None


def now_iso() -> str:
    """The current time in ISO 8601 with Vietnam's offset, to the second."""
    return datetime.now(UTC).astimezone(VIETNAM).isoformat(timespec="seconds")


def is_http_url(value: object) -> bool:
    """True for an absolute http(s) URL with a host."""
    if not isinstance(value, str):
        return False
    scheme, sep, rest = value.partition("://")
    return bool(sep) and scheme.lower() in {"http", "https"} and bool(rest.split("/")[0])


def is_decimal(text: str) -> bool:
    """True for a non-empty run of ASCII digits (``str.isdigit`` also accepts "²" or "৩")."""
    return text.isascii() and text.isdigit()
