"""Where the state lives: a SQLite file path, or a ``postgresql://`` URL.

A URL may carry a password (``postgresql://ocop:secret@db/ocop``, or ``?password=`` in its
query). It is used to connect and nowhere else: every message, log line and ``repr`` shows the
``redact``-ed form, and errors from the driver are scrubbed of the secret before they are shown.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

URL_SCHEMES = ("postgresql", "postgres")
MASK = "***"
_SECRET_KEYS = frozenset({"password", "sslpassword"})


def is_url(location: str | Path) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) URL."""
    return isinstance(location, str) and location.split("://", 1)[0].lower() in URL_SCHEMES


def redact(location: str | Path) -> str:
    """The location as it may be shown: a URL's password (and ``password=``) masked."""
    if not is_url(location):
        return str(location)
    text = str(location)
    try:
        parts = urlsplit(text)
    except ValueError:  # a malformed URL is shown only by its scheme
        return text.split("://", 1)[0] + "://" + MASK
    netloc = parts.netloc
    userinfo, at, host = netloc.rpartition("@")
    if at and ":" in userinfo:
        netloc = f"{userinfo.split(':', 1)[0]}:{MASK}@{host}"
    query = urlencode(
        [(k, MASK if k.lower() in _SECRET_KEYS else v) for k, v in parse_qsl(parts.query)],
        safe="/:,*",
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def secrets_of(location: str | Path) -> list[str]:
    """The secret strings a location carries, as typed and decoded (to scrub error texts)."""
    if not is_url(location):
        return []
    text = str(location)
    found: list[str] = []
    try:
        parts = urlsplit(text)
        userinfo, at, _host = parts.netloc.rpartition("@")
        if at and ":" in userinfo:
            found.append(userinfo.split(":", 1)[1])
        found += [v for k, v in parse_qsl(parts.query) if k.lower() in _SECRET_KEYS]
    except ValueError:
        pass
    every = set(found) | {unquote(s) for s in found} | {quote(s, safe="") for s in found}
    return sorted((s for s in every if s), key=len, reverse=True)


def scrub(text: str, location: str | Path) -> str:
    """``text`` (a driver's error message) with the location's secrets masked."""
    for secret in secrets_of(location):
        text = text.replace(secret, MASK)
    # libpq echoes a conninfo string back in some errors: mask any password=... it shows
    return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", rf"\1{MASK}", text, flags=re.IGNORECASE)
