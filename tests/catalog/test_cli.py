"""`ocop validate`, `ocop schema`, `ocop summary` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from ocop.cli import cli

from .conftest import DATA, VALID

ROOT = Path(__file__).parents[2]


def write(tmp_path: Path, text: str) -> Path:
    shutil.copytree(DATA / "images", tmp_path / "images")
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    good = write(tmp_path, VALID)
    assert runner.invoke(cli, ["validate", str(good), "--as-of", "2026-11-22"]).exit_code == 0
    good.write_text(VALID.replace("price: 250000", "price: 250.000"), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(good)])
    assert result.exit_code == 1
    line = VALID.splitlines().index("        price: 250000") + 1
    assert f"catalog.yaml:{line}:16: products.che-tom-non.skus.HD-CTN-100.price:" in result.output
    assert runner.invoke(cli, ["validate", str(good), "--as-of", "not-a-date"]).exit_code == 2
    assert runner.invoke(cli, ["validate", "--format", "xml"]).exit_code == 2


def test_validate_json(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("unit: hop", "unit: hopp"))
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["errors"] == 1
    (problem,) = report["problems"]
    assert problem["path"] == ["products", 0, "skus", 0, "unit"]
    assert "hop" in problem["message"]


def test_missing_file_is_one_clean_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "no such file" in result.output


def test_schema_is_the_committed_file_and_referenced_from_the_catalogue() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    schema = json.loads(result.stdout)
    assert schema == json.loads((ROOT / "catalog.schema.json").read_text(encoding="utf-8"))
    assert "products" in schema["properties"]
    header = (ROOT / "catalog.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert header == "# yaml-language-server: $schema=./catalog.schema.json"


def test_summary_counts_the_real_catalogue() -> None:
    result = CliRunner().invoke(
        cli, ["summary", str(ROOT / "catalog.yaml"), "--as-of", "2026-11-22"]
    )
    assert result.exit_code == 0, result.output
    assert "Xã Tân Cương" in result.output


def test_relative_catalogue_path_resolves_images(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, VALID)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "catalog.yaml", "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.output
