"""What a connector package builds its seller API on, so that it writes only its own contract.

Every HTTP connector opens the same way: an ``httpx`` client for the marketplace's API URL
(``ocop.http.make_client``), a retry policy, a client-side rate limiter paced by its
``Capabilities``, all three replaceable by tests and benchmarks (``HttpOptions``, the keywords
of ``from_config``), and every call sent through ``ocop.http.exchange``. ``SellerApi`` holds
them and binds ``exchange`` to them::

    class MyConnector:
        def __init__(self, config, key, **options: Unpack[HttpOptions]) -> None:
            self.api = SellerApi.open(NAME, config.api_url, CAPABILITIES, **options)

        def _call(self, method, path, operation, model):
            def build(): ...             # the request, signed or with its token: the package's
            def read(response, body): ...  # its envelope → model or an ocop.errors class
            return self.api.exchange(build, read, operation=operation, write=method != "GET")

A listing's fields cross the wire under the marketplace's own names; ``FieldNames`` says them
once and serves both ways (a draft's request body, an answer's ``RemoteListing`` fields). What
is a package's own — how a call is signed, the envelope and error codes, paging, statuses,
images, the OCOP badge — stays in the package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

import httpx

from ocop.connector import Capabilities, ListingDraft
from ocop.http import RetryPolicy, TokenBucket, exchange, make_client


class HttpOptions(TypedDict, total=False):
    """What a test or benchmark may replace in a connector (``from_config``'s keywords)."""

    transport: httpx.BaseTransport | None  # the HTTP transport (a recording one, a mock)
    policy: RetryPolicy | None  # retries and their waits
    limiter: TokenBucket | None  # the client-side pace


@dataclass
class SellerApi:
    """One marketplace's seller API over HTTP: its client, retry policy and rate limiter."""

    name: str  # the marketplace, as errors name it
    client: httpx.Client
    policy: RetryPolicy
    limiter: TokenBucket | None

    @classmethod
    def open(
        cls,
        name: str,
        api_url: str,
        capabilities: Capabilities,
        *,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        limiter: TokenBucket | None = None,
    ) -> SellerApi:
        """The API at ``api_url``: the default retry policy, and the pace ``capabilities``
        declare, unless replaced."""
        return cls(
            name,
            make_client(api_url, transport=transport),
            policy or RetryPolicy(),
            limiter or TokenBucket.for_capabilities(capabilities),
        )

    def exchange(
        self,
        build: Callable[[], httpx.Request],
        read: Callable[[httpx.Response, Any], Any],
        *,
        operation: str,
        write: bool,
        paced: bool = True,
    ) -> Any:
        """``ocop.http.exchange`` on this API (``paced``: through the rate limiter; an
        endpoint the marketplace does not count, such as a token's, is not)."""
        return exchange(
            self.client,
            build,
            read,
            marketplace=self.name,
            operation=operation,
            write=write,
            limiter=self.limiter if paced else None,
            policy=self.policy,
        )

    def close(self) -> None:
        """Release the HTTP connections."""
        self.client.close()


@dataclass(frozen=True)
class FieldNames:
    """A marketplace's names for the listing fields ocop sends and reads back as they are.

    ``names`` maps a field of ``ListingDraft`` (and of ``RemoteListing``: they share these
    names) to the marketplace's; fields that change shape on the way (images, statuses, the
    OCOP badge) are the package's to add."""

    names: Mapping[str, str]

    def body(self, draft: ListingDraft, **own: Any) -> dict[str, Any]:
        """The request body fields of ``draft``, in ``names``' order, then ``own``."""
        return {wire: getattr(draft, field) for field, wire in self.names.items()} | own

    def read(self, answer: Any) -> dict[str, Any]:
        """The ``RemoteListing`` fields of an answer (a model with the marketplace's names)."""
        return {field: getattr(answer, wire) for field, wire in self.names.items()}
