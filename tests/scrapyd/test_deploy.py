"""What is deployed to a Scrapyd node, and how a node with other ocop packages is told apart."""

from __future__ import annotations

import io
import zipfile

import pytest

from ocop.scrapyd import nodecheck
from ocop.scrapyd.deploy import PACKAGE, Egg, _mismatch, distributions
from ocop.scrapyd.errors import NodeAnswered, NodeMismatch


@pytest.fixture(scope="module")
def egg() -> Egg:
    return Egg(distributions())


def test_the_egg_is_the_project_settings_and_the_node_check_not_the_spiders(egg: Egg) -> None:
    with zipfile.ZipFile(io.BytesIO(egg.build())) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
        settings = archive.read(f"{PACKAGE}/settings.py").decode()
    assert {f"{PACKAGE}/__init__.py", f"{PACKAGE}/check.py", f"{PACKAGE}/settings.py"} <= names
    # the spiders that run are the node's installed ocop_spiders: the egg does not pretend
    assert not any(name.startswith("ocop_spiders/") for name in names)
    assert f"settings = {PACKAGE}.settings" in entry_points
    assert "from ocop_spiders.settings import *" in settings
    for name, version in distributions().items():  # ocop and every marketplace package, pinned
        assert f'"{name}": "{version}"' in settings


def test_the_version_names_what_the_egg_requires(egg: Egg) -> None:
    assert egg.version == Egg(distributions()).version  # nothing twice to an unchanged node
    other = Egg({**egg.wanted, "ocop-voso": "9.9.9"})
    assert other.version != egg.version
    assert egg.version.replace("-", "").isalnum()  # Scrapyd stores it unchanged


def test_a_node_lacking_a_marketplace_package_passes_one_with_another_version_does_not() -> None:
    here = nodecheck.installed("ocop")
    assert here is not None
    assert nodecheck.differences({"ocop": here, "ocop-nowhere": "1.0"}) == {}
    assert nodecheck.differences({"ocop": "0.0.1"}) == {"ocop": here}
    with pytest.raises(nodecheck.NodeMismatch, match=r'^OCOP-NODE \{"wanted"'):
        nodecheck.require({"ocop": "0.0.1"})


def test_the_node_check_s_answer_becomes_what_to_install() -> None:
    said = (
        "Traceback (most recent call last):\n  File ...\n"
        'ocop_spiders_deployed.check.NodeMismatch: OCOP-NODE {"wanted": {"ocop": "0.2.0", '
        '"ocop-voso": "0.2.0"}, "found": {"ocop": "0.1.0", "ocop-voso": null}}\n'
    )
    found = _mismatch(NodeAnswered("http://n1:6800", said))
    assert isinstance(found, NodeMismatch)
    assert str(found) == (
        "http://n1:6800: the spiders there would run with ocop 0.1.0, no ocop-voso; install "
        "the versions this machine runs: pip install 'ocop==0.2.0' 'ocop-voso==0.2.0'"
    )
    assert _mismatch(NodeAnswered("http://n1:6800", "spider 'voso' not found")) is None
