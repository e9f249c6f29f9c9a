"""Every hostile catalogue of the corpus gets exactly its messages, at their places, no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocop.cli import cli
from ocop.i18n import set_language
from ocop.loading import read_catalog
from ocop.problem import format_text

from .catalogues import AS_OF, BASE, CASES, Case, picture


def test_the_corpus_is_large_and_its_names_unique() -> None:
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)


def test_the_base_is_valid_and_quiet(tmp_path: Path) -> None:
    result = _load(Case("base", BASE, []), tmp_path)
    assert result.problems == [] and result.catalog is not None


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_catalogue(case: Case, tmp_path: Path) -> None:
    result = _load(case, tmp_path)
    found = [(p.line, p.column, p.code) for p in result.problems]
    assert found == case.expected, format_text("catalog.yaml", result.problems)
    if any(p.is_error for p in result.problems):
        assert result.catalog is None
    for language in ("en", "vi"):  # every message can be shown, in both languages
        set_language(language)
        assert format_text("catalog.yaml", _load(case, tmp_path).problems).count("\n") + 1 >= len(
            case.expected
        )
    set_language("en")


def test_a_python_tag_runs_nothing(tmp_path: Path) -> None:
    case = next(c for c in CASES if "python object" in c.name)
    _load(case, tmp_path)
    assert not Path("/tmp/ocop-pwned").exists()


def _load(case: Case, tmp_path: Path):  # type: ignore[no-untyped-def]
    home = tmp_path / "shop" / "catalogue"
    if home.exists():
        shutil.rmtree(tmp_path / "shop")
    (home / "images").mkdir(parents=True)
    (home / "images" / "ok.png").write_bytes(picture("PNG", (300, 300)))
    for name, make in case.files.items():
        make(home / name)
    path = home / "catalog.yaml"
    path.write_bytes(case.text if isinstance(case.text, bytes) else case.text.encode("utf-8"))
    limits = {"voso": case.limits}.get if case.limits is not None else None
    return read_catalog(path, as_of=AS_OF, limits=limits, decode_pictures=True)  # as validate


def test_every_load_reads_headers_and_validate_decodes(tmp_path: Path) -> None:
    cut = next(c for c in CASES if c.name == "a JPEG cut short")
    text_file = next(c for c in CASES if c.name == "a text file named .jpg")
    _load(cut, tmp_path)  # lays out the folder
    path = tmp_path / "shop" / "catalogue" / "catalog.yaml"
    assert read_catalog(path, as_of=AS_OF).problems == []  # the header is whole: push time
    result = CliRunner().invoke(cli, ["validate", str(path), "--as-of", "2026-11-22"])
    assert result.exit_code == 1 and ":20:14: " in result.output and "cut short" in result.output
    _load(text_file, tmp_path)
    assert [p.code for p in read_catalog(path, as_of=AS_OF).problems] == ["image"]
