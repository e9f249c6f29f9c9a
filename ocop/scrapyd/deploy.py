"""Deploying ocop's Scrapy project to the nodes: what the egg carries, and what it requires.

A Scrapyd node runs a project from an egg, but installs nothing the egg needs, and an egg
cannot carry compiled packages (pydantic's core, lxml). The spiders import ``ocop`` and find
each marketplace's spider in its installed package, so a node needs, installed beside
Scrapyd, the same ``ocop`` and marketplace packages as the machine that runs ``ocop verify``
(which bring the spiders: ``ocop_spiders`` is part of the ``ocop`` distribution). The egg is
therefore small and the same for every province: a package ``ocop_spiders_deployed`` whose
settings module checks the node's versions (``ocop.scrapyd.nodecheck``, copied in) and then is
``ocop_spiders.settings``. Had the egg carried the spiders instead, they would not be the ones
that run: an installed package comes before an egg on the runner's ``sys.path``.

The egg is built with scrapyd-client (``scrapyd-deploy --build-egg``) from a staging folder, and
uploaded only to nodes that do not hold its version yet: the version names what it requires
(a digest), so unchanged machines deploy nothing twice and different ones never collide.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import entry_points, version
from pathlib import Path

from ocop.i18n import _
from ocop.registry import GROUP
from ocop.scrapyd import nodecheck
from ocop.scrapyd.errors import NodeAnswered, NodeError, NodeMismatch, ScrapydError
from ocop.scrapyd.node import Node

PROJECT = "ocop"
PACKAGE = "ocop_spiders_deployed"
SETTINGS = '''"""ocop's Scrapy project on a Scrapyd node: ocop_spiders' settings, on a checked node."""

from {package}.check import require

require({wanted})

from ocop_spiders.settings import *  # noqa: E402,F403
'''


def distributions() -> dict[str, str]:
    """``ocop`` and every installed marketplace package: distribution name → version."""
    found = {nodecheck.CORE: version(nodecheck.CORE)}
    for point in entry_points(group=GROUP):
        if point.dist is not None:
            found[point.dist.name] = point.dist.version
    return found


def distribution_of(marketplace: str) -> str:
    """The distribution that brings ``marketplace`` here (its name, if none is installed)."""
    for point in entry_points(group=GROUP, name=marketplace):
        if point.dist is not None:
            return point.dist.name
    return marketplace


@dataclass(frozen=True)
class Egg:
    """The project a node runs: ``wanted`` are the distributions it requires there."""

    wanted: dict[str, str]

    def files(self) -> dict[str, str]:
        """The package's modules, by file name."""
        wanted = json.dumps(self.wanted, sort_keys=True)
        return {
            "__init__.py": '"""ocop\'s Scrapy project, as ocop verify --scrapyd deploys it."""\n',
            "check.py": Path(nodecheck.__file__).read_text(encoding="utf-8"),
            "settings.py": SETTINGS.format(package=PACKAGE, wanted=wanted),
        }

    @property
    def version(self) -> str:
        """The version label on the nodes: a digest of what the egg holds (Scrapyd-safe)."""
        digest = hashlib.sha256(json.dumps(self.files(), sort_keys=True).encode()).hexdigest()
        return f"ocop-{digest[:16]}"

    def build(self) -> bytes:
        """The egg, built by scrapyd-client from a staging folder."""
        if importlib.util.find_spec("scrapyd_client") is None:
            raise ScrapydError(
                _("deploying to Scrapyd needs scrapyd-client: pip install 'ocop[scrapyd]'")
            )
        with tempfile.TemporaryDirectory(prefix="ocop-egg-") as work:
            stage = Path(work) / "project"
            (stage / PACKAGE).mkdir(parents=True)
            (stage / "scrapy.cfg").write_text(f"[settings]\ndefault = {PACKAGE}.settings\n")
            for name, text in self.files().items():
                (stage / PACKAGE / name).write_text(text, encoding="utf-8")
            egg = Path(work) / "ocop.egg"
            command = [sys.executable, "-m", "scrapyd_client.deploy", "--build-egg", str(egg)]
            done = subprocess.run(command, cwd=stage, capture_output=True, text=True)
            if done.returncode != 0 or not egg.exists():
                tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
                raise ScrapydError(
                    _("could not build the spiders' egg: {error}").format(error=tail or "-")
                )
            return egg.read_bytes()


@dataclass
class Deployment:
    """Where the crawl can run: each usable node with the marketplaces it has spiders for."""

    version: str
    spiders: dict[Node, set[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def nodes_for(self, marketplace: str) -> int:
        """How many nodes can crawl ``marketplace``."""
        return sum(1 for names in self.spiders.values() if marketplace in names)


def deploy(node: Node, egg: Egg, build: Callable[[], bytes]) -> set[str]:
    """Make sure ``node`` holds ``egg``; the spiders the node has with it."""
    try:
        node.status()
        if egg.version not in node.versions(PROJECT):
            node.add_version(PROJECT, egg.version, build())
        return set(node.spiders(PROJECT, egg.version))
    except NodeAnswered as exc:
        raise _mismatch(exc) or exc from None


def _mismatch(exc: NodeAnswered) -> NodeMismatch | None:
    """The node's version check (``nodecheck``), if that is what failed there."""
    for line in reversed(exc.message.splitlines()):
        _before, found, rest = line.partition(nodecheck.MARK + " ")
        if found:
            try:
                said = json.loads(rest)
                return NodeMismatch(exc.node, said["wanted"], said["found"])
            except (ValueError, KeyError, TypeError):
                return None
    return None


def deploy_all(nodes: Sequence[Node], needed: Sequence[str], egg: Egg | None = None) -> Deployment:
    """Deploy to every node at once; the nodes that can crawl ``needed``, and why others not."""
    egg = egg or Egg(distributions())
    lock = threading.Lock()
    built: list[bytes] = []

    def build() -> bytes:  # at most once, whichever node needs it first
        with lock:
            if not built:
                built.append(egg.build())
            return built[0]

    def one(node: Node) -> set[str] | NodeError:
        try:
            return deploy(node, egg, build)
        except NodeError as exc:
            return exc

    deployment = Deployment(egg.version)
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(nodes)))) as pool:
        for node, found in zip(nodes, pool.map(one, nodes), strict=True):
            if isinstance(found, NodeError):
                deployment.problems.append(str(found))
                continue
            deployment.spiders[node] = found & set(needed)
            deployment.problems += [_no_spider(node, m, egg) for m in needed if m not in found]
    return deployment


def _no_spider(node: Node, marketplace: str, egg: Egg) -> str:
    package = distribution_of(marketplace)
    pin = f"{package}=={egg.wanted[package]}" if package in egg.wanted else package
    return _("{node}: no {marketplace} spider there: pip install '{package}' on it").format(
        node=node.label, marketplace=marketplace, package=pin
    )
