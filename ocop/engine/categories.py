"""Reading a marketplace's category tree for a plan, and what a connector says it would refuse.

The tree is read from the marketplace on every plan (one call; the plan reads every listing
anyway), kept in the category cache by a push, and taken from the cache, with its age said,
when the marketplace cannot give it now (``ocop.categories.cache``).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from ocop.categories import CategoryCache, CategoryTree
from ocop.connector import ChecksDrafts, Connector, ListingDraft
from ocop.errors import ConnectorError, TransientError
from ocop.i18n import _


def api_url(connector: Connector) -> str:
    """Where the connector's API is (what a cached list is kept under)."""
    config = getattr(connector, "config", None)
    return str(getattr(config, "api_url", "") or connector.name)


def read_tree(
    connector: Connector, cache: CategoryCache | None, *, save: bool
) -> tuple[CategoryTree, str | None]:
    """The marketplace's tree now, else the cached one with a remark saying so."""
    try:
        categories = connector.categories()
    except TransientError as exc:
        cached = cache.load(connector.name, api_url(connector)) if cache else None
        if cached is None:
            raise
        remark = _(
            "its category list could not be read ({error}); the one fetched on {when} is used"
        ).format(error=exc.detail, when=cached.fetched_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        return CategoryTree(connector.name, cached.categories), remark
    if save and cache is not None:
        cache.save(connector.name, api_url(connector), categories)
    return CategoryTree(connector.name, categories), None


def refusals(
    connector: Connector, drafts: Sequence[ListingDraft], pool: ThreadPoolExecutor
) -> dict[str, str]:
    """SKU → why the marketplace would refuse its draft, for a connector that can tell
    (``ChecksDrafts``); a check that cannot be made now lets the draft through (the write
    itself will say)."""
    if not isinstance(connector, ChecksDrafts) or not drafts:
        return {}
    checker: ChecksDrafts = connector

    def check(draft: ListingDraft) -> tuple[str, str] | None:
        try:
            issues = checker.problems(draft)
        except ConnectorError:
            return None
        if not issues:
            return None
        return draft.sku, _("the marketplace would refuse it: {issues}").format(
            issues="; ".join(issues)
        )

    return dict(found for found in pool.map(check, drafts) if found is not None)
