"""Merge sheet rows into the round-trip YAML document of catalog.yaml.

Only cells whose value differs from the catalogue touch the document, so every other line of
the file (comments, order, quoting, flow lists) comes out as it was. Rows with a new id become
new records at the end of their list; records missing from the sheet are reported, never
deleted. Every record the sheet touches remembers its row, so problems found when the merged
catalogue is validated can name the sheet, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from ocop.i18n import _
from ocop.model import (
    Address,
    Catalog,
    Certification,
    Producer,
    Product,
    Record,
    Sku,
    fields_of,
)
from ocop.problem import Path as DataPath
from ocop.sheet.comments import append, keep_trailing, set_key
from ocop.sheet.layout import MARKET_PREFIX, PRODUCERS, PRODUCTS, SKUS, Column, SheetLayout
from ocop.sheet.reading import SheetProblem, SheetRow
from ocop.sheet.rowproblems import alone, conflict, deleted_since, moved, no_product, shown
from ocop.sheet.values import IMAGE_SEPARATOR, Plain, model_value, same, shown_certification


@dataclass(frozen=True)
class CellEdit:
    """One cell that differs from the catalogue: the change people check before writing."""

    row: SheetRow
    column: Column
    old: Plain
    new: Plain

    def __str__(self) -> str:
        empty = _("(empty)")
        return _("{sheet} {id}, {header}: {old} → {new}").format(
            sheet=self.row.layout.title,
            id=self.row.key,
            header=self.column.header,
            old=empty if self.old is None else shown(self.old),
            new=empty if self.new is None else shown(self.new),
        )


@dataclass
class Merge:
    """What merging did: where each touched record came from and what changed."""

    locations: dict[DataPath, SheetRow] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in catalog.yaml, not in the sheet
    changed_rows: list[SheetRow] = field(default_factory=list)  # rows that added or changed
    edits: list[CellEdit] = field(default_factory=list)  # on existing records
    problems: list[SheetProblem] = field(default_factory=list)


Entry = tuple[Record, Product | None]  # a record, and its product when it is a SKU


@dataclass(frozen=True)
class Base:
    """The catalogue as it was exported, for a sheet made before catalog.yaml last changed.

    Against a base only the cells edited in the sheet are applied (a three-way merge), so
    changes made to catalog.yaml since the export are kept.
    """

    entries: dict[tuple[str, str], Entry]
    catalog: Catalog | None = None  # for the marketplace columns

    @classmethod
    def of(cls, catalog: Catalog) -> Base:
        """Index ``catalog`` by (section, id)."""
        entries: dict[tuple[str, str], Entry] = {}
        entries.update({("producers", p.id): (p, None) for p in catalog.producers})
        entries.update({("products", p.id): (p, None) for p in catalog.products})
        entries.update({("skus", s.sku): (s, p) for p, s in catalog.skus()})
        return cls(entries, catalog)


def merge(
    doc: CommentedMap, catalog: Catalog, rows: dict[str, list[SheetRow]], base: Base | None = None
) -> Merge:
    """Apply the sheet's rows to ``doc`` (catalog.yaml as ruamel loaded it), in place."""
    from ocop.sheet.markets import merge_markets

    result = Merge()
    for section in ("producers", "products", "skus"):  # an id changed in place is refused
        rows[section] = [row for row in rows[section] if not _renamed(row, result)]
    _merge_records(doc, catalog.producers, rows["producers"], PRODUCERS, result, base)
    _merge_records(doc, catalog.products, rows["products"], PRODUCTS, result, base)
    _merge_skus(doc, catalog, rows["skus"], result, base)
    merge_markets(doc, catalog, rows["products"], result, base)
    return result


def _renamed(row: SheetRow, result: Merge) -> bool:
    """Whether the row's id was changed from the one it was exported with (refused)."""
    if row.origin is None or row.key == row.origin:
        return False
    key = row.layout.columns[0]
    result.problems.append(
        SheetProblem(
            row.layout.title,
            row.row,
            key,
            _(
                "the id of a record cannot be changed in the sheet (it was {old!r}): put it "
                "back, or add the record as a new row"
            ).format(old=row.origin),
            row.layout.letter(key),
        )
    )
    return True


