"""ocop/ (and the shared spiders) name no marketplace in code: each lives in its own package.

Identifiers and string literals are checked, comments and docstrings are not (a docstring may
say which marketplace an example comes from). The names checked are every installed
marketplace's and those of marketplaces known to be on their way.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from ocop.registry import marketplaces

ROOT = Path(__file__).parents[1]
CORE = ROOT / "ocop"
SHARED = sorted(CORE.rglob("*.py")) + sorted((ROOT / "spiders" / "ocop_spiders").rglob("*.py"))
EXPECTED = {"shopee", "lazada", "tiki", "sendo"}  # packages other teams are writing


def names() -> set[str]:
    found = set(EXPECTED)
    for descriptor in marketplaces().values():
        found |= {descriptor.name, descriptor.label.short.lower()}
    return found


def docstring_starts(tree: ast.Module) -> set[tuple[int, int]]:
    starts = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            value = first.value if isinstance(first, ast.Expr) else None
            if (
                first is not None
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
            ):
                starts.add((first.lineno, first.col_offset))
    return starts


def mentions(source: str, pattern: re.Pattern[str]) -> list[str]:
    """``line: token`` for every identifier or non-docstring literal matching ``pattern``."""
    skip = docstring_starts(ast.parse(source))
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in (tokenize.NAME, tokenize.STRING) or token.start in skip:
            continue
        if pattern.search(token.string):
            found.append(f"{token.start[0]}: {token.string[:60]}")
    return found


def test_the_check_sees_identifiers_and_literals_but_not_docstrings() -> None:
    pattern = re.compile("acme", re.IGNORECASE)
    source = '"""Acme is fine here."""\nACME_URL = "https://acme.example"  # and Acme here\n'
    assert mentions(source, pattern) == ["2: ACME_URL", '2: "https://acme.example"']


@pytest.mark.parametrize("path", SHARED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_marketplace_is_named_in_code(path: Path) -> None:
    pattern = re.compile("|".join(sorted(names())), re.IGNORECASE)
    assert mentions(path.read_text(encoding="utf-8"), pattern) == []
