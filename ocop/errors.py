"""Exceptions raised by ocop.

Every exception here is user-facing: the CLI prints ``str(exc)`` without a traceback and exits
non-zero. Anything else reaching the CLI is a bug. Each class keeps its inputs as attributes and
builds one full sentence (already translated) as its message.

    OcopError
    ├── CatalogError                 catalog.yaml cannot be used; the user can fix it
    │   ├── CatalogFileError         unreadable, too large, not UTF-8        (.path)
    │   └── CatalogInvalid           read, but has problems                  (.problems)
    ├── ConfigError                  settings or credentials missing or unsafe
    ├── StateError                   state database missing, unreachable, or from a newer ocop
    │   └── StateLocked              another push holds a scope on a marketplace (.scope .holder)
    ├── UnsafePlanError              a push would delist most listings        (.marketplace)
    ├── UnknownConnectorError        no connector installed under that name  (.name .known)
    └── ConnectorError               a marketplace call failed               (.marketplace)
        ├── TransientError           worth retrying later: network, 5xx, timeouts
        │   ├── Unreachable          the request never reached the server: nothing happened
        │   ├── RateLimited          the marketplace asked us to slow down   (.retry_after)
        │   └── OutcomeUnknown       a write may or may not have happened    (.operation)
        └── PermanentError           retrying the same call will not help
            ├── AuthenticationError  credentials refused
            ├── MalformedAnswer      an answer to a read is not what the contract says
            │                                                    (.operation .problem)
            ├── ValidationRejected   the marketplace refused a field         (.issues)
            ├── NotFound             the remote object does not exist        (.remote_id)
            └── Conflict             refused for the object's state          (.code, .remote_id)
                ├── DuplicateListing     the SKU is already listed; .remote_id names it
                ├── ListingBlocked       the marketplace banned or suspended the listing
                └── PriceChangeTooLarge  a direct price change moves the price too far

Connector errors are translated from httpx and from each marketplace's envelope at one
boundary per connector (``ocop.http.translate_errors``); nothing above that boundary sees an
``httpx`` exception. Every answer is read into typed models there too (``ocop.answers``): a
malformed answer to a read is ``MalformedAnswer``; to a write, whose effect it cannot tell,
``OutcomeUnknown`` (the engine looks the SKU up). A connector package subclasses these for its own refusals (and lists them
in its ``Marketplace.errors``); the engine acts on the classes above, never on a code string.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ocop.i18n import _

if TYPE_CHECKING:
    from ocop.problem import Problem


class OcopError(Exception):
    """Base of every error ocop raises on purpose."""


class CatalogError(OcopError):
    """The catalogue cannot be used as it is."""


class CatalogFileError(CatalogError):
    """The catalogue file cannot be read at all (missing, too large, wrong encoding)."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: {message}")


class CatalogInvalid(CatalogError):
    """The catalogue was read but has problems; ``problems`` lists every one of them."""

    def __init__(self, path: Path | str, problems: Sequence[Problem]) -> None:
        self.path = Path(path)
        self.problems = list(problems)
        errors = sum(1 for p in self.problems if p.is_error)
        super().__init__(_("{path}: {count} problem(s) found").format(path=path, count=errors))


class ConfigError(OcopError):
    """Settings or credentials are missing, malformed or unsafe."""


class StateError(OcopError):
    """The state database cannot be used."""


class StateLocked(StateError):
    """Another ``ocop push`` holds the state of this scope on this marketplace."""

    def __init__(self, scope: str, marketplace: str, holder: str) -> None:
        self.scope = scope
        self.marketplace = marketplace
        self.holder = holder
        super().__init__(
            _(
                "another ocop push is running for {scope} on {marketplace} ({holder}); wait "
                "for it to finish. If it was killed, run the command again: a dead holder's "
                "lock is freed automatically."
            ).format(scope=scope, marketplace=marketplace, holder=holder)
        )


class UnsafePlanError(OcopError):
    """A push would delist most of a marketplace's listings."""

    def __init__(self, marketplace: str, delist: int, total: int) -> None:
        self.marketplace = marketplace
        self.delist = delist
        self.total = total
        super().__init__(
            _(
                "the plan would delist {delist} of {total} listings on {marketplace}; "
                "if that is intended, run again with --allow-mass-delist"
            ).format(delist=delist, total=total, marketplace=marketplace)
        )


