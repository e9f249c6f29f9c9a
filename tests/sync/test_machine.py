"""The Hypothesis push machine, run for every installed marketplace against its own sandbox."""

from __future__ import annotations

from ocop.registry import marketplace_names
from ocop.testing.machine import push_machine

for _name in marketplace_names():
    globals()[f"Test{_name.title()}PushMachine"] = push_machine(_name).TestCase
