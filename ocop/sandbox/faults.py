"""Injected faults: the behaviour of a real marketplace's proxy, network and bot defences.

Per marketplace: added latency, a share of requests failing with 5xx before any effect, and a
share of successful writes that are committed and then answered with 504 or a dropped
connection. Draws come from one seedable RNG so tests are deterministic. What the proxy's
error looks like is the marketplace's own (``proxy_error``; an empty body by default).

The storefront's defences against crawlers, on the pages (robots.txt apart), for a share
``page_fault_rate`` of them: ``page_status`` answers that status (403, 429, 503…);
``page_captcha`` answers 200 with a captcha page that carries an ``og:title`` (the page that
lies); ``page_captcha_redirect`` answers 302 to a captcha page. ``robots_disallow`` makes
robots.txt say ``Disallow: /``.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields

from ocop.sandbox.wire import Response

REASONS = {502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}
# status (502, 503 or 504) → what the marketplace's proxy answers with it
ProxyError = Callable[[int], Response]


def empty_proxy_error(status: int) -> Response:
    """A 5xx with an empty body: no envelope, nothing to read."""
    return Response(status, b"")


def nginx_proxy_error(status: int) -> Response:
    """A 5xx as a bare nginx proxy sends it: an HTML page, not the API's JSON."""
    reason = REASONS[status]
    page = (
        f"<html><head><title>{status} {reason}</title></head><body>"
        f"<center><h1>{status} {reason}</h1></center><hr><center>nginx</center></body></html>"
    )
    return Response.html(status, page)


@dataclass
class FaultSettings:
    """The knobs of one marketplace; rates are shares between 0 and 1."""

    latency_ms: int = 0
    fail_before_rate: float = 0.0
    commit_then_504_rate: float = 0.0
    drop_after_commit_rate: float = 0.0
    rate_limit: float = 0.0  # requests per second per caller; 0 = unlimited
    burst: int = 1
    page_status: int = 0  # storefront pages answered with this HTTP status (0: off)
    page_captcha: int = 0  # 1: storefront pages answered 200 with a captcha page
    page_captcha_redirect: int = 0  # 1: storefront pages redirected (302) to a captcha page
    page_fault_rate: float = 1.0  # the share of storefront pages the three above hit
    robots_disallow: int = 0  # 1: robots.txt disallows every page

    def as_dict(self) -> dict[str, float | int]:
        """The settings as a JSON-friendly dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


KNOBS = frozenset(f.name for f in fields(FaultSettings))
INTEGERS = frozenset(f.name for f in fields(FaultSettings) if f.type in (int, "int"))
CAPTCHA_PATH = "/xac-minh"  # where a redirected crawler is sent
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


def captcha_page(site: str) -> Response:
    """A bot check as CDNs serve one: 200, an og:title, no product, a reCAPTCHA widget."""
    page = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{site}</title>"
        f'<meta property="og:title" content="{site} - Mua sắm trực tuyến">'
        '</head><body><div class="challenge"><h1>Xác minh bạn không phải là robot</h1>'
        '<div class="g-recaptcha" data-sitekey="sandbox"></div></div></body></html>'
    )
    return Response.html(200, page)


class Faults:
    """The fault settings of one marketplace and the draws that apply them."""

    def __init__(
        self,
        marketplace: str,
        settings: FaultSettings,
        rng: random.Random,
        *,
        proxy_error: ProxyError | None = None,
    ) -> None:
        self.marketplace = marketplace
        self.settings = settings
        self._rng = rng
        self._lock = threading.Lock()
        self._proxy_error = proxy_error or empty_proxy_error

    def update(self, **knobs: float) -> None:
        """Change some knobs; unknown names are refused with ``ValueError``."""
        unknown = set(knobs) - KNOBS
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        for name, value in knobs.items():
            kind = int if name in INTEGERS else float
            if value is None or kind(value) < 0:
                raise ValueError(f"{name} must be a non-negative number")
            setattr(self.settings, name, kind(value))

    def _draw(self, rate: float) -> bool:
        if rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < rate

    def before(self) -> Response | None:
        """A 502/503 from the proxy (no effect happens), or None to go on."""
        if not self._draw(self.settings.fail_before_rate):
            return None
        with self._lock:
            status = self._rng.choice((502, 503))
        return self._proxy_error(status)

    def after_commit(self, response: Response) -> Response:
        """Replace a successful write's answer by a 504 or a dropped connection, sometimes."""
        if not response.ok:
            return response
        if self._draw(self.settings.commit_then_504_rate):
            return self._proxy_error(504)
        if self._draw(self.settings.drop_after_commit_rate):
            return Response(0, drop=True)
        return response

    def robots(self) -> Response | None:
        """robots.txt disallowing everything, or None to serve the marketplace's own."""
        if not self.settings.robots_disallow:
            return None
        return Response(200, DISALLOW_ALL, {"Content-Type": "text/plain; charset=utf-8"})

    def page(self, site: str, path: str) -> Response | None:
        """A storefront page's fault (blocked, captcha, redirect to a captcha), or None."""
        settings = self.settings
        if path == CAPTCHA_PATH:
            return captcha_page(site)
        wanted = settings.page_status or settings.page_captcha or settings.page_captcha_redirect
        if not wanted or not self._draw(settings.page_fault_rate):
            return None
        if settings.page_status:
            body = f"<html><body><h1>{settings.page_status}</h1></body></html>"
            return Response.html(settings.page_status, body)
        if settings.page_captcha:
            return captcha_page(site)
        return Response(302, b"", {"Location": f"{CAPTCHA_PATH}?next={path}"})
