"""Local stand-ins for the marketplaces, and the kit a connector package builds its own from.

``Sandbox.start()`` (or ``ocop sandbox``) starts every installed marketplace's sandbox; each
marketplace package ships its own (its API, storefront pages, fault knobs and admin
operations) built on the marketplace-neutral kit here, the way httpx ships ``MockTransport``:

    server     one threaded loopback server per marketplace: API, storefront, ``/__sandbox__/``
    wire       ``Request`` / ``Response`` values and body parsing (JSON, forms, multipart)
    faults     latency, 5xx before any effect, commit-then-504, dropped connections
    ratelimit  token buckets per caller
    market     a marketplace's shared state: database, faults, buckets, counters
    store      the SQLite file every sandbox keeps its tables in
    kit        ``SandboxSetup`` (what ocop gives a sandbox) and ``MarketSandbox`` (its base)

The contracts they implement are the marketplaces' own (or, where no seller API is
published, the project's modelled contract); what a sandbox accepts says nothing about the
real site.
"""

from __future__ import annotations

from ocop.sandbox.kit import MarketSandbox, SandboxSetup
from ocop.sandbox.launch import Sandbox

__all__ = ["MarketSandbox", "Sandbox", "SandboxSetup"]
