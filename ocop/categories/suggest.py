"""A suggested marketplace category for each OCOP group and sub-group a catalogue uses.

Suggestions are made by words, marks aside: the Vietnamese names of the group and sub-group,
and above all the names of the products in it (a sub-group called "Thực phẩm thô, sơ chế"
says little; its products say "Mật ong", "Tinh bột nghệ"), against each leaf's name and, more
weakly, its parents' names. Words many categories share count for less (inverse document
frequency); two words in a row that match ("mật ong", "đồ uống") count for more. A few
words mean the same thing on the market (chè is trà). Nothing here knows a marketplace.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ocop.categories.tree import CategoryTree
from ocop.categories.words import words
from ocop.connector import Category
from ocop.model import GROUP_NAMES_VI, SUBGROUPS, Product

# words that name nothing by themselves
STOP = frozenset({"va", "cac", "cua", "cho", "voi", "loai", "san", "pham", "hang", "khac", "tu"})
# the same thing under two names (without marks); both ways
SYNONYMS = {"che": ("tra",), "tra": ("che",), "mien": ("bun",), "nam": ("moc",)}
OWN, PARENTS = 1.0, 0.35  # a leaf's own words against its parents'
GROUP, SUBGROUP, PRODUCTS = 0.4, 0.8, 1.6  # where the catalogue's words come from
PAIR = 1.5  # a matching pair of words in a row, on top of its two words


@dataclass(frozen=True)
class Suggestion:
    """The best leaf for one group or sub-group, the runner-up, and how sure (0-1)."""

    key: str  # "thuc_pham/che"
    best: Category | None
    runner_up: Category | None
    score: float


def group_label(key: str) -> str:
    """The Vietnamese name of a ``group`` or ``group/subgroup`` key."""
    group, _sep, sub = key.partition("/")
    names = {g.value: n for g, n in GROUP_NAMES_VI.items()}
    label = names.get(group, group)
    subs = {g.value: s for g, s in SUBGROUPS.items()}.get(group, {})
    return f"{label} — {subs[sub]}" if sub in subs else label


def _pairs(tokens: Sequence[str]) -> list[str]:
    return [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def _bag(text: str) -> list[str]:
    tokens = [t for t in words(text) if not t.isdigit()]
    return [t for t in tokens if t not in STOP] + _pairs(tokens)


class Matcher:
    """The leaves of one tree as weighted words, ready to score queries against."""

    def __init__(self, tree: CategoryTree) -> None:
        self.tree = tree
        self.leaves = tree.leaves()
        self.documents: list[dict[str, float]] = []
        for leaf in self.leaves:
            weights: dict[str, float] = {}
            for depth, node in enumerate(tree.lineage(leaf)):
                for name in (node.name, *node.aliases):
                    for token in _bag(name):
                        weight = OWN if depth == 0 else PARENTS
                        weights[token] = max(weights.get(token, 0.0), weight)
            self.documents.append(weights)
        frequency = Counter(t for doc in self.documents for t in doc)
        total = max(1, len(self.documents))
        self.idf = {t: math.log(1 + total / n) for t, n in frequency.items()}

    def score(self, query: dict[str, float], document: dict[str, float]) -> float:
        found = 0.0
        for token, weight in query.items():
            if token in document:
                bonus = PAIR if " " in token else 1.0
                found += weight * document[token] * self.idf.get(token, 0.0) * bonus
        return found / math.sqrt(1 + len([t for t in document if " " not in t]))

    def suggest(self, key: str, query: dict[str, float]) -> Suggestion:
        ranked = sorted(
            ((self.score(query, doc), n) for n, doc in enumerate(self.documents)),
            key=lambda pair: (-pair[0], pair[1]),
        )
        if not ranked or ranked[0][0] <= 0:
            return Suggestion(key, self._other(key), None, 0.0)
        best, runner = ranked[0], ranked[1] if len(ranked) > 1 else None
        second = runner[0] if runner else 0.0
        sure = (best[0] - second) / best[0]
        return Suggestion(
            key,
            self.leaves[best[1]],
            self.leaves[runner[1]] if runner and runner[0] > 0 else None,
            round(sure, 2),
        )

    def _other(self, key: str) -> Category | None:
        """Nothing matched: a leaf for "other" goods, under a parent sharing a group word."""
        group = set(_bag(group_label(key)))
        others = [leaf for leaf in self.leaves if "khac" in words(leaf.name)]
        for leaf in others:
            if group & {t for node in self.tree.lineage(leaf) for t in _bag(node.name)}:
                return leaf
        return None


def query_for(key: str, products: Iterable[Product]) -> dict[str, float]:
    """The weighted words a group/sub-group is looked for with."""
    query: dict[str, float] = {}
    group, _sep, sub = key.partition("/")
    for token in _bag(group_label(group)):
        query[token] = max(query.get(token, 0.0), GROUP)
    if sub:
        for token in _bag(group_label(key).split(" — ")[-1]):
            query[token] = max(query.get(token, 0.0), SUBGROUP)
    named = [set(_bag(p.name)) for p in products]
    shares = Counter(t for tokens in named for t in tokens)
    for token, n in shares.items():
        query[token] = query.get(token, 0.0) + PRODUCTS * n / len(named)
    for token, weight in list(query.items()):
        for other in SYNONYMS.get(token, ()):
            query[other] = max(query.get(other, 0.0), weight)
    return query


def suggest(tree: CategoryTree, groups: dict[str, list[Product]]) -> list[Suggestion]:
    """A suggestion for each key of ``groups`` (``"group"`` or ``"group/subgroup"`` → the
    products the catalogue puts there), in the order given."""
    matcher = Matcher(tree)
    return [matcher.suggest(key, query_for(key, products)) for key, products in groups.items()]