def _in_base(base: Base | None, section: str, key: object) -> Entry | None:
    return None if base is None else base.entries.get((section, str(key)))


def _missing(
    result: Merge, layout: SheetLayout, ids: list[str], rows: list[SheetRow], base: Base | None
) -> None:
    seen = {str(r.key) for r in rows}
    for ident in ids:  # a record added to catalog.yaml after the export was never in the sheet
        if ident not in seen and (base is None or (layout.section, ident) in base.entries):
            result.missing.append(_label_id(layout, ident))


def _section(doc: CommentedMap, name: str) -> CommentedSeq:
    if doc.get(name) is None:
        doc[name] = CommentedSeq()
    items: CommentedSeq = doc[name]
    return items


def _merge_records(
    doc: CommentedMap,
    records: Sequence[Producer | Product],
    rows: list[SheetRow],
    layout: SheetLayout,
    result: Merge,
    base: Base | None,
) -> None:
    items = _section(doc, layout.section)
    known = {record.id: n for n, record in enumerate(records)}
    for row in rows:
        position = known.get(str(row.key)) if row.key is not None else None
        if position is None and _in_base(base, layout.section, row.key):
            result.problems.append(deleted_since(row))
            continue
        if position is None:
            append(items, _new_record(row))
            position = len(items) - 1
            result.added.append(_label(layout, row))
            result.changed_rows.append(row)
        else:
            was = _in_base(base, layout.section, row.key)
            edits = _update(items[position], records[position], row, None, was, result.problems)
            _record_edits(result, row, edits)
        result.locations[(layout.section, position)] = row
    _missing(result, layout, [r.id for r in records], rows, base)


def _record_edits(result: Merge, row: SheetRow, edits: list[CellEdit]) -> None:
    if edits:
        result.updated.append(_label(row.layout, row))
        result.changed_rows.append(row)
        result.edits += edits


def _merge_skus(
    doc: CommentedMap, catalog: Catalog, rows: list[SheetRow], result: Merge, base: Base | None
) -> None:
    products = _section(doc, "products")
    where = {
        sku.sku: (n, m, product, sku)
        for n, product in enumerate(catalog.products)
        for m, sku in enumerate(product.skus)
    }
    product_at = {str(item.get("id")): n for n, item in enumerate(products)}
    for row in rows:
        found = where.get(str(row.key))
        if found is not None:
            n, m, product, sku = found
            if row.values.get("product") not in (None, product.id):
                result.problems.append(moved(row, product.id))
                continue
            was = _in_base(base, "skus", row.key)
            item = products[n]["skus"][m]
            _record_edits(result, row, _update(item, sku, row, product, was, result.problems))
            result.locations[("products", n, "skus", m)] = row
        elif _in_base(base, "skus", row.key):
            result.problems.append(deleted_since(row))
        else:
            _add_sku(products, product_at, row, result)
    _missing(result, SKUS, list(where), rows, base)


def _add_sku(
    products: CommentedSeq, product_at: dict[str, int], row: SheetRow, result: Merge
) -> None:
    n = product_at.get(str(row.values.get("product")))
    if n is None:  # it cannot be placed; its own cells are still checked
        result.problems += [no_product(row), *alone(row, _new_record(row))]
        return
    skus = products[n].get("skus")
    if skus is None:
        skus = CommentedSeq([_new_record(row)])
        set_key(products[n], "skus", skus, list(fields_of(Product)))
    else:
        append(skus, _new_record(row))
    result.locations[("products", n, "skus", len(skus) - 1)] = row
    result.added.append(_label(SKUS, row))
    result.changed_rows.append(row)


