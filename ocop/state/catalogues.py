"""The catalogue a scope last pushed, kept in the state as JSON.

A national report (``ocop report --all-provinces``) counts every province with the same
definitions as a province's own report, which needs each province's catalogue (certificates,
groups, communes, producers), not only its listings. The department reading the shared state
has none of the provinces' files, so each push keeps the catalogue it pushed.
"""

from __future__ import annotations

from ocop.errors import StateError
from ocop.i18n import _
from ocop.model import Catalog
from ocop.state.store import StateStore


def catalogue_json(catalog: Catalog) -> str:
    """The catalogue as the JSON the state keeps (the validated model, not the YAML text)."""
    return catalog.model_dump_json()


def remember_catalogue(store: StateStore, catalog: Catalog) -> bool:
    """Keep ``catalog`` as the scope's pushed catalogue; True when it changed."""
    return store.remember_catalogue(catalogue_json(catalog))


def pushed_catalogue(store: StateStore) -> Catalog | None:
    """The catalogue the store's scope last pushed (None if it never pushed with ocop ≥ 0.2)."""
    data = store.catalogue()
    if data is None:
        return None
    try:
        return Catalog.model_validate_json(data)
    except ValueError as exc:  # written by another ocop whose catalogue model differs
        raise StateError(
            _("the catalogue kept for {scope} in {location} cannot be read: {error}").format(
                scope=store.scope.label(), location=store.location, error=exc
            )
        ) from exc
