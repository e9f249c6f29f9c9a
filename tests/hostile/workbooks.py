"""Forge workbooks the way a hostile user would: at the level of the zip and its XML parts.

openpyxl can only write what Excel could (it cuts a cell at 32,767 characters, refuses control
characters, numbers rows itself), so the hostile sheets are made by editing an exported
workbook's parts directly.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

SHEET_PARTS = {  # as `ocop sheet export` writes them, in this order
    "Chủ thể": "xl/worksheets/sheet1.xml",
    "Sản phẩm": "xl/worksheets/sheet2.xml",
    "SKU": "xl/worksheets/sheet3.xml",
    "_ocop": "xl/worksheets/sheet5.xml",
}


def parts(xlsx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(xlsx) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rebuild(xlsx: Path, changes: dict[str, bytes], target: Path) -> Path:
    """A copy of ``xlsx`` with some parts replaced or added."""
    merged = {**parts(xlsx), **changes}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in merged.items():
            archive.writestr(name, data)
    return target


def sheet_xml(xlsx: Path, title: str) -> str:
    return parts(xlsx)[SHEET_PARTS[title]].decode("utf-8")


def with_cell(xml: str, ref: str, cell: str) -> str:
    """The sheet XML with the cell ``ref`` replaced by the raw ``cell`` element."""
    pattern = re.compile(rf'<c r="{ref}"(?: [^>]*)?(?:/>|>.*?</c>)', re.DOTALL)
    assert pattern.search(xml), ref
    return pattern.sub(lambda _m: cell, xml, count=1)


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def change_cell(xlsx: Path, title: str, ref: str, cell: str, target: Path) -> Path:
    xml = with_cell(sheet_xml(xlsx, title), ref, cell)
    return rebuild(xlsx, {SHEET_PARTS[title]: xml.encode("utf-8")}, target)


def append_rows(xlsx: Path, title: str, rows: Iterator[str], target: Path) -> Path:
    """Add raw ``<row>`` elements at the end of a sheet, streamed into the zip."""
    xml = sheet_xml(xlsx, title)
    head, tail = xml.split("</sheetData>", 1)
    merged = parts(xlsx)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in merged.items():
            if name != SHEET_PARTS[title]:
                archive.writestr(name, data)
                continue
            with archive.open(name, "w", force_zip64=True) as out:
                out.write(head.encode("utf-8"))
                for row in rows:
                    out.write(row.encode("utf-8"))
                out.write(("</sheetData>" + tail).encode("utf-8"))
    return target


SHARED = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    'uniqueCount="1"><si><t>{text}</t></si></sst>'
)


def with_shared_string(xlsx: Path, title: str, ref: str, text: str, target: Path) -> Path:
    """Put ``text`` in a shared-strings table, as Excel does, and point the cell at it.

    Excel writes a control character as ``_x0007_`` there, and readers turn it back.
    """
    files = parts(xlsx)
    rels = (
        files["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdShared"/>'
            "</Relationships>",
        )
    )
    types = (
        files["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    )
    xml = with_cell(sheet_xml(xlsx, title), ref, f'<c r="{ref}" t="s"><v>0</v></c>')
    return rebuild(
        xlsx,
        {
            "xl/_rels/workbook.xml.rels": rels.encode(),
            "[Content_Types].xml": types.encode(),
            "xl/sharedStrings.xml": SHARED.format(text=text).encode("utf-8"),
            SHEET_PARTS[title]: xml.encode("utf-8"),
        },
        target,
    )
