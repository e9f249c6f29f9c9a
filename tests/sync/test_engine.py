"""The sync engine's promises, run for every installed marketplace against its own sandbox.

Nothing here names a marketplace: a connector package is in these runs once installed.
"""

from __future__ import annotations

from ocop.registry import marketplace_names
from ocop.testing.engine import EngineContract

for _name in marketplace_names():
    _cls = type(f"Test{_name.title()}Engine", (EngineContract,), {"marketplace": _name})
    globals()[_cls.__name__] = _cls
