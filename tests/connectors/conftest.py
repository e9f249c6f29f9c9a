"""One sandbox (both marketplaces, ephemeral loopback ports) per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ocop.sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start() as sb:
        yield sb
