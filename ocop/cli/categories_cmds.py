"""``ocop categories``: each marketplace's category tree, the catalogue's map resolved on it,
and a suggested category for every group the catalogue sends there (thin over ``ocop.api``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ocop import api
from ocop.categories import CategoryChoice, CategoryTree, Unresolved
from ocop.categories.files import category_data
from ocop.cli.localise import command, option
from ocop.cli.options import catalog_option
from ocop.connector import Category
from ocop.i18n import N_, _
from ocop.sync import CategoryList


def _tree_lines(tree: CategoryTree) -> list[str]:
    lines: list[str] = []

    def walk(node: Category | None, depth: int) -> None:
        for child in tree.children(node):
            mark = "" if tree.is_leaf(child) else " ›"
            lines.append(f"{'  ' * (depth + 1)}{child.name} [{child.id}]{mark}")
            walk(child, depth + 1)

    walk(None, 0)
    return lines


def _row_lines(tree: CategoryTree, row: CategoryChoice) -> list[str]:
    products = _("{n} product(s)").format(n=row.products)
    via = _(", by {key}").format(key=row.via) if row.via else ""
    head = f"{row.key}  {row.label} ({products}{via})"
    if isinstance(row.resolved, Category):
        return [f"  ✓ {head}: {tree.path(row.resolved)}"]
    if isinstance(row.resolved, Unresolved):
        lines = [f"  ✗ {head}: {row.resolved.reason}"]
    else:
        lines = [f"  ? {head}: " + _("no category mapped")]
    best = row.suggestion.best
    shown = tree.path(best) if best else _("none found: choose one from the list above")
    lines.append("      " + _("suggested: {category}").format(category=shown))
    return lines


def _snippet(found: CategoryList) -> list[str]:
    """The lines to paste into catalog.yaml for every row without a usable category."""
    todo = [r for r in found.rows if not r.ok and r.suggestion.best is not None]
    if not todo:
        return []
    lines = [_("To use the suggestions, write in catalog.yaml:"), "  marketplaces:"]
    lines += [f"    {found.marketplace}:", "      categories:"]
    for row in todo:
        assert row.suggestion.best is not None
        name = found.tree.written(row.suggestion.best)
        lines.append(f"        {row.key}: {json.dumps(name, ensure_ascii=False)}")
    return lines


def _text(found: CategoryList, show_tree: bool) -> list[str]:
    when = found.fetched_at.astimezone().strftime("%Y-%m-%d %H:%M")
    source = _("from the cache; --refresh reads it again") if found.cached else _("read now")
    lines = [
        _("{marketplace}: {n} categories, fetched {when} ({source})").format(
            marketplace=found.marketplace, n=len(found.tree), when=when, source=source
        )
    ]
    if show_tree:
        lines += _tree_lines(found.tree)
    if found.rows:
        lines.append(
            _("The catalogue's groups on {marketplace}:").format(marketplace=found.marketplace)
        )
        for row in found.rows:
            lines += _row_lines(found.tree, row)
    return lines + _snippet(found)


def _data(found: CategoryList) -> dict[str, Any]:
    def resolved(row: CategoryChoice) -> Any:
        if isinstance(row.resolved, Category):
            return {"id": row.resolved.id, "path": found.tree.path(row.resolved)}
        return None

    return {
        "marketplace": found.marketplace,
        "fetched_at": found.fetched_at.isoformat(),
        "categories": category_data(found.tree.categories),
        "groups": [
            {
                "key": r.key,
                "label": r.label,
                "products": r.products,
                "resolved": resolved(r),
                "problem": r.resolved.reason if isinstance(r.resolved, Unresolved) else None,
                "suggested": None
                if r.suggestion.best is None
                else {"id": r.suggestion.best.id, "path": found.tree.path(r.suggestion.best)},
            }
            for r in found.rows
        ],
    }


@command(
    help=N_(
        "Show each marketplace's categories, where the catalogue's groups go, and a "
        "suggested category for each group that has none that works.\n\n"
        "catalog.yaml names categories as the marketplace shows them (a name, or a path such as "
        '"Đồ uống > Trà"); `ocop plan` checks them against the marketplace\'s own list. Lists '
        "are kept a day in .ocop/cache/categories next to the catalogue."
    )
)
@catalog_option()
@option(
    "--marketplace",
    "-m",
    "marketplaces",
    multiple=True,
    metavar=N_("NAME"),
    help=N_("Only this marketplace (repeatable; default: every one the catalogue names)."),
)
@option("--refresh", is_flag=True, help=N_("Read the lists again now, whatever the cache holds."))
@option("--no-tree", is_flag=True, help=N_("Only the catalogue's groups, not the whole tree."))
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help=N_("text: for people; json: for other programs."),
)
def categories(
    catalog_path: Path, marketplaces: tuple[str, ...], refresh: bool, no_tree: bool, fmt: str
) -> None:
    """``categories`` (its help is the translated text above)."""
    catalog = api.load_catalog(catalog_path)
    found = api.category_lists(catalog, marketplaces=marketplaces, refresh=refresh)
    if fmt == "json":
        click.echo(json.dumps([_data(f) for f in found], ensure_ascii=False, indent=2))
        return
    for one in found:
        click.echo("\n".join(_text(one, not no_tree)))
