"""A local stand-in for both marketplaces, implementing ``docs/marketplaces`` contract §1–§3.

Both seller APIs are MODELLED (neither marketplace publishes one); the sandbox follows the
project's contract to the letter so the connectors, spiders, demo and tests have something
strict to talk to. Start it with ``Sandbox.start()`` or ``ocop sandbox``.
"""

from __future__ import annotations

from ocop.sandbox.launch import Sandbox

__all__ = ["Sandbox"]
