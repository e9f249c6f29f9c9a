"""The shared connector contract, run for every installed marketplace against its own sandbox.

A marketplace package installed into the environment is tested here the moment it is
installed: nothing in this file names one.
"""

from __future__ import annotations

from ocop.registry import marketplace_names
from ocop.testing.contract import ConnectorContract

for _name in marketplace_names():
    _cls = type(f"Test{_name.title()}Contract", (ConnectorContract,), {"marketplace": _name})
    globals()[_cls.__name__] = _cls


def test_the_two_modelled_marketplaces_are_installed() -> None:
    # the repository's own connectors/ packages; others (Shopee…) add to this list
    assert {"voso", "postmart"} <= set(marketplace_names())
