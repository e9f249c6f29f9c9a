"""The sync engine: read each marketplace, plan against the catalogue and state, apply.

    outcomes = push(catalog, store, connectors, as_of)

``ocop.plan`` decides (pure); this package reads, writes and records. See ``docs/sync.md``.
"""

from ocop.engine.run import Outcome, Prepared, RunOptions, check_mass_delist, plan_all, push

__all__ = ["Outcome", "Prepared", "RunOptions", "check_mass_delist", "plan_all", "push"]
