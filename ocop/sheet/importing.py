"""Import an edited sheet: merge, validate, show the change, and write it safely.

    sheet ──read──▶ rows ──merge into ruamel doc of catalog.yaml──▶ new text
    new text ──read_catalog_text──▶ problems, each traced back to its sheet, row and column

``plan_import`` never writes; ``write_catalog`` writes a plan only when it has no errors and
the catalogue has not changed since the plan was made.
"""

from __future__ import annotations

import difflib
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ocop.errors import CatalogFileError, CatalogInvalid
from ocop.i18n import _
from ocop.loading import read_catalog, read_catalog_text
from ocop.problem import Problem
from ocop.sheet.export import fingerprint
from ocop.sheet.merge import Base, Merge, merge
from ocop.sheet.photos import prepare_photos
from ocop.sheet.reading import SheetContents, SheetProblem, SheetRow, read_workbook


@dataclass(frozen=True)
class ImportPlan:
    """What importing a sheet would do to catalog.yaml."""

    catalog_path: Path
    old_text: str
    new_text: str
    merge: Merge
    sheet_problems: list[SheetProblem]  # traced to a cell of the sheet
    catalog_problems: list[Problem]  # elsewhere in catalog.yaml (lines of the merged text)
    stale: bool  # catalog.yaml changed since the sheet was exported
    exported_at: str
    three_way: bool = False  # stale, but merged against the exported text: only edits applied
    notices: tuple[SheetProblem, ...] = ()  # what import did for the clerk (a photo fitted)

    @property
    def refused_as_stale(self) -> bool:
        """Stale and without the exported text to merge against: the sheet would undo changes."""
        return self.stale and not self.three_way

    @property
    def has_errors(self) -> bool:
        """Whether the merged catalogue would be invalid: such a plan is never written."""
        return any(p.is_error for p in self.sheet_problems) or any(
            p.is_error for p in self.catalog_problems
        )

    @property
    def changed(self) -> bool:
        """Whether catalog.yaml would change at all."""
        return self.old_text != self.new_text

    def diff(self) -> str:
        """The change as a unified diff of catalog.yaml."""
        name = self.catalog_path.name
        return "".join(
            difflib.unified_diff(
                self.old_text.splitlines(keepends=True),
                self.new_text.splitlines(keepends=True),
                fromfile=name,
                tofile=name,
            )
        )


# (mapping, sequence, dash offset) indentations tried, most common first: ruamel cannot keep
# a file's own indentation, only apply one setting to all of it.
INDENT_STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (4, 6, 2))


def round_trip_yaml(text: str) -> tuple[YAML, Any]:
    """A ruamel loader/dumper that writes ``text`` back as it was (if any style can), and its doc.

    The indentation that reproduces the most lines of the file unchanged is chosen, so an
    edit shows up in the diff as the edited lines only.
    """
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long descriptions
    doc = yaml.load(text)
    best: tuple[int, tuple[int, int, int]] | None = None
    lines = text.splitlines()
    for style in INDENT_STYLES:
        yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
        written = dump(yaml, doc)
        if written == text:
            return yaml, doc
        same_lines = len(set(lines) & set(written.splitlines()))
        if best is None or same_lines > best[0]:
            best = (same_lines, style)
    assert best is not None
    yaml.indent(mapping=best[1][0], sequence=best[1][1], offset=best[1][2])
    return yaml, doc


