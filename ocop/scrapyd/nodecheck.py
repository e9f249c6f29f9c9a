"""On a Scrapyd node: are the ocop packages the spiders were deployed for installed there?

This file is copied into the egg ``ocop verify --scrapyd`` deploys (as
``ocop_spiders_deployed.check``) and runs on the node when Scrapy loads the project's settings
— for ``listspiders.json`` and for every job — so it uses the standard library only. The spiders
that run on a node are the node's own installed ``ocop_spiders`` (an installed package comes
before an egg on ``sys.path``), so the node must have the versions of ``ocop`` and of the
marketplace packages that the deploying machine has. A node without some marketplace's package
is fine (it has no spider for it, and gets no job for it); any other difference stops the
project from loading with one line ``OCOP-NODE {"wanted": …, "found": …}`` that the deploying
ocop reads back (``ocop.scrapyd.deploy``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version

MARK = "OCOP-NODE"
CORE = "ocop"


class NodeMismatch(RuntimeError):
    """This node's packages differ from the ones the spiders were deployed for."""


def installed(name: str) -> str | None:
    """The installed version of distribution ``name``, or None."""
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def differences(wanted: Mapping[str, str]) -> dict[str, str | None]:
    """Distributions installed here at another version than ``wanted`` (ocop: also missing)."""
    found: dict[str, str | None] = {}
    for name, want in wanted.items():
        have = installed(name)
        if have != want and (have is not None or name == CORE):
            found[name] = have
    return found


def require(wanted: Mapping[str, str]) -> None:
    """Raise ``NodeMismatch`` (one ``OCOP-NODE`` JSON line) when this node differs."""
    found = differences(wanted)
    if found:
        raise NodeMismatch(f"{MARK} " + json.dumps({"wanted": dict(wanted), "found": found}))
