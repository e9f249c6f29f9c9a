"""Messages are translated where they are used, never when a module is imported.

A ``_()`` evaluated at import (a module constant, a class attribute, a decorator's argument, a
default value) freezes the language of whoever imported the module first: ``--lang`` given
after it, or a second command in the same process, would get the first language. Text written
down before it is shown is marked ``N_()`` and translated at use.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("ocop", "connectors", "spiders")


def _evaluated_at_import(tree: ast.AST) -> Iterator[ast.Call]:
    """Calls of ``_`` / ``ngettext`` that run when the module is imported."""

    def visit(node: ast.AST) -> Iterator[ast.Call]:
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
            yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            # decorators and default values run at import; the body does not
            for part in (*node.decorator_list, *node.args.defaults, *node.args.kw_defaults):
                if part is not None:
                    yield from visit(part)
            return
        if isinstance(node, ast.Lambda):
            return
        for child in ast.iter_child_nodes(node):
            yield from visit(child)

    yield from visit(tree)


def offenders(root: Path = ROOT) -> list[str]:
    found = []
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            if ".venv" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for call in _evaluated_at_import(tree):
                found.append(f"{path.relative_to(root)}:{call.lineno}")
    return found


def test_no_message_is_translated_at_import() -> None:
    found = offenders()
    assert found == [], "mark these with N_() and translate them where they are shown:\n" + (
        "\n".join(found)
    )


def test_the_check_finds_a_constant_a_decorator_and_a_default(tmp_path: Path) -> None:
    planted = tmp_path / "ocop" / "planted.py"
    planted.parent.mkdir()
    planted.write_text(
        "from ocop.i18n import _, N_\n"
        "TITLE = _('frozen at import')\n"
        "@command(help=_('also frozen'))\n"
        "def f(x=_('a default')):\n"
        "    return _('translated at use'), N_('marked only')\n"
        "class C:\n"
        "    label = _('a class attribute')\n"
        "    def m(self):\n"
        "        return _('fine')\n",
        encoding="utf-8",
    )
    lines = sorted(int(entry.rsplit(":", 1)[1]) for entry in offenders(tmp_path))
    assert lines == [2, 3, 4, 7]
