"""Marketplace categories by name: each marketplace's tree, the catalogue's names resolved
against it, suggestions, and the list kept with its fetch time.

    tree      ``CategoryTree`` (a connector's ``categories()``), ``resolve`` → leaf or reason
    words     how names compare: exactly (case, spacing) and loosely (marks aside)
    suggest   a leaf per OCOP group/sub-group, by the words of the group and its products
    overview  what ``ocop categories`` shows for one marketplace
    cache     ``.ocop/cache/categories/``: each list as last fetched, and when
    files     category lists in YAML/JSON files (``ocop sandbox --categories NAME=FILE``)

Nothing here names a marketplace: each package's connector gives its own tree.
"""

from ocop.categories.cache import CachedList, CategoryCache
from ocop.categories.files import read_categories
from ocop.categories.overview import CategoryChoice, overview
from ocop.categories.suggest import Suggestion, suggest
from ocop.categories.tree import CategoryRef, CategoryTree, Unresolved

__all__ = [
    "CachedList",
    "CategoryCache",
    "CategoryChoice",
    "CategoryRef",
    "CategoryTree",
    "Suggestion",
    "Unresolved",
    "overview",
    "read_categories",
    "suggest",
]
