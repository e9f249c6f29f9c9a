"""Catalogue ⇄ spreadsheet round trip for staff who work in Excel or LibreOffice.

``export_sheet`` writes an XLSX of producers, products and SKUs; ``plan_import`` reads an
edited sheet back and merges it into catalog.yaml's text (comments and order kept), returning
the new text, its problems and what changed; ``write_catalog`` saves it atomically with a
backup. Nothing is written while the merged catalogue has errors.
"""

from ocop.sheet.export import export_sheet
from ocop.sheet.importing import ImportPlan, plan_import, write_catalog

__all__ = ["ImportPlan", "export_sheet", "plan_import", "write_catalog"]