class UnknownConnectorError(OcopError):
    """No connector is installed under the requested marketplace name."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = list(known)
        super().__init__(
            _("no connector for marketplace {name!r}; installed: {known}").format(
                name=name, known=", ".join(self.known) or "-"
            )
        )


class ConnectorError(OcopError):
    """A marketplace call failed."""

    def __init__(self, marketplace: str, message: str) -> None:
        self.marketplace = marketplace
        self.detail = message
        super().__init__(f"{marketplace}: {message}")


class TransientError(ConnectorError):
    """A failure that may go away: network trouble, 5xx, timeouts."""


class Unreachable(TransientError):
    """The request provably never reached the marketplace (connect error or timeout, pool
    timeout), so even a write can be sent again safely."""


class RateLimited(TransientError):
    """The marketplace refused the call because of its rate limit."""

    def __init__(self, marketplace: str, retry_after: float | None) -> None:
        self.retry_after = retry_after
        wait = (
            _("wait {s:g} s").format(s=retry_after)
            if retry_after is not None
            else _("no wait given")
        )
        super().__init__(marketplace, _("rate limited ({wait})").format(wait=wait))


class OutcomeUnknown(TransientError):
    """A write was sent and no answer came back: it may have taken effect or not.

    Never repeat such a write blindly; reconcile by looking the SKU up first.
    """

    def __init__(self, marketplace: str, operation: str, cause: str) -> None:
        self.operation = operation
        super().__init__(
            marketplace,
            _("outcome of {operation} unknown ({cause}); it will be reconciled by SKU").format(
                operation=operation, cause=cause
            ),
        )


class PermanentError(ConnectorError):
    """Retrying the same call will not help."""


class AuthenticationError(PermanentError):
    """The marketplace refused the credentials."""


class MalformedAnswer(PermanentError):
    """A marketplace answered a read with something its contract does not allow (a key
    missing, a wrong type): ``problem`` says what, at which place of the answer."""

    def __init__(self, marketplace: str, operation: str, problem: str) -> None:
        self.operation = operation
        self.problem = problem
        super().__init__(
            marketplace,
            _("{operation}: the answer could not be read ({problem})").format(
                operation=operation, problem=problem
            ),
        )


@dataclass(frozen=True)
class FieldIssue:
    """One field a marketplace refused, in the contract's vocabulary."""

    field: str
    reason: str


class ValidationRejected(PermanentError):
    """The marketplace refused one or more fields."""

    def __init__(self, marketplace: str, issues: Sequence[FieldIssue], message: str = "") -> None:
        self.issues = list(issues)
        text = ", ".join(f"{i.field}: {i.reason}" for i in self.issues) or message
        super().__init__(marketplace, _("refused: {issues}").format(issues=text))


class NotFound(PermanentError):
    """The remote object does not exist (any more)."""

    def __init__(self, marketplace: str, remote_id: str) -> None:
        self.remote_id = remote_id
        super().__init__(marketplace, _("{remote_id} not found").format(remote_id=remote_id))


class Conflict(PermanentError):
    """The call conflicts with the remote object's state (duplicate SKU, banned, suspended)."""

    def __init__(
        self, marketplace: str, code: str, message: str, remote_id: str | None = None
    ) -> None:
        self.code = code
        self.remote_id = remote_id
        super().__init__(marketplace, message)


class DuplicateListing(Conflict):
    """The marketplace refuses a second listing with this SKU; ``remote_id`` is the first.

    The engine binds the SKU to that listing instead of failing (a create whose answer was
    lost and was sent again lands here)."""

    def __init__(self, marketplace: str, remote_id: str, message: str) -> None:
        super().__init__(marketplace, "duplicate_listing", message, remote_id)


class ListingBlocked(Conflict):
    """The marketplace banned or suspended the listing: the seller cannot change it."""

    def __init__(self, marketplace: str, remote_id: str | None, message: str) -> None:
        super().__init__(marketplace, "blocked", message, remote_id)


class PriceChangeTooLarge(Conflict):
    """The offer endpoint refuses a price change this large; a content update (which the
    marketplace reviews) may carry it. The engine sends it that way."""

    def __init__(self, marketplace: str, remote_id: str | None, message: str) -> None:
        super().__init__(marketplace, "price_change_too_large", message, remote_id)
