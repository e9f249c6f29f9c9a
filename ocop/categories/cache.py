"""Each marketplace's category list as last fetched, with when: ``.ocop/cache/categories/``.

The list is the marketplace's reference data, not ocop's memory of what it did, so it is kept
next to the catalogue as a plain file rather than in the state: it belongs to no province
(a shared PostgreSQL state would otherwise keep one copy per scope), holds nothing secret,
costs one read to rebuild, and a person can open it. One file per marketplace *and API URL*,
so a sandbox's list never stands in for the real site's.

``ocop push`` and ``ocop categories`` write it; ``ocop categories`` shows it while it is
younger than ``MAX_AGE`` (``--refresh`` reads the marketplace again); a plan that cannot read
a marketplace's list falls back to it, saying how old it is. ``ocop plan`` writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ocop.categories.files import categories_from, category_data
from ocop.connector import Category
from ocop.errors import ConfigError

CACHE_DIR = Path(".ocop") / "cache" / "categories"
MAX_AGE = timedelta(days=1)


@dataclass(frozen=True)
class CachedList:
    """A category list and when it was fetched."""

    marketplace: str
    fetched_at: datetime
    categories: tuple[Category, ...]

    def age(self, now: datetime | None = None) -> timedelta:
        return (now or datetime.now(UTC)) - self.fetched_at


class CategoryCache:
    """The cached lists of one catalogue's folder."""

    def __init__(self, root: Path | str) -> None:
        self.folder = Path(root) / CACHE_DIR

    def path(self, marketplace: str, api_url: str) -> Path:
        digest = hashlib.sha256(api_url.encode()).hexdigest()[:12]
        return self.folder / f"{marketplace}-{digest}.json"

    def load(self, marketplace: str, api_url: str) -> CachedList | None:
        """The list as last saved, or None (never saved, unreadable, or not ocop's file)."""
        try:
            data = json.loads(self.path(marketplace, api_url).read_text(encoding="utf-8"))
            fetched = datetime.fromisoformat(data["fetched_at"])
            categories = categories_from(data["categories"], marketplace)
        except (OSError, ValueError, KeyError, TypeError, ConfigError):
            return None
        if fetched.tzinfo is None:
            return None
        return CachedList(marketplace, fetched, tuple(categories))

    def save(
        self, marketplace: str, api_url: str, categories: Sequence[Category]
    ) -> CachedList | None:
        """Keep ``categories`` as fetched now; a folder that cannot be written is no error
        (the cache only saves reads), so None is returned instead."""
        fetched = datetime.now(UTC)
        data = {
            "marketplace": marketplace,
            "api_url": api_url,
            "fetched_at": fetched.isoformat(),
            "categories": category_data(categories),
        }
        target = self.path(marketplace, api_url)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
            temporary.replace(target)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            return None
        return CachedList(marketplace, fetched, tuple(categories))
