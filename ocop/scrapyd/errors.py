"""What can go wrong between ocop and its Scrapyd nodes.

    OcopError
    └── ScrapydError              verify on Scrapyd cannot be done as asked
        ├── NoNodeAvailable       not one node can crawl what is asked     (.problems)
        └── NodeError             one node cannot be used                   (.node)
            ├── NodeUnreachable   network error, timeout, 5xx, not Scrapyd's JSON
            ├── NodeRefused       401/403: the node wants other credentials (.code)
            ├── NodeAnswered      the node answered {"status": "error"}     (.message)
            └── NodeMismatch      the node has other ocop packages than this machine
                                  (.wanted, .found)

``httpx`` errors are translated in ``ocop.scrapyd.node`` and nowhere else. A ``NodeError``
during a crawl puts that node out of the crawl (its jobs' listings go to the other nodes);
only ``NoNodeAvailable`` stops ``verify_on_scrapyd`` before it records anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ocop.errors import OcopError
from ocop.i18n import _


class ScrapydError(OcopError):
    """Verify on Scrapyd cannot be done as asked."""


class NodeError(ScrapydError):
    """One Scrapyd node cannot be used (its ``node`` label never carries a password)."""

    def __init__(self, node: str, message: str) -> None:
        self.node = node
        super().__init__(message)


class NodeUnreachable(NodeError):
    """The node did not answer, or not as Scrapyd answers."""

    def __init__(self, node: str, reason: str) -> None:
        self.reason = reason
        super().__init__(
            node, _("{node}: no answer from Scrapyd ({reason})").format(node=node, reason=reason)
        )


class NodeRefused(NodeError):
    """The node refused our credentials (or their absence)."""

    def __init__(self, node: str, code: int) -> None:
        self.code = code
        super().__init__(
            node,
            _(
                "{node}: Scrapyd refused the request (HTTP {code}): set OCOP_SCRAPYD_USERNAME and "
                "OCOP_SCRAPYD_PASSWORD (or [scrapyd] in the credentials file) to its account"
            ).format(node=node, code=code),
        )


class NodeAnswered(NodeError):
    """The node answered with an error of its own."""

    def __init__(self, node: str, message: str) -> None:
        self.message = message
        last = [line for line in message.splitlines() if line.strip()][-1:] or ["-"]
        super().__init__(
            node, _("{node}: Scrapyd says: {message}").format(node=node, message=last[0].strip())
        )


class NodeMismatch(NodeError):
    """The node's Python has other versions of ocop or its marketplace packages than ours."""

    def __init__(
        self, node: str, wanted: Mapping[str, str], found: Mapping[str, str | None]
    ) -> None:
        self.wanted = dict(wanted)
        self.found = dict(found)
        have = ", ".join(
            f"{name} {version}" if version else _("no {name}").format(name=name)
            for name, version in sorted(found.items())
        )
        install = " ".join(f"'{name}=={wanted[name]}'" for name in sorted(found))
        super().__init__(
            node,
            _(
                "{node}: the spiders there would run with {have}; install the versions this "
                "machine runs: pip install {install}"
            ).format(node=node, have=have, install=install),
        )


class NoNodeAvailable(ScrapydError):
    """Not one node can crawl what was asked; ``problems`` says why, node by node."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            _("no Scrapyd node can crawl the listings:\n  {problems}").format(
                problems="\n  ".join(self.problems) or "-"
            )
        )