def _update(
    item: CommentedMap,
    record: Record,
    row: SheetRow,
    product: Product | None,
    was: Entry | None,
    problems: list[SheetProblem],
) -> list[CellEdit]:
    """Write the cells edited in the sheet into ``item``; returns them.

    Without a base every cell that differs from ``record`` counts as edited; with one
    (``was``: the record as exported) only cells that differ from it, and a cell changed in
    both places to different values is a conflict.
    """
    edits = []
    for column in row.layout.columns:
        if not _edited_here(column) or column.field in row.refused:
            continue
        new, old = row.values.get(column.field), model_value(column, record, product)
        before = old if was is None else model_value(column, *was)
        if same(new, old) or same(new, before):
            continue
        if not same(old, before):
            problems.append(conflict(row, column, old))
            continue
        target, path, model = item, column.field.split("."), type(record)
        if path[0] == "cert" and isinstance(record, Product):
            target = item["certifications"][shown_certification(record.certifications)]
            path, model = path[1:], Certification
        _put(target, path, new, model)
        edits.append(CellEdit(row, column, old, new))
    return edits


def _edited_here(column: Column) -> bool:
    """Whether the record itself holds the column's value (not an id, not a marketplace)."""
    fixed = column.key or column.fixed or column.kind == "origin"
    return not fixed and not column.field.startswith(MARKET_PREFIX)


def _put(item: CommentedMap, path: list[str], value: Plain, model: type[object]) -> None:
    for part in path[:-1]:
        if item.get(part) is None:
            set_key(item, part, CommentedMap(), list(fields_of(model)))
        item, model = item[part], _NESTED[part]
    key = path[-1]
    if key == "images" and isinstance(value, str):  # "a.jpg; b.jpg" is a list in the file
        set_key(item, key, CommentedSeq(value.split(IMAGE_SEPARATOR)), list(fields_of(model)))
        return
    if value is None:
        if key in item:
            keep_trailing(item, lambda: item.pop(key))
    elif isinstance(value, str) and isinstance(item.get(key), ScalarString):
        old = item[key]  # keep the quotes or block style (| or >) the file used, and its end
        item[key] = type(old)(value + "\n" if old.endswith("\n") else value)
    else:  # a date is written plainly (2025-06-26), which the loader reads back as a date
        set_key(item, key, _scalar(value), list(fields_of(model)))


_NESTED: dict[str, type[object]] = {"address": Address}


_LOOKS_TYPED = re.compile(r"[-+]?[\d.,_]+|true|false|null|~|yes|no|on|off", re.IGNORECASE)


def _scalar(value: Plain) -> Any:
    """Text that YAML would read as a number or a flag is written in double quotes."""
    if isinstance(value, str) and _LOOKS_TYPED.fullmatch(value):
        return DoubleQuotedScalarString(value)
    return value


_ORDER: dict[str, type[object]] = {"producers": Producer, "products": Product, "skus": Sku}


def _new_record(row: SheetRow) -> CommentedMap:
    """A record for a new row, keys in the model's order; the shown certification too."""
    record: dict[str, Any] = {}
    cert: dict[str, Any] = {}
    for column in row.layout.columns:
        value = row.values.get(column.field)
        if (
            value is None
            or column.field == "product"
            or (not _edited_here(column) and not column.key)
        ):
            continue
        if column.kind == "images":
            record["images"] = CommentedSeq(str(value).split(IMAGE_SEPARATOR))
            continue
        path = column.field.split(".")
        if path[0] == "cert":
            cert[path[1]] = _scalar(value)
        elif len(path) == 2:
            record.setdefault(path[0], CommentedMap())[path[1]] = _scalar(value)
        else:
            record[path[0]] = _scalar(value)
    if row.layout.section == "products":
        ordered_cert = CommentedMap((k, cert[k]) for k in fields_of(Certification) if k in cert)
        record["certifications"] = CommentedSeq([ordered_cert])
    model = _ORDER[row.layout.section]
    return CommentedMap((k, record[k]) for k in fields_of(model) if k in record)


def _label(layout: SheetLayout, row: SheetRow) -> str:
    return _label_id(layout, str(row.key) if row.key is not None else f"#{row.row}")


def _label_id(layout: SheetLayout, ident: str) -> str:
    return f"{layout.title}: {ident}"
