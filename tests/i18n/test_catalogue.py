"""The Vietnamese catalogue covers every message in the source, and the runtime uses it."""

from __future__ import annotations

import gettext
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from ocop import i18n
from ocop.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def _tooling() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ocop_i18n_tooling", ROOT / "scripts/i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tooling = _tooling()


@pytest.fixture(scope="module")
def template():  # type: ignore[no-untyped-def]
    return tooling.extract()


@pytest.fixture(scope="module")
def vietnamese():  # type: ignore[no-untyped-def]
    return tooling.read(tooling.po_path("vi"), "vi")


@pytest.fixture(autouse=True)
def _english_afterwards():  # type: ignore[no-untyped-def]
    yield
    i18n.set_language("en")


def test_the_source_has_messages_to_translate(template) -> None:  # type: ignore[no-untyped-def]
    ids = {m.id for m in template if m.id}
    # the extractor really reads the source: messages from the loader, errors and CLI are there
    assert "error: {message}" in ids
    assert "{field} is required here" in ids
    assert len(ids) > 100


def test_every_message_has_a_vietnamese_translation(template, vietnamese) -> None:  # type: ignore[no-untyped-def]
    problems = list(tooling.missing(template, vietnamese))
    assert problems == [], (
        "run `.venv/bin/python scripts/i18n.py all` and translate in "
        "ocop/locale/vi/LC_MESSAGES/ocop.po:\n" + "\n".join(problems)
    )


def test_the_check_notices_a_new_message(template, vietnamese) -> None:  # type: ignore[no-untyped-def]
    template.add("a message nobody translated yet {name}")
    try:
        assert any("nobody translated" in line for line in tooling.missing(template, vietnamese))
    finally:
        template.delete("a message nobody translated yet {name}")


def test_a_translation_with_other_placeholders_is_flagged() -> None:
    from babel.messages.catalog import Catalog

    source, translated = Catalog(), Catalog()
    source.add("{count} problem(s) in {path}")
    translated.add("{count} problem(s) in {path}", "{count} lỗi trong {tep}")
    assert list(tooling.missing(source, translated)) == [
        "placeholders differ: '{count} problem(s) in {path}'"
    ]
    fixed = Catalog()
    fixed.add("{count} problem(s) in {path}", "{count} lỗi trong {path}")
    assert list(tooling.missing(source, fixed)) == []


def test_placeholders_are_compared_by_name_conversion_and_spec() -> None:
    assert tooling.fields("{a!r} and {b:g}") == ["a!r:", "b!:g"]
    assert tooling.fields("{a} {b:g}") != tooling.fields("{a!r} {b:g}")


def test_the_compiled_catalogue_matches_the_po_file(vietnamese) -> None:  # type: ignore[no-untyped-def]
    mo = tooling.po_path("vi").with_suffix(".mo")
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [
        m.id
        for m in vietnamese
        if m.id and isinstance(m.id, str) and m.string and compiled.gettext(m.id) != m.string
    ]
    assert stale == [], "run `.venv/bin/python scripts/i18n.py compile`"


def test_set_language_switches_messages() -> None:
    i18n.set_language("vi")
    assert i18n._("error: {message}") == "lỗi: {message}"
    i18n.set_language("en")
    assert i18n._("error: {message}") == "error: {message}"


def test_cli_speaks_vietnamese_with_lang_vi(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    runner = CliRunner()
    english = runner.invoke(cli, ["--lang", "en", "validate", str(missing)])
    vietnamese = runner.invoke(cli, ["--lang", "vi", "validate", str(missing)])
    assert "no such file" in english.output
    assert "không có tệp này" in vietnamese.output
    assert "lỗi:" in vietnamese.output


def test_cli_follows_the_locale(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = CliRunner().invoke(
        cli, ["validate", str(missing)], env={"OCOP_LANG": "", "LC_ALL": "vi_VN.UTF-8"}
    )
    assert "không có tệp này" in result.output


def test_command_help_follows_the_language() -> None:
    # one process, the command module imported once: help is translated where it is shown
    def help_text(lang: str) -> str:
        result = CliRunner().invoke(cli, ["--lang", lang, "sheet", "import", "--help"])
        return result.output

    assert "Merge the edited sheet FILE into the catalogue" in help_text("en")
    assert "Gộp bảng tính đã sửa TỆP vào danh mục" in help_text("vi")
    assert "Merge the edited sheet FILE into the catalogue" in help_text("en")
