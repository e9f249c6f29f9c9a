"""``ocop report`` on the command line: options, outputs and clean errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from ocop.cli import cli

AS_OF = ["--as-of", "2026-01-15"]


def _run(catalog_path: Path, state_path: Path, *args: str) -> tuple[int, str, bytes]:
    runner = CliRunner()
    argv = ["report", "--catalog", str(catalog_path), "--state", str(state_path), *AS_OF, *args]
    result = runner.invoke(cli, argv)
    return result.exit_code, result.output, result.stdout_bytes


def test_json_from_the_state_store(catalog_path: Path, state_path: Path) -> None:
    code, _out, data = _run(catalog_path, state_path, "--format", "json", "--by", "marketplace")
    assert code == 0
    doc = json.loads(data)
    assert [t["key"] for t in doc["tables"]] == ["marketplace"]
    total = doc["tables"][0]["total"]["values"]
    assert (total["skus_claimed"], total["skus_on_sale"], total["products_on_sale"]) == (8, 5, 3)
    assert "on_sale" in doc["definitions"] and doc["listings"]["taken_down"]
    assert doc["as_of"] == "2026-01-15"


def test_one_marketplace_in_english_csv(catalog_path: Path, state_path: Path) -> None:
    code, _out, data = _run(
        catalog_path, state_path, "--format", "csv", "-m", "voso", "--by", "star", "--lang", "en"
    )
    assert code == 0
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Table", "Key", "By star rating", "Products"]
    assert not any("Postmart" in h for h in rows[0])
    assert rows[1][:3] == ["star", "3", "3 stars"]


def test_xlsx_to_a_file_and_freshness_window(
    catalog_path: Path, state_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.xlsx"
    code, _o, _d = _run(
        catalog_path, state_path, "--format", "xlsx", "-o", str(out), "--fresh-days", "30"
    )
    assert code == 0
    sheet = load_workbook(out)["Theo sàn"]
    voso = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "voso")
    assert voso[3] == 5  # SKUs on sale: with 30 days, the mật ong crawl of 5 January counts


def test_a_missing_state_file_is_a_clean_error(catalog_path: Path, tmp_path: Path) -> None:
    code, output, _d = _run(catalog_path, tmp_path / "nowhere.db")
    assert code == 1
    assert "nowhere.db" in output and "Traceback" not in output
    assert not (tmp_path / "nowhere.db").exists()


def test_every_option_has_help() -> None:
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert result.exit_code == 0
    for option in (
        "--catalog",
        "--state",
        "--as-of",
        "--marketplace",
        "--by",
        "--format",
        "--output",
        "--fresh-days",
    ):
        assert option in result.output


def test_an_unknown_marketplace_is_refused(catalog_path: Path, state_path: Path) -> None:
    code, output, _d = _run(catalog_path, state_path, "-m", "vosoo")
    assert code == 1
    assert "vosoo" in output and "postmart, voso" in output and "Traceback" not in output


def test_the_html_report_is_headed_as_ocop_toml_says(
    catalog_path: Path, state_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "ocop.toml"
    config.write_text(
        '[report]\nnumber = "125/BC-SNNMT"\nsigner_name = "Nguyễn Văn A"\n', encoding="utf-8"
    )
    monkeypatch.setenv("OCOP_CONFIG", str(config))
    code, _out, data = _run(catalog_path, state_path, "--format", "html")
    page = data.decode("utf-8")
    assert code == 0 and "125/BC-SNNMT" in page and "Nguyễn Văn A" in page
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    config.write_text('[report]\nsigner = "x"\n', encoding="utf-8")  # a misspelt key
    code, out, _data = _run(catalog_path, state_path, "--format", "html")
    assert code != 0 and "ocop.toml" in out and "signer" in out and "Traceback" not in out
