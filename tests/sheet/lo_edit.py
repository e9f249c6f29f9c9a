"""Edit an exported sheet in headless LibreOffice over UNO, as a person would, and save as XLSX.

Run with the system Python that has the ``uno`` module (Debian: python3-uno):

    /usr/bin/python3 lo_edit.py PIPE_NAME SOURCE.xlsx TARGET.xlsx EDITS.json

EDITS.json: {"cells": {"SKU!H2": 260000, ...}, "rows": {"SKU": [values of a new row]}}.
Strings go in as text, numbers as numbers. Only unlocked cells are touched, so the sheet
protection set by the export stays on.
"""

import contextlib
import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + 90
    while True:
        try:
            return resolver.resolve(url)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def put(cell, value):
    if isinstance(value, str):
        cell.setString(value)
    elif value is not None:
        cell.setValue(value)


def first_empty_row(sheet):
    row = 1  # 0-based: row 1 is the first data row
    while sheet.getCellByPosition(0, row).getString():
        row += 1
    return row


def sort_rows(sheet, column, descending):
    """Sort the data rows by one column, as Data ▸ Sort would (raises on a protected cell)."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_column = cursor.getRangeAddress().EndColumn
    data = sheet.getCellRangeByPosition(0, 1, last_column, first_empty_row(sheet) - 1)
    field = uno.createUnoStruct("com.sun.star.table.TableSortField")
    field.Field = column
    field.IsAscending = not descending
    descriptor = data.createSortDescriptor()
    for prop_ in descriptor:
        if prop_.Name == "SortFields":
            prop_.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
    data.sort(descriptor)


def main(pipe, source, target, edits_path):
    with open(edits_path, encoding="utf-8") as fh:
        edits = json.load(fh)
    ctx = connect(pipe)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),)
    )
    sheets = doc.getSheets()
    for ref, value in edits.get("cells", {}).items():
        title, address = ref.split("!")
        put(sheets.getByName(title).getCellRangeByName(address), value)
    for title, (column, descending) in edits.get("sort", {}).items():
        sheet = sheets.getByName(title)
        assert sheet.isProtected(), title  # sorting is allowed on the protected sheet
        sort_rows(sheet, column, descending)
    for title, values in edits.get("rows", {}).items():
        sheet = sheets.getByName(title)
        row = first_empty_row(sheet)
        for column, value in enumerate(values):
            put(sheet.getCellByPosition(column, row), value)
    doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
    # the office quits while answering, so the bridge drops: that is the expected end
    with contextlib.suppress(Exception):
        desktop.terminate()


if __name__ == "__main__":
    main(*sys.argv[1:5])
