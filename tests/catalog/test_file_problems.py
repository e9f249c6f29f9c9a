"""File-level trouble gets a clear message at its line, never a traceback."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ocop.errors import CatalogFileError
from ocop.loading import read_catalog, read_catalog_text
from ocop.loading.source import MAX_BYTES
from ocop.problem import Severity

from .conftest import AS_OF, DATA, VALID, check, codes


def read_bytes(raw: bytes):
    return read_catalog_text(raw, root=DATA, as_of=AS_OF)


def test_valid_catalogue_has_no_problems() -> None:
    result = check(VALID)
    assert result.problems == []
    assert result.catalog is not None
    assert result.catalog.products[0].skus[0].price == 250000


def test_bom_is_ignored_with_a_notice() -> None:
    result = read_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert result.catalog is not None
    assert [(p.code, p.severity) for p in result.problems] == [("bom", Severity.NOTICE)]


def test_utf16_is_refused() -> None:
    result = read_bytes("\ufeffversion: 1\n".encode("utf-16"))
    assert result.catalog is None
    assert "UTF-16" in result.problems[0].message


def test_non_utf8_names_the_line() -> None:
    raw = VALID.replace("Hảo Đạt", "Hao Dat").encode() + "  # Chè\n".encode("cp1258")
    result = read_bytes(raw)
    assert codes(result) == ["encoding"]
    assert result.problems[0].line == VALID.count("\n") + 1
    assert "UTF-8" in result.problems[0].message


def test_non_utf8_left_to_the_parser_still_names_the_line() -> None:
    # A lone 0xB0 (° in Windows-1252) passes the quick byte checks; the parser refuses it.
    raw = VALID.encode() + b"# 30\xb0C\n"
    result = read_bytes(raw)
    assert codes(result) == ["encoding"]
    assert result.problems[0].line == VALID.count("\n") + 1


def test_zero_width_characters_alone_are_found() -> None:
    for mark in ("\u200b", "\u2060", "\ufeff"):
        result = check(VALID.replace("HTX chè Hảo Đạt", f"HTX chè{mark} Hảo Đạt"))
        assert codes(result) == ["invisible"], mark
        assert result.catalog is not None and result.catalog.producers[0].name == "HTX chè Hảo Đạt"


def test_every_tab_line_is_reported() -> None:
    text = VALID.replace("    name: HTX", "\tname: HTX").replace("    group:", "\tgroup:")
    result = check(text)
    tabs = [p for p in result.problems if p.code == "tab"]
    lines = text.splitlines()
    assert [p.line for p in tabs] == [n for n, line in enumerate(lines, 1) if "\t" in line]
    assert result.catalog is None


def test_nfd_text_is_normalised_and_the_user_told() -> None:
    text = VALID.replace("Chè tôm nõn Hảo Đạt", unicodedata.normalize("NFD", "Chè tôm nõn Hảo Đạt"))
    result = check(text)
    assert result.catalog is not None
    assert result.catalog.products[0].name == "Chè tôm nõn Hảo Đạt"
    (notice,) = result.problems
    assert notice.code == "nfc" and notice.severity is Severity.NOTICE
    assert (
        notice.line
        == text.splitlines().index(
            "    name: " + unicodedata.normalize("NFD", "Chè tôm nõn Hảo Đạt")
        )
        + 1
    )


def test_invisible_characters_are_replaced() -> None:
    text = VALID.replace("HTX chè Hảo Đạt", "HTX\u00a0chè\u200b Hảo Đạt")
    result = check(text)
    assert result.catalog is not None
    assert result.catalog.producers[0].name == "HTX chè Hảo Đạt"
    assert codes(result) == ["invisible"]


def test_oversized_file_is_refused_before_parsing() -> None:
    result = read_bytes(b"#" * (MAX_BYTES + 1))
    assert codes(result) == ["file"]
    assert "MB" in result.problems[0].message


def test_alias_bomb_is_refused() -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 12):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        bomb.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    result = check("\n".join(bomb) + "\n")
    assert result.catalog is None
    assert codes(result) == ["syntax"]


def test_syntax_error_names_line_and_column() -> None:
    result = check(VALID + "  - id: [unclosed\n    name: x\n")
    (problem,) = result.problems
    assert problem.code == "syntax"
    assert problem.line is not None and problem.line > VALID.count("\n")


def test_yaml_11_booleans_do_not_surprise() -> None:
    # YAML 1.1 turns a bare `no` into false; ocop reads YAML 1.2, where it stays text ...
    result = check(VALID.replace("street: Xóm Nam Đồng", "street: no"))
    assert result.catalog is not None
    assert result.catalog.producers[0].address.street == "no"
    # ... and where a true/false is wanted, yes/no get a message saying how to write it.
    result = check(VALID.replace("voso:\n", "voso:\n    enabled: yes\n"))
    assert codes(result) == ["ocop_bool"]
    assert "true or false" in result.problems[0].message


def test_duplicate_key_alone_is_reported_with_both_lines() -> None:
    text = VALID.replace("    kind: hop_tac_xa\n", "    kind: hop_tac_xa\n    kind: doanh_nghiep\n")
    result = check(text)
    (problem,) = result.problems
    first = text.splitlines().index("    kind: hop_tac_xa") + 1
    assert (problem.code, problem.line, problem.also) == ("duplicate_key", first + 1, (first,))
    assert result.catalog is None


def test_top_level_must_be_fields() -> None:
    assert codes(check("- a\n- b\n")) == ["shape"]


def test_empty_file_is_an_error_not_an_empty_catalogue() -> None:
    # An empty catalogue.yaml is a file that lost its content, not a province without products.
    for text in ("", "\n\n", "# only a comment\n", "---\n"):
        result = check(text)
        assert result.catalog is None
        assert [(p.code, p.line, p.column) for p in result.problems] == [("empty", 1, 1)], text


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogFileError, match="no such file"):
        read_catalog(tmp_path / "nope.yaml")
