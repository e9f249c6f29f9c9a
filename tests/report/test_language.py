"""The report speaks the language chosen anywhere on the line; unchosen, the department's
Vietnamese, whatever the terminal's locale."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocop import i18n
from ocop.cli import cli


def _headers(catalog_path: Path, state_path: Path, *lang: str, env: dict[str, str]) -> list[str]:
    argv = ["report", "--catalog", str(catalog_path), "--state", str(state_path), "--by", "star"]
    result = CliRunner().invoke(cli, [*lang, *argv, "--format", "csv"], env=env)
    assert result.exit_code == 0, result.output
    i18n.set_language("en")
    return next(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_en_gives_an_english_report(catalog_path: Path, state_path: Path, where: str) -> None:
    env = {"OCOP_LANG": "", "LANG": "vi_VN.UTF-8"}
    if where == "before":
        headers = _headers(catalog_path, state_path, "--lang", "en", env=env)
    else:
        argv = ["report", "--catalog", str(catalog_path), "--state", str(state_path)]
        result = CliRunner().invoke(cli, [*argv, "--by", "star", "--format", "csv", "--lang", "en"])
        headers = next(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert headers[:3] == ["Table", "Key", "By star rating"]


def test_without_a_chosen_language_the_report_is_vietnamese(
    catalog_path: Path, state_path: Path
) -> None:
    headers = _headers(catalog_path, state_path, env={"OCOP_LANG": "", "LANG": "en_US.UTF-8"})
    assert headers[:3] == ["Bảng", "Mã", "Theo hạng sao"]
    chosen = _headers(catalog_path, state_path, env={"OCOP_LANG": "en", "LANG": "vi_VN.UTF-8"})
    assert chosen[:3] == ["Table", "Key", "By star rating"]
