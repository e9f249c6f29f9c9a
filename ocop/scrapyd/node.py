"""One Scrapyd server, through its JSON API (https://scrapyd.readthedocs.io/en/latest/api.html).

This module is the one boundary between ``httpx`` and the rest of ``ocop.scrapyd``: a network
failure, a timeout or a 5xx becomes ``NodeUnreachable``, a 401/403 ``NodeRefused``, and an
answer ``{"status": "error", "message": …}`` ``NodeAnswered``. Credentials come from the URL's
user info or, better (a command line is visible to every user of the machine), from
``OCOP_SCRAPYD_USERNAME`` / ``OCOP_SCRAPYD_PASSWORD`` or ``[scrapyd]`` in the credentials file;
they are sent as HTTP basic auth and never shown: a node shows itself by ``label``, its URL
without user info.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

from ocop.credentials import Credentials
from ocop.http import USER_AGENT
from ocop.i18n import _
from ocop.scrapyd.errors import NodeAnswered, NodeRefused, NodeUnreachable, ScrapydError

TIMEOUT = httpx.Timeout(30.0, connect=5.0)


def node_label(url: str) -> str:
    """``url`` as it may be shown: without its user info (a password may be in it)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))


def check_url(url: str) -> str:
    """``url`` if it can name a Scrapyd server, else ``ScrapydError`` saying what is wrong."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a port that is not a number)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ScrapydError(
            _("{url}: not a Scrapyd URL (expected http://HOST:PORT)").format(url=node_label(url))
        )
    return url


class Node:
    """A Scrapyd server: its API calls, each answer checked and each failure translated."""

    def __init__(
        self,
        url: str,
        *,
        credentials: Credentials | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        parts = urlsplit(check_url(url))
        self.label = node_label(url)
        userinfo, at, _host = parts.netloc.rpartition("@")
        auth = _auth(userinfo if at else "", credentials or Credentials("scrapyd"))
        self._client = httpx.Client(
            base_url=self.label,
            auth=auth,
            timeout=TIMEOUT,
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"Node({self.label!r})"

    def close(self) -> None:
        """Close the connections to the server."""
        self._client.close()

    # --- the JSON API -------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        """``daemonstatus.json``: pending, running and finished job counts; proves it answers."""
        return self._call("GET", "daemonstatus.json")

    def versions(self, project: str) -> list[str]:
        """The versions of ``project`` the server holds, as it stores them (sanitised)."""
        return list(self._call("GET", "listversions.json", params={"project": project})["versions"])

    def add_version(self, project: str, version: str, egg: bytes) -> None:
        """Upload an egg as ``project``'s ``version`` (Scrapyd lists its spiders to accept it)."""
        files = {"egg": ("ocop.egg", egg, "application/octet-stream")}
        self._call(
            "POST", "addversion.json", data={"project": project, "version": version}, files=files
        )

    def spiders(self, project: str, version: str) -> list[str]:
        """The spiders ``version`` of ``project`` has on this server (``scrapy list`` there)."""
        params = {"project": project, "_version": version}
        return list(self._call("GET", "listspiders.json", params=params)["spiders"])

    def schedule(
        self,
        project: str,
        spider: str,
        *,
        version: str,
        job: str,
        arguments: dict[str, str],
        settings: dict[str, str],
    ) -> None:
        """Queue a crawl with our own job id; ``arguments`` become the spider's ``-a``."""
        data: dict[str, str | list[str]] = {
            **arguments,
            "project": project,
            "spider": spider,
            "_version": version,
            "jobid": job,
            "setting": [f"{key}={value}" for key, value in settings.items()],
        }
        self._call("POST", "schedule.json", data=data)

    def job_state(self, project: str, job: str) -> str | None:
        """``pending``, ``running``, ``finished``, or None when the server does not know it."""
        state = self._call("GET", "status.json", params={"project": project, "job": job})
        found = state.get("currstate")
        return str(found) if found else None

    def cancel(self, project: str, job: str) -> None:
        """Stop a job (Scrapy shuts a running one down gracefully)."""
        self._call("POST", "cancel.json", data={"project": project, "job": job})

    def fetch(self, path: str) -> str | None:
        """A file the server publishes (``/items/…``, ``/logs/…``), or None when it has none."""
        response = self._send("GET", path)
        if response.status_code == 404:
            return None
        self._check_status(response)
        return response.content.decode("utf-8", "replace")

    # --- the boundary -------------------------------------------------------------------------

    def _call(self, method: str, endpoint: str, **kwargs: Any) -> dict[str, Any]:
        response = self._send(method, endpoint, **kwargs)
        self._check_status(response)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise NodeUnreachable(self.label, _("the answer is not Scrapyd's JSON"))
        if body.get("status") != "ok":
            raise NodeAnswered(self.label, str(body.get("message") or body))
        return body

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise NodeUnreachable(self.label, f"{type(exc).__name__}: {exc}") from None

    def _check_status(self, response: httpx.Response) -> None:
        code = response.status_code
        if code in (401, 403):
            raise NodeRefused(self.label, code)
        if code >= 400:
            raise NodeUnreachable(self.label, f"HTTP {code}")


def _auth(userinfo: str, credentials: Credentials) -> tuple[str, str] | None:
    """Basic auth from the URL's user info, else from the environment or credentials file."""
    if userinfo:
        name, _sep, password = userinfo.partition(":")
        return unquote(name), unquote(password)
    user = credentials.get("username")
    if not user:
        return None
    # httpx keeps the pair in its Authorization header only; it is never logged or shown
    return user, credentials.secret("password").reveal()
