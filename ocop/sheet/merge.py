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
from datetime import date
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from ocop.i18n import _
from ocop.model import Address, Catalog, Certification, Producer, Product, Sku
from ocop.problem import Path as DataPath
from ocop.sheet.comments import append, keep_trailing, set_key
from ocop.sheet.layout import PRODUCERS, PRODUCTS, SKUS, Column, SheetLayout
from ocop.sheet.reading import SheetProblem, SheetRow
from ocop.sheet.values import Plain, model_value, same, shown_certification


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
            old=empty if self.old is None else _shown(self.old),
            new=empty if self.new is None else _shown(self.new),
        )


def _shown(value: Plain) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


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


def merge(doc: CommentedMap, catalog: Catalog, rows: dict[str, list[SheetRow]]) -> Merge:
    """Apply the sheet's rows to ``doc`` (catalog.yaml as ruamel loaded it), in place."""
    result = Merge()
    _merge_records(doc, catalog.producers, rows["producers"], PRODUCERS, result)
    _merge_records(doc, catalog.products, rows["products"], PRODUCTS, result)
    _merge_skus(doc, catalog, rows["skus"], result)
    return result


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
) -> None:
    items = _section(doc, layout.section)
    known = {record.id: n for n, record in enumerate(records)}
    for row in rows:
        position = known.get(str(row.key)) if row.key is not None else None
        if position is None:
            append(items, _new_record(row))
            position = len(items) - 1
            result.added.append(_label(layout, row))
            result.changed_rows.append(row)
        elif edits := _update(items[position], records[position], row, None):
            result.updated.append(_label(layout, row))
            result.changed_rows.append(row)
            result.edits += edits
        result.locations[(layout.section, position)] = row
    seen = {str(r.key) for r in rows}
    result.missing += [_label_id(layout, r.id) for r in records if r.id not in seen]


def _merge_skus(doc: CommentedMap, catalog: Catalog, rows: list[SheetRow], result: Merge) -> None:
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
                result.problems.append(_moved(row, product.id))
                continue
            if edits := _update(products[n]["skus"][m], sku, row, product):
                result.updated.append(_label(SKUS, row))
                result.changed_rows.append(row)
                result.edits += edits
            result.locations[("products", n, "skus", m)] = row
            continue
        n_new = product_at.get(str(row.values.get("product")))
        if n_new is None:
            result.problems.append(_no_product(row))
            continue
        skus = products[n_new].get("skus")
        if skus is None:
            skus = CommentedSeq([_new_record(row)])
            set_key(products[n_new], "skus", skus, list(Product.model_fields))
        else:
            append(skus, _new_record(row))
        result.locations[("products", n_new, "skus", len(skus) - 1)] = row
        result.added.append(_label(SKUS, row))
        result.changed_rows.append(row)
    seen = {str(r.key) for r in rows}
    result.missing += [_label_id(SKUS, s) for s in where if s not in seen]


def _update(
    item: CommentedMap, record: BaseModel, row: SheetRow, product: Product | None
) -> list[CellEdit]:
    """Write the cells that differ from ``record`` into ``item``; returns them."""
    edits = []
    for column in row.layout.columns:
        if column.key or column.fixed:
            continue
        new, old = row.values.get(column.field), model_value(column, record, product)
        if same(new, old):
            continue
        target, path, model = item, column.field.split("."), type(record)
        if path[0] == "cert" and isinstance(record, Product):
            target = item["certifications"][shown_certification(record.certifications)]
            path, model = path[1:], Certification
        _put(target, path, new, model)
        edits.append(CellEdit(row, column, old, new))
    return edits


def _put(item: CommentedMap, path: list[str], value: Plain, model: type[BaseModel]) -> None:
    for part in path[:-1]:
        if item.get(part) is None:
            set_key(item, part, CommentedMap(), list(model.model_fields))
        item, model = item[part], _NESTED[part]
    key = path[-1]
    if value is None:
        if key in item:
            keep_trailing(item, lambda: item.pop(key))
    elif isinstance(value, str) and isinstance(item.get(key), ScalarString):
        old = item[key]  # keep the quotes or block style (| or >) the file used, and its end
        item[key] = type(old)(value + "\n" if old.endswith("\n") else value)
    else:  # a date is written plainly (2025-06-26), which the loader reads back as a date
        set_key(item, key, _scalar(value), list(model.model_fields))


_NESTED: dict[str, type[BaseModel]] = {"address": Address}


_LOOKS_TYPED = re.compile(r"[-+]?[\d.,_]+|true|false|null|~|yes|no|on|off", re.IGNORECASE)


def _scalar(value: Plain) -> Any:
    """Text that YAML would read as a number or a flag is written in double quotes."""
    if isinstance(value, str) and _LOOKS_TYPED.fullmatch(value):
        return DoubleQuotedScalarString(value)
    return value


_ORDER: dict[str, type[BaseModel]] = {"producers": Producer, "products": Product, "skus": Sku}


def _new_record(row: SheetRow) -> CommentedMap:
    """A record for a new row, keys in the model's order; the shown certification too."""
    record: dict[str, Any] = {}
    cert: dict[str, Any] = {}
    for column in row.layout.columns:
        value = row.values.get(column.field)
        if value is None or column.field == "product":
            continue
        path = column.field.split(".")
        if path[0] == "cert":
            cert[path[1]] = _scalar(value)
        elif len(path) == 2:
            record.setdefault(path[0], CommentedMap())[path[1]] = _scalar(value)
        else:
            record[path[0]] = _scalar(value)
    if row.layout is PRODUCTS:
        ordered_cert = CommentedMap((k, cert[k]) for k in Certification.model_fields if k in cert)
        record["certifications"] = CommentedSeq([ordered_cert])
    model = _ORDER[row.layout.section]
    return CommentedMap((k, record[k]) for k in model.model_fields if k in record)


def _label(layout: SheetLayout, row: SheetRow) -> str:
    return _label_id(layout, str(row.key) if row.key is not None else f"#{row.row}")


def _label_id(layout: SheetLayout, ident: str) -> str:
    return f"{layout.title}: {ident}"


def _moved(row: SheetRow, product_id: str) -> SheetProblem:
    column = SKUS.column_of("product")
    return SheetProblem(
        SKUS.title,
        row.row,
        column,
        _(
            "SKU {sku} belongs to {product}; moving a SKU to another product is done in "
            "catalog.yaml, not in the sheet"
        ).format(sku=row.key, product=product_id),
        SKUS.letter(column),
    )


def _no_product(row: SheetRow) -> SheetProblem:
    column = SKUS.column_of("product")
    product = row.values.get("product")
    message = (
        _("write the id of the SKU's product (from the sheet {sheet})")
        if product is None
        else _("no product {id!r} in the sheet {sheet} or in catalog.yaml")
    )
    return SheetProblem(
        SKUS.title,
        row.row,
        column,
        message.format(id=product, sheet=PRODUCTS.title),
        SKUS.letter(column),
    )
