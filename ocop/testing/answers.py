"""Every connector's answer parsing, fuzzed: no exception but ``ocop.errors`` ever leaves it.

Subclass ``AnswerFuzz`` with ``marketplace = "name"``. The suite first drives the real
connector against its own sandbox and records every answer (status, body) by route; then
Hypothesis replays those answers through an ``httpx.MockTransport``, one of them broken: a
key dropped, a value of another type, the whole body replaced, HTML instead of JSON, another
status. Whatever the connector makes of it, only a ``ConnectorError`` may come out, and it
must stop asking (a lying page count or a cursor that does not move cannot loop forever).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop.connector import Connector, ListingDraft, OfferUpdate
from ocop.errors import ConnectorError
from ocop.http import RetryPolicy, TokenBucket
from ocop.sandbox import MarketSandbox
from ocop.testing.contract import ConnectorFixtures
from ocop.testing.harness import new_sku, open_on, tiny_png

MAX_REQUESTS = 200  # a connector still asking after this many answers is looping
STATUSES = [200, 201, 202, 204, 301, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
KINDS = st.sampled_from(["drop", "replace", "body", "status", "html", "truncated"])


class Looping(Exception):
    """The connector kept asking: a lying answer sent it round in circles."""


@dataclass(frozen=True)
class Recorded:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Breakage:
    """One answer to break (by its place among the call's requests) and how."""

    target: int
    kind: str
    where: int
    value: Any
    status: int


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _broken_json(data: Any, breakage: Breakage) -> Any:
    paths = list(_paths(data))
    path = paths[breakage.where % len(paths)]
    if not path or breakage.kind == "body":
        return breakage.value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if breakage.kind == "drop":
        del parent[path[-1]]
    else:
        parent[path[-1]] = breakage.value
    return data


def broken(answer: Recorded, breakage: Breakage) -> httpx.Response:
    """``answer`` with ``breakage`` applied."""
    headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
    if breakage.kind == "status":
        return httpx.Response(breakage.status, headers=headers, content=answer.body)
    if breakage.kind == "html":
        return httpx.Response(
            200,
            headers={"Content-Type": "text/html"},
            content=b"<html><body>Bad gateway</body></html>",
        )
    if breakage.kind == "truncated":
        return httpx.Response(answer.status, headers=headers, content=answer.body[:-7])
    try:
        data = json.loads(answer.body)
    except ValueError:
        data = None
    content = json.dumps(_broken_json(data, breakage)).encode()
    return httpx.Response(answer.status, headers=headers, content=content)


class Recorder(httpx.HTTPTransport):
    """A real transport that keeps the last answer to each route."""

    def __init__(self, route: Callable[[httpx.Request], str]) -> None:
        super().__init__()
        self.route = route
        self.answers: dict[str, Recorded] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        body = response.read()
        self.answers[self.route(request)] = Recorded(
            response.status_code, dict(response.headers), body
        )
        return httpx.Response(response.status_code, headers=response.headers, content=body)


class Replayer:
    """Answers every request with its route's recorded answer, one of them broken."""

    def __init__(
        self,
        answers: dict[str, Recorded],
        route: Callable[[httpx.Request], str],
        breakage: Breakage,
    ) -> None:
        self.answers = answers
        self.route = route
        self.breakage = breakage
        self.seen = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen += 1
        if self.seen > MAX_REQUESTS:
            raise Looping(f"{self.seen} requests for one call")
        answer = self.answers.get(self.route(request))
        if answer is None:
            return httpx.Response(404, content=b"")
        if self.seen - 1 == self.breakage.target:
            return broken(answer, self.breakage)
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body)


BREAKAGES = st.builds(
    Breakage,
    target=st.integers(0, 2),
    kind=KINDS,
    where=st.integers(0, 500),
    value=JSON,
    status=st.sampled_from(STATUSES),
)
Call = Callable[[Connector], object]
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


class AnswerFuzz(ConnectorFixtures):
    """Broken answers to every call of the ``Connector`` protocol; set ``marketplace``."""

    marketplace: ClassVar[str]
    OPERATIONS: ClassVar[tuple[str, ...]] = (
        "shop", "categories", "upload_image", "iter_listings", "find_by_sku", "get",
        "create", "update_content", "review", "update_offers", "delist", "relist",
    )  # fmt: skip

    @pytest.fixture(scope="class")
    @classmethod
    def recorded(cls, market: MarketSandbox) -> tuple[dict[str, Recorded], dict[str, Call]]:
        """Every call made once against the sandbox; its answers, and the calls to replay."""
        market.set_faults(rate_limit=0)
        market.set_moderation(delay_s=0)
        suite = cls()
        recorder = Recorder(suite.route_of(market))
        connector = suite.opened(market, recorder)
        try:
            calls = suite.calls(market, connector)
            for call in calls.values():
                call(connector)
        finally:
            connector.close()
        return recorder.answers, calls

    def route_of(self, market: MarketSandbox) -> Callable[[httpx.Request], str]:
        pattern: re.Pattern[str] = market.id_segment

        def route(request: httpx.Request) -> str:
            return f"{request.method} {pattern.sub('/{id}', request.url.path)}"

        return route

    def opened(self, market: MarketSandbox, transport: httpx.BaseTransport) -> Connector:
        policy = RetryPolicy(attempts=2, initial=0.0, cap=0.0, sleep=lambda _s: None)
        return open_on(
            self.descriptor, market, transport=transport, policy=policy,
            limiter=TokenBucket.unlimited(),
        )  # fmt: skip

    def calls(self, market: MarketSandbox, connector: Connector) -> dict[str, Call]:
        """One call per operation, with arguments read from the sandbox once."""
        draft: ListingDraft = self.draft(connector, new_sku("FUZZ"))
        image = connector.upload_image(tiny_png(3), "fuzz.png")
        remote_id = self.live(market, connector, draft)
        request_id = connector.update_content(remote_id, draft, [image]).request_id
        calls: dict[str, Call] = {
            "shop": lambda c: c.shop(),
            "categories": lambda c: c.categories(),
            "upload_image": lambda c: c.upload_image(tiny_png(4), "x.png"),
            "iter_listings": lambda c: list(c.iter_listings()),
            "find_by_sku": lambda c: c.find_by_sku(draft.sku),
            "get": lambda c: c.get(remote_id),
            "create": lambda c: c.create(replace(draft, sku=new_sku("FUZZ")), [image]),
            "update_content": lambda c: c.update_content(remote_id, draft, [image]),
            "update_offers": lambda c: c.update_offers([OfferUpdate(remote_id, 99_000, 3)]),
            "delist": lambda c: c.set_listed(remote_id, False),
            "relist": lambda c: c.set_listed(remote_id, True),
        }
        if request_id is not None:
            calls["review"] = lambda c: c.review(request_id)
        return calls

    @pytest.mark.parametrize("operation", OPERATIONS)
    def test_a_broken_answer_raises_only_a_connector_error(
        self,
        operation: str,
        market: MarketSandbox,
        recorded: tuple[dict[str, Recorded], dict[str, Call]],
    ) -> None:
        answers, calls = recorded
        if operation not in calls:
            pytest.skip(f"{self.marketplace} has no {operation}")
        route = self.route_of(market)

        @FUZZ
        @given(breakage=BREAKAGES)
        def fuzz(breakage: Breakage) -> None:
            replayer = Replayer(answers, route, breakage)
            connector = self.opened(market, httpx.MockTransport(replayer))
            try:
                calls[operation](connector)
            except ConnectorError as exc:
                assert str(exc).startswith(f"{self.marketplace}: ")  # names the marketplace
            finally:
                connector.close()

        fuzz()