def dump(yaml: YAML, doc: Any) -> str:
    """The document as YAML text."""
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def plan_import(
    sheet: Path, catalog_path: Path, *, as_of: date | None = None, overwrite: bool = False
) -> ImportPlan:
    """Merge ``sheet`` into ``catalog_path`` in memory and check the result.

    When catalog.yaml changed after the export, only the cells edited in the sheet are
    applied (against the exported text the sheet carries); ``overwrite`` applies every cell
    that differs instead.
    """
    workbook = read_workbook(sheet)
    current = read_catalog(catalog_path, as_of=as_of)
    if current.catalog is None:
        raise CatalogInvalid(catalog_path, current.problems)
    notices, too_small = prepare_photos(
        workbook.rows["products"], current.catalog, catalog_path.parent
    )
    raw = catalog_path.read_bytes()
    stale = workbook.meta.get("catalog_sha256") != fingerprint(raw)
    base = _base(workbook, catalog_path.parent, as_of) if stale and not overwrite else None
    old_text = raw.decode("utf-8-sig")
    # a file saved on Windows keeps its CRLF line ends; ruamel itself writes LF
    newline = "\r\n" if "\r\n" in old_text else "\n"
    yaml, doc = round_trip_yaml(old_text.replace("\r\n", "\n"))
    merged = merge(doc, current.catalog, workbook.rows, base)
    new_text = old_text
    if merged.added or merged.updated:
        new_text = dump(yaml, doc).replace("\n", newline)
    checked = read_catalog_text(new_text.encode(), root=catalog_path.parent, as_of=as_of)
    located, elsewhere = _trace(checked.problems, merged)
    return ImportPlan(
        catalog_path,
        old_text,
        new_text,
        merged,
        [*workbook.problems, *merged.problems, *too_small, *located],
        elsewhere,
        stale=stale,
        exported_at=workbook.meta.get("exported_at", "?"),
        three_way=base is not None,
        notices=tuple(notices),
    )


def _base(workbook: SheetContents, root: Path, as_of: date | None) -> Base | None:
    text = workbook.base_text()
    if text is None:
        return None
    exported = read_catalog_text(text.encode(), root=root, as_of=as_of).catalog
    return Base.of(exported) if exported is not None else None


def _trace(problems: list[Problem], merged: Merge) -> tuple[list[SheetProblem], list[Problem]]:
    """Problems on rows from the sheet become sheet problems; warnings elsewhere are dropped."""
    touched = {id(row) for row in merged.changed_rows}
    located: list[SheetProblem] = []
    elsewhere: list[Problem] = []
    for problem in problems:
        found = _origin(problem, merged)
        if found is None:
            if problem.is_error:
                elsewhere.append(problem)
            continue
        row, field = found
        if field in row.refused:  # the cell's own message (a formula) already says it
            continue
        if problem.is_error or id(row) in touched:
            column = row.layout.column(field)
            located.append(
                SheetProblem(
                    row.layout.title,
                    row.row,
                    column,
                    problem.message if column else f"{field}: {problem.message}",
                    row.layout.letter(column) if column else "",
                    problem.is_error,
                )
            )
    return located, elsewhere


def _origin(problem: Problem, merged: Merge) -> tuple[SheetRow, str] | None:
    path = problem.path
    for cut in range(len(path), 0, -1):
        row = merged.locations.get(path[:cut])
        if row is None:
            continue
        rest = [str(p) for p in path[cut:]]
        if rest[:1] == ["certifications"] and len(rest) >= 3:
            return row, "cert." + rest[2]
        if rest[:1] == ["skus"]:
            continue  # a SKU's own row, when the sheet has it, is a longer prefix
        return row, ".".join(rest) if rest else row.layout.columns[0].field
    return None


def write_catalog(plan: ImportPlan) -> Path:
    """Write the plan's catalogue atomically, keeping the old file as a dated backup.

    Returns the backup's path. Refuses a plan with errors, and one made before catalog.yaml
    was changed by someone else.
    """
    path = plan.catalog_path
    if plan.has_errors:
        raise CatalogInvalid(path, plan.catalog_problems)
    if path.read_bytes().decode("utf-8-sig") != plan.old_text:
        raise CatalogFileError(path, _("changed while the sheet was being imported; run it again"))
    backup = _keep_backup(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(plan.new_text)
            out.flush()
            os.fsync(out.fileno())
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return backup


def _keep_backup(path: Path) -> Path:
    """Copy ``path`` to a new ``<name>.<UTC time>.bak``; never over an existing backup.

    Two imports in the same second (a script, two clerks) each keep their own: the name is
    created exclusively, with -2, -3, … added when the time is already taken.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for n in range(1, 1000):
        backup = path.with_name(f"{path.name}.{stamp}{'' if n == 1 else f'-{n}'}.bak")
        try:
            fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as out, path.open("rb") as original:
            shutil.copyfileobj(original, out)
            out.flush()
            os.fsync(out.fileno())
        shutil.copystat(path, backup)
        return backup
    raise CatalogFileError(path, _("too many backups made this second; try again"))
