"""Signed calls to Shopee Open Platform v2: the one boundary where answers become ocop values.

``ShopeeClient.call(name, model, ...)`` looks the call up in Shopee's documentation
(``apidoc``): its path, its method (GET parameters in the query, POST a JSON body) and whether
it is a Shop call (signed with access token and shop id) or a Public one. Transport failures
are translated by ``ocop.http.exchange``; Shopee's ``error`` names by ``ocop_shopee.errors``;
the ``response`` (or the flat answer) is validated by the call's pydantic model, so a malformed
answer is a ``ConnectorError`` naming the call and the field.

Retries never duplicate anything:
    reads, and writes that set a value (update_*, unlist_item)   every transient failure
    calls that create or consume something (add_item, add_model,  only when nothing was sent
    init_tier_variation, upload_image, delete_*, the two token    (connect error) or the call
    calls: a code and a refresh token are single-use)             was refused by the rate limit
A Shop call refused for its access token is repeated once after a refresh (the refusal had no
effect). The query carries the access token, so httpx's request log lines are redacted here.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from ocop.answers import problem_of
from ocop.connector_kit import SellerApi
from ocop.credentials import Secret
from ocop.errors import MalformedAnswer, PermanentError
from ocop.http import RetryPolicy, TokenBucket, json_content, make_client
from ocop.i18n import _
from ocop_shopee import apidoc, doccheck
from ocop_shopee.errors import NAME, TokenInvalid, error_for
from ocop_shopee.signing import signed_query
from ocop_shopee.tokens import ShopTokens, TokenKeeper

M = TypeVar("M", bound=BaseModel)

NOT_REPEATABLE = frozenset({
    "product.add_item", "product.add_model", "product.init_tier_variation",
    "media_space.upload_image", "product.delete_item", "product.delete_model",
    "public.get_access_token", "public.refresh_access_token",
})  # fmt: skip
CREATES = frozenset({"product.add_item", "product.add_model", "product.init_tier_variation"})
SECRET_QUERY = re.compile(r"((?:access_token|sign|code|refresh_token)=)[^&\s\"]+")


class _RedactQuery(logging.Filter):
    """Masks tokens and signatures in the request URLs httpx logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                SECRET_QUERY.sub(r"\1********", str(a)) if isinstance(a, httpx.URL | str) else a
                for a in record.args
            )
        record.msg = SECRET_QUERY.sub(r"\1********", str(record.msg))
        return True


def redact_httpx_logs() -> None:
    """Install the redacting filter on httpx's logger (once per process)."""
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactQuery) for f in logger.filters):
        logger.addFilter(_RedactQuery())


def _malformed(call: str, exc: ValidationError) -> MalformedAnswer:
    """What does not fit the model: a read's permanent error (``ocop.answers``); for a write,
    ``ocop.http.exchange`` makes it ``OutcomeUnknown`` (the write may have landed)."""
    return MalformedAnswer(NAME, call, problem_of(exc))


class ShopeeClient:
    """Signed, typed calls for one partner (and, for Shop calls, one shop's tokens)."""

    def __init__(
        self,
        api_url: str,
        partner_id: int,
        partner_key: Secret,
        *,
        tokens: TokenKeeper | None = None,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        limiter: TokenBucket | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.partner_id = partner_id
        self._key = partner_key
        self.tokens = tokens
        self.api = SellerApi(
            NAME, make_client(self.api_url, transport=transport), policy or RetryPolicy(), limiter
        )
        self._clock = clock
        self._base_path = httpx.URL(self.api_url).path.rstrip("/")
        redact_httpx_logs()

    def close(self) -> None:
        """Release the HTTP connections."""
        self.api.close()

    def call(
        self,
        name: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        remote_id: str | None = None,
        operation: str | None = None,
    ) -> M:
        """Call the documented API ``name`` and validate its answer with ``model``."""
        endpoint = apidoc.endpoint(name)
        if not endpoint.shop:
            return self._send(endpoint, model, None, params, body, files, remote_id, operation)
        if self.tokens is None:
            raise PermanentError(NAME, _("{call} needs the shop's tokens").format(call=name))
        tokens = self.tokens.current()
        try:
            return self._send(endpoint, model, tokens, params, body, files, remote_id, operation)
        except TokenInvalid:
            fresh = self.tokens.refresh(tokens.access_token)
        return self._send(endpoint, model, fresh, params, body, files, remote_id, operation)

    def _send(
        self,
        endpoint: apidoc.Endpoint,
        model: type[M],
        tokens: ShopTokens | None,
        params: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None,
        files: Mapping[str, Any] | None,
        remote_id: str | None,
        operation: str | None,
    ) -> M:
        path = self._base_path + endpoint.path  # signed over the path exactly as sent
        label = operation or endpoint.name

        def build() -> httpx.Request:  # signed afresh on every attempt: the timestamp moves
            access = (tokens.access_token.reveal(), tokens.shop_id) if tokens else (None, None)
            common = signed_query(self.partner_id, self._key, path, int(self._clock()), *access)
            own = doccheck.encode_query(endpoint, params or {})
            query: list[tuple[str, str | int | float | bool | None]] = [*own, *common.items()]
            options: dict[str, Any] = {"files": files} if files else {}
            if endpoint.method == "POST" and not files:
                options = json_content(dict(body or {}))
            return self.api.client.build_request(
                endpoint.method, endpoint.path, params=query, **options
            )

        def read(response: httpx.Response, answer: Any) -> M:
            return self._read(endpoint, model, response.status_code, answer, label, remote_id)

        return self.api.exchange(  # type: ignore[no-any-return]
            build,
            read,
            operation=label,
            write=endpoint.name in NOT_REPEATABLE,
            paced=not endpoint.name.startswith("public."),
        )

    def _read(
        self,
        endpoint: apidoc.Endpoint,
        model: type[M],
        status: int,
        answer: Any,
        label: str,
        remote_id: str | None,
    ) -> M:
        if not isinstance(answer, dict) or "error" not in answer:
            problem = _("no envelope (HTTP {status})").format(status=status)
            raise MalformedAnswer(NAME, label, problem)
        if answer["error"]:
            raise error_for(
                str(answer["error"]),
                str(answer.get("message") or ""),
                operation=label,
                creates=endpoint.name in CREATES,
                remote_id=remote_id,
            )
        data = answer if endpoint.flat else answer.get("response", {})
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise _malformed(label, exc) from None
