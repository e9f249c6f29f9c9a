"""``ocop init`` starts a valid, empty catalogue that the sheet can then fill."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ocop.cli import cli
from ocop.loading import load_catalog
from ocop.scaffold import SCHEMA_HEADER
from ocop.sheet.export import export_sheet
from ocop.sheet.importing import plan_import, write_catalog
from tests.sheet.conftest import edit


def test_init_writes_a_valid_catalogue_with_its_schema(tmp_path: Path) -> None:
    folder = tmp_path / "htx"
    result = CliRunner().invoke(
        cli, ["init", str(folder), "--province", "Bắc Kạn", "--title", "HTX Hảo Đạt"]
    )
    assert result.exit_code == 0, result.output
    text = (folder / "catalog.yaml").read_text(encoding="utf-8")
    assert (
        text.splitlines()[0]
        == SCHEMA_HEADER
        == "# yaml-language-server: $schema=./catalog.schema.json"
    )
    schema = json.loads((folder / "catalog.schema.json").read_text(encoding="utf-8"))
    assert schema["title"].startswith("OCOP catalogue") and "products" in schema["properties"]
    assert (folder / "images").is_dir()
    catalog = load_catalog(folder / "catalog.yaml")
    assert catalog.province == "Bắc Kạn" and catalog.products == []
    validated = CliRunner().invoke(cli, ["validate", str(folder / "catalog.yaml")])
    assert validated.exit_code == 0, validated.output


def test_init_never_overwrites_a_catalogue(tmp_path: Path) -> None:
    (tmp_path / "catalog.yaml").write_text("version: 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--lang", "vi", "init", str(tmp_path)])
    assert result.exit_code == 1
    assert "đã có sẵn" in result.output
    assert (tmp_path / "catalog.yaml").read_text(encoding="utf-8") == "version: 1\n"


def test_a_new_catalogue_is_filled_from_the_sheet(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    catalogue = tmp_path / "catalog.yaml"
    sheet = tmp_path / "catalog.xlsx"
    export_sheet(load_catalog(catalogue), catalogue.read_bytes(), catalogue.name, sheet)
    filled = edit(
        sheet,
        {},
        {
            "Chủ thể": [
                "htx-a",
                "HTX A",
                "hop_tac_xa – Hợp tác xã",
                None,
                None,
                None,
                "05503 – Xã Tân Cương",
            ],
            "Sản phẩm": [
                "san-pham-a",
                "Sản phẩm A",
                "htx-a",
                "thuc_pham – Thực phẩm",
                None,
                "Mô tả.",
                3,
                "12/QĐ-UBND",
                "15/05/2025",
                "tinh – Tỉnh",
            ],
        },
    )
    plan = plan_import(filled, catalogue)
    assert not plan.has_errors, [str(p) for p in plan.sheet_problems]
    write_catalog(plan)
    text = catalogue.read_text(encoding="utf-8")
    assert "producers:\n  - id: htx-a\n" in text
    assert text.index("# Sản phẩm đã được công nhận") > text.index(
        "  - id: htx-a"
    )  # comment kept in place
    assert load_catalog(catalogue).product("san-pham-a") is not None


def test_init_lists_the_installed_marketplaces(tmp_path: Path) -> None:
    from ocop.registry import marketplaces

    result = CliRunner().invoke(cli, ["--lang", "en", "init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "catalog.yaml").read_text(encoding="utf-8")
    for name, found in marketplaces().items():
        assert f"{name} ({found.label.en})" in result.output
        assert f"{name} ({found.label.vi})" in text


def test_the_scaffold_says_when_no_marketplace_is_installed() -> None:
    from ocop.scaffold import catalog_text

    assert "Chưa cài sàn nào" in catalog_text("Thái Nguyên", installed={})
    assert "#   shop:" in catalog_text("Thái Nguyên", installed={"shop": "Shop.vn"})
