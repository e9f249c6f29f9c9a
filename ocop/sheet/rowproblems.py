"""What can be wrong with one row of a sheet as it is merged, each worded at its cell."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ocop.i18n import _
from ocop.model import Sku
from ocop.sheet.layout import PRODUCTS, SKUS, Column
from ocop.sheet.reading import SheetProblem, SheetRow
from ocop.sheet.values import Plain


def shown(value: Plain) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def deleted_since(row: SheetRow) -> SheetProblem:
    return SheetProblem(
        row.layout.title,
        row.row,
        row.layout.columns[0],
        _("{id} was deleted from catalog.yaml after the export; it is not added again").format(
            id=row.key
        ),
        "A",
        is_error=False,
    )


def sheet_problem(
    row: SheetRow, column: Column, message: str, *, is_error: bool = True
) -> SheetProblem:
    """A problem at one cell of a row."""
    return SheetProblem(
        row.layout.title, row.row, column, message, row.layout.letter(column), is_error
    )


def conflict(row: SheetRow, column: Column, current: Plain) -> SheetProblem:
    """A cell changed in the sheet and, to another value, in catalog.yaml since the export."""
    return SheetProblem(
        row.layout.title,
        row.row,
        column,
        _(
            "catalog.yaml was changed here too after the export (now {current}); "
            "keep one: put that value in the cell, or export again"
        ).format(current=_("(empty)") if current is None else shown(current)),
        row.layout.letter(column),
    )


def moved(row: SheetRow, product_id: str) -> SheetProblem:
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


def no_product(row: SheetRow) -> SheetProblem:
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


def alone(row: SheetRow, record: dict[str, Any]) -> list[SheetProblem]:
    """The problems of a new SKU row's own cells, when the row cannot be placed in the
    catalogue (its product is unknown): every problem of the sheet in one pass."""
    from ocop.loading.messages import describe
    from ocop.values import explain_errors

    try:
        TypeAdapter(Sku).validate_python(dict(record))
    except ValidationError as exc:
        found = []
        for error in explain_errors(exc.errors(include_url=False)):
            column = row.layout.column(str(error["loc"][0])) if error["loc"] else None
            if column is not None and error["type"] != "missing":  # the product message says it
                found.append(sheet_problem(row, column, describe(error, None)))
        return found
    return []
