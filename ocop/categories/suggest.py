"""A suggested marketplace category for each OCOP group and sub-group a catalogue uses.

Suggestions are made by words, marks aside. Each product of the group votes for the leaf its
name matches best (a sub-group called "Thực phẩm chế biến" says little; its products say
"Miến dong", "Măng khô", "Thịt treo gác bếp"), the Vietnamese names of the group and
sub-group adding a little context; the leaf with the most votes is suggested (the group's
names alone decide when no product name matches anything). A leaf's own name counts more
than its parents'; words many leaves share count for less (inverse document frequency);
two words in a row that match ("mật ong", "đồ uống") count for more; a few words mean the
same thing on the market (chè is trà). Nothing here knows a marketplace.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from ocop.categories.tree import CategoryTree
from ocop.categories.words import loose, same, words
from ocop.connector import Category
from ocop.model import GROUP_NAMES_VI, SUBGROUPS, Product

PUNCTUATION = re.compile(r"[,;:&/|()\[\]>+–—-]")  # between the parts of a category's name
# words that name nothing by themselves
STOP = frozenset({"va", "cac", "cua", "cho", "voi", "loai", "san", "pham", "hang", "khac", "tu"})
# the same thing under two names (without marks); both ways
SYNONYMS = {"chè": ("trà",), "trà": ("chè",)}
MARKED = re.compile(r"[^\W_]+")
LOOSE_MARK, LOOSE = "~", 0.5  # a word matched only without its marks counts for half
OWN, PARENTS = 1.0, 0.35  # a leaf's own words against its parents'
GROUP, SUBGROUP = 0.5, 1.0  # the group's and sub-group's names against each other
CONTEXT = 0.3  # …and against a product's own words, when a product votes
PAIR = 1.5  # a matching pair of words in a row, on top of its two words
HALF = 0.4  # one syllable of a leaf's compound, the other missing


@dataclass(frozen=True)
class Suggestion:
    """The best leaf for one group or sub-group, the runner-up, and the share of the
    products that voted for the best (0-1)."""

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


def _marked(text: str) -> list[str]:
    """The syllables of ``text`` with their marks (NFC, case-folded), digits left out."""
    return [t for t in MARKED.findall(same(text)) if not t.isdigit()]


def _bag(text: str) -> list[str]:
    """Syllables (but those that name nothing) and each pair in a row, with their marks, and
    again without them (``~che``: how a list written without marks still matches, for less:
    without marks "chè" (tea) and "chế" (processed) are one word). Pairs do not cross
    punctuation ("Chè, trà" is two words, not a compound)."""
    found: list[str] = []
    for part in PUNCTUATION.split(text):
        tokens = _marked(part)
        kept = [t for t in tokens if loose(t) not in STOP] + _pairs(tokens)
        found += kept + [LOOSE_MARK + loose(t) for t in kept]
    return found


class Matcher:
    """The leaves of one tree as weighted words, ready to score queries against.

    Vietnamese words are syllables, and most names are compounds of two: "Tinh bột" is not
    "Tinh dầu". A syllable that matches only half of one of a leaf's compounds counts for
    ``HALF``, and does not let a product vote for that leaf on its own."""

    def __init__(self, tree: CategoryTree) -> None:
        self.tree = tree
        self.leaves = tree.leaves()
        self.documents: list[dict[str, float]] = []
        self.compounds: list[dict[str, set[str]]] = []  # own syllable → own pairs holding it
        for leaf in self.leaves:
            weights: dict[str, float] = {}
            for depth, node in enumerate(tree.lineage(leaf)):
                for name in (node.name, *node.aliases):
                    for token in _bag(name):
                        weight = OWN if depth == 0 else PARENTS
                        weights[token] = max(weights.get(token, 0.0), weight)
            self.documents.append(weights)
            own: dict[str, set[str]] = {}
            for pair in (t for name in (leaf.name, *leaf.aliases) for t in _bag(name)):
                mark = LOOSE_MARK if pair.startswith(LOOSE_MARK) else ""
                for syllable in pair.removeprefix(mark).split(" ") if " " in pair else ():
                    own.setdefault(mark + syllable, set()).add(pair)
            self.compounds.append(own)
        frequency = Counter(t for doc in self.documents for t in doc)
        total = max(1, len(self.documents))
        self.idf = {t: math.log(1 + total / n) for t, n in frequency.items()}

    def score(
        self, query: dict[str, float], n: int, own: Collection[str] = ()
    ) -> tuple[float, bool]:
        """How well ``query`` matches leaf ``n``, and whether one of the ``own`` words
        matches its own name by more than half a compound."""
        document, compounds = self.documents[n], self.compounds[n]
        found, solid = 0.0, False
        for token, weight in query.items():
            if token not in document:
                continue
            credit = PAIR if " " in token else 1.0
            credit *= LOOSE if token.startswith(LOOSE_MARK) else 1.0
            pairs = compounds.get(token)
            if pairs and not pairs & query.keys():
                credit = HALF  # one syllable of a compound the query does not have
            elif document[token] == OWN and token in own:
                solid = True
            found += weight * document[token] * self.idf.get(token, 0.0) * credit
        return found / math.sqrt(1 + len([t for t in document if " " not in t])), solid

    def best(
        self, query: dict[str, float], own: Collection[str] | None = None
    ) -> tuple[int, float] | None:
        """The leaf ``query`` matches best (its index and score), if any matches at all;
        with ``own``, only a leaf one of those words matches well (``score``)."""
        top: tuple[float, int] = (0.0, -1)
        for n in range(len(self.documents)):
            score, whole = self.score(query, n, own or ())
            if score > top[0] and (whole or own is None):
                top = (score, n)
        return (top[1], top[0]) if top[0] > 0 else None

    def suggest(self, key: str, products: list[Product]) -> Suggestion:
        """The leaf most of the products vote for (their names, in their group's context)."""
        context = {t: w * CONTEXT for t, w in query_for(key, []).items()}
        votes: Counter[int] = Counter()
        strength: dict[int, float] = {}
        for product in products:
            mine = words_of(product.name)
            found = self.best(_merged(context, mine), own=mine.keys())
            if found is not None:
                votes[found[0]] += 1
                strength[found[0]] = strength.get(found[0], 0.0) + found[1]
        if not votes:  # no product name matches a leaf well: every word of the group at once
            found = self.best(query_for(key, products))
            if found is None:
                return Suggestion(key, self._other(key), None, 0.0)
            votes[found[0]] += 1
        ranked = sorted(votes, key=lambda n: (-votes[n], -strength.get(n, 0.0), n))
        runner = self.leaves[ranked[1]] if len(ranked) > 1 else None
        share = votes[ranked[0]] / max(1, sum(votes.values()))
        return Suggestion(key, self.leaves[ranked[0]], runner, round(share, 2))

    def _other(self, key: str) -> Category | None:
        """Nothing matched: a leaf for "other" goods, under a parent sharing a group word if
        one does."""
        group = set(_bag(group_label(key)))
        others = [leaf for leaf in self.leaves if "khac" in words(leaf.name)]
        for leaf in others:
            if group & {t for node in self.tree.lineage(leaf) for t in _bag(node.name)}:
                return leaf
        return others[0] if others else None


def words_of(text: str) -> dict[str, float]:
    """A name's words (and pairs of words), each once, with their synonyms."""
    query = dict.fromkeys(_bag(text), 1.0)
    for token in list(query):
        for other in SYNONYMS.get(token, ()):
            query.setdefault(other, 1.0)
    return query


def _merged(base: dict[str, float], more: dict[str, float]) -> dict[str, float]:
    merged = dict(base)
    for token, weight in more.items():
        merged[token] = merged.get(token, 0.0) + weight
    return merged


def query_for(key: str, products: Iterable[Product]) -> dict[str, float]:
    """The weighted words a group/sub-group is looked for with: its names, its products'."""
    query: dict[str, float] = {}
    group, _sep, sub = key.partition("/")
    for token in _bag(group_label(group)):
        query[token] = max(query.get(token, 0.0), GROUP)
    if sub:
        for token in _bag(group_label(key).split(" — ")[-1]):
            query[token] = max(query.get(token, 0.0), SUBGROUP)
    for product in products:
        query = _merged(query, words_of(product.name))
    for token, weight in list(query.items()):
        for other in SYNONYMS.get(token, ()):
            query[other] = max(query.get(other, 0.0), weight)
    return query


def suggest(tree: CategoryTree, groups: dict[str, list[Product]]) -> list[Suggestion]:
    """A suggestion for each key of ``groups`` (``"group"`` or ``"group/subgroup"`` → the
    products the catalogue puts there), in the order given."""
    matcher = Matcher(tree)
    return [matcher.suggest(key, products) for key, products in groups.items()]
