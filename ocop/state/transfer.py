"""Copying a state to another backend: ``ocop state migrate --to URL``.

Every scope is copied row for row through the contract (listings, images, the whole journal
with its open intents, every observation, the catalogue pushed), holding the scope's locks on
both sides so no push writes either copy meanwhile. A target that already holds one of the
scopes is refused unless ``replace`` is given; a copy that fails half-way is redone with it.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass

from ocop.errors import StateError
from ocop.i18n import _
from ocop.state.scope import Scope
from ocop.state.store import StateStore


@dataclass(frozen=True)
class Copied:
    """What was copied of one scope."""

    scope: Scope
    listings: int
    images: int
    journal: int
    observations: int
    catalogue: bool


def holds(store: StateStore) -> bool:
    """Whether the store's scope has any row."""
    return bool(store.listings() or store.journal(1) or store.catalogue() or store.images())


def copy_state(source: StateStore, target: StateStore, *, replace: bool = False) -> list[Copied]:
    """Copy every scope of ``source`` into ``target``; returns what was copied, per scope."""
    scopes = source.scopes()
    if not replace:
        taken = [s.label() for s in scopes if holds(target.within(s))]
        if taken:
            raise StateError(
                _(
                    "{location} already holds {scopes}; nothing was copied (add --replace to "
                    "overwrite them with the copy)"
                ).format(location=target.location, scopes="; ".join(taken))
            )
    return [copy_scope(source.within(scope), target.within(scope)) for scope in scopes]


def copy_scope(source: StateStore, target: StateStore) -> Copied:
    """One scope, with its locks held on both sides."""
    names = {r.marketplace for r in source.listings()}
    names |= {e.marketplace for e in source.journal(None)}
    with ExitStack() as held:
        held.enter_context(source.lock(names))
        held.enter_context(target.lock(names))
        listings, journal = source.listings(), source.journal(None)
        images, seen = source.images(), list(source.observation_history())
        catalogue = source.catalogue()
        target.drop_scope()
        target.save_listings(listings)
        target.remember_images(images)
        target.import_journal(journal)
        target.record_observations(seen)
        if catalogue is not None:
            target.remember_catalogue(catalogue)
    return Copied(
        source.scope, len(listings), len(images), len(journal), len(seen), catalogue is not None
    )
