"""The one error boundary and the retry policy, on httpx.MockTransport (no network)."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable

import httpx
import pytest

from ocop.errors import (
    ConnectorError,
    OutcomeUnknown,
    PermanentError,
    RateLimited,
    TransientError,
    Unreachable,
)
from ocop.http import RetryPolicy, TokenBucket, exchange, translate_errors

HTTPX_ERRORS = [
    cls
    for _, cls in inspect.getmembers(httpx, inspect.isclass)
    if issubclass(cls, Exception) and cls.__module__.startswith("httpx")
]


def make(cls: type[Exception]) -> Exception:
    request = httpx.Request("POST", "http://127.0.0.1/x")
    if cls is httpx.HTTPStatusError:
        return cls("boom", request=request, response=httpx.Response(500, request=request))
    if issubclass(cls, httpx.RequestError) or cls in (httpx.TooManyRedirects,):
        return cls("boom", request=request)
    if cls is httpx.StreamClosed or cls is httpx.StreamConsumed:
        return cls()
    if cls in (httpx.ResponseNotRead, httpx.RequestNotRead):
        return cls()
    return cls("boom")


def test_the_error_list_is_the_whole_of_httpx() -> None:
    assert httpx.ConnectError in HTTPX_ERRORS and httpx.InvalidURL in HTTPX_ERRORS
    assert len(HTTPX_ERRORS) >= 25


@pytest.mark.parametrize("cls", HTTPX_ERRORS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("write", [False, True], ids=["read", "write"])
def test_every_httpx_exception_is_translated(cls: type[Exception], write: bool) -> None:
    with pytest.raises(ConnectorError) as caught, translate_errors("voso", "op", write=write):
        raise make(cls)
    error = caught.value
    assert "boom" not in str(error)  # httpx messages may quote URLs: never passed on
    if issubclass(cls, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        assert isinstance(error, Unreachable)
    elif issubclass(cls, httpx.ReadTimeout | httpx.RemoteProtocolError | httpx.ReadError):
        assert isinstance(error, OutcomeUnknown if write else TransientError)
        assert not isinstance(error, Unreachable)
    elif issubclass(cls, httpx.InvalidURL | httpx.UnsupportedProtocol):
        assert isinstance(error, PermanentError)


Handler = Callable[[httpx.Request], httpx.Response]


def run(
    handler: Handler, *, write: bool, policy: RetryPolicy | None = None
) -> tuple[object, list[httpx.Request], RetryPolicy]:
    seen: list[httpx.Request] = []

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    policy = policy or RetryPolicy(sleep=lambda s: None)
    client = httpx.Client(transport=httpx.MockTransport(recording), base_url="http://t")
    try:
        result: object = exchange(
            client,
            lambda: client.build_request("POST" if write else "GET", "/x"),
            lambda response, body: body["data"],
            marketplace="m",
            operation="op",
            write=write,
            limiter=None,
            policy=policy,
        )
    except ConnectorError as exc:
        result = exc
    return result, seen, policy


def replies(*responses: httpx.Response | Exception) -> Handler:
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    return handler


OK = httpx.Response(200, json={"data": 7})
HTML_502 = httpx.Response(502, html="<html><body>Bad Gateway</body></html>")


def test_a_read_is_retried_through_an_html_502_and_an_empty_503() -> None:
    result, seen, _ = run(replies(HTML_502, httpx.Response(503), OK), write=False)
    assert result == 7 and len(seen) == 3


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_write_answered_with_5xx_is_unknown_and_sent_once(status: int) -> None:
    result, seen, _ = run(replies(httpx.Response(status), OK), write=True)
    assert isinstance(result, OutcomeUnknown) and len(seen) == 1


def test_a_write_that_timed_out_after_sending_is_not_repeated() -> None:
    result, seen, _ = run(replies(httpx.ReadTimeout("t"), OK), write=True)
    assert isinstance(result, OutcomeUnknown) and len(seen) == 1


def test_a_write_that_never_connected_is_sent_again() -> None:
    result, seen, _ = run(replies(httpx.ConnectError("refused"), OK), write=True)
    assert result == 7 and len(seen) == 2


def test_retry_after_is_honoured_with_a_cap() -> None:
    slept: list[float] = []
    policy = RetryPolicy(sleep=slept.append, cap=30)
    limited = httpx.Response(429, headers={"Retry-After": "2"}, json={})
    very = httpx.Response(429, headers={"Retry-After": "3600"}, json={})
    result, seen, _ = run(replies(limited, very, OK), write=True, policy=policy)
    assert len(seen) == 3
    assert result == 7 and slept == [2.0, 30.0]


def test_without_retry_after_the_backoff_grows_with_jitter() -> None:
    slept: list[float] = []
    policy = RetryPolicy(sleep=slept.append, initial=0.5, attempts=5)
    limited = httpx.Response(429, json={"code": 42900, "message": "ApiCallLimit"})
    result, _, _ = run(replies(limited), write=False, policy=policy)
    assert isinstance(result, RateLimited) and result.retry_after is None
    assert len(slept) == 4
    for attempt, wait in enumerate(slept):
        assert 0.25 * 2**attempt <= wait <= 0.5 * 2**attempt


def test_non_json_success_is_a_clear_error() -> None:
    result, _, _ = run(replies(httpx.Response(200, text="<html>login</html>")), write=False)
    assert isinstance(result, PermanentError) and "not JSON" in str(result)


def test_token_bucket_spaces_calls_after_the_burst() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    bucket = TokenBucket(5, 5, clock=lambda: now[0], sleep=sleep)
    waits = [bucket.acquire() for _ in range(10)]
    assert waits[:5] == [0.0] * 5
    assert all(w == pytest.approx(0.2) for w in waits[5:])
    assert now[0] == pytest.approx(1.0)


def test_payload_is_json_with_declared_charset() -> None:
    from ocop.http import json_content

    kwargs = json_content({"name": "Chè"})
    assert kwargs["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(kwargs["content"]) == {"name": "Chè"}
