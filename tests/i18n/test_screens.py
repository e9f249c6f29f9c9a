"""Every screen a Vietnamese reader meets is Vietnamese: each command's help, and the common
mistakes (a typo'd command, a missing argument, a bad option value, a bad date, a catalogue
with errors), run with ``--lang vi`` and read for English words (``tests/i18n/english.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ocop import i18n
from ocop.cli import cli
from tests.i18n.english import dictionary, english_words

ROOT = Path(__file__).resolve().parents[2]
MISTAKES = ROOT / "tests" / "catalog" / "data" / "thirty-mistakes.yaml"


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def command_paths() -> list[list[str]]:
    """Every command and subcommand, as the words typed to reach it."""
    found: list[list[str]] = [[]]
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        found.append([name])
        if isinstance(command, click.Group):
            sub = click.Context(command, parent=context)
            found += [[name, each] for each in command.list_commands(sub)]
    return found


def run(*args: str) -> str:
    result = CliRunner().invoke(
        cli, list(args), env={"OCOP_LANG": "", "COLUMNS": "100"}, prog_name="ocop"
    )
    return result.output


def test_every_command_is_reached() -> None:
    paths = command_paths()
    assert ["sheet", "import"] in paths and ["state", "migrate"] in paths and ["validate"] in paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "ocop")
def test_help_is_vietnamese(path: list[str]) -> None:
    # the language after the command, as people type it; and before it
    for screen in (run(*path, "--help", "--lang", "vi"), run("--lang", "vi", *path, "-h")):
        assert "Cách dùng:" in screen and "Tùy chọn" in screen
        assert english_words(screen) == [], screen


MISTAKEN = {
    "a typo'd command": ["valdate"],
    "a typo'd option": ["validate", "--formt", "json"],
    "a missing argument": ["sheet", "import"],
    "a bad option value": ["validate", "--format", "xml"],
    "a number out of range": ["push", "--wait", "-5"],
    "a bad date": ["validate", "--as-of", "31/02/2026"],
    "a missing file": ["validate", "khong-co.yaml"],
    "a catalogue with errors": ["validate", str(MISTAKES)],
    "a summary of the real catalogue": ["summary", str(ROOT / "catalog.yaml")],
}


@pytest.mark.parametrize("args", MISTAKEN.values(), ids=list(MISTAKEN))
def test_common_mistakes_are_answered_in_vietnamese(args: list[str]) -> None:
    screen = run("--lang", "vi", *args)
    assert screen.strip()
    assert english_words(screen) == [], screen


def test_a_typo_gets_a_suggestion() -> None:
    screen = run("valdate", "--lang", "vi")
    assert "Không có lệnh 'valdate'" in screen and "'validate'" in screen
    assert "Did you mean 'validate'?" in run("valdate", "--lang", "en")


def test_a_day_first_date_is_read() -> None:
    assert "31/02/2026" in run("--lang", "vi", "validate", "--as-of", "31/02/2026")
    screen = run("--lang", "vi", "validate", str(MISTAKES), "--as-of", "03/12/2026")
    assert "không phải là một ngày" not in screen


def test_the_detector_finds_english_it_is_shown() -> None:
    assert english_words("Cách dùng: ocop [TÙY_CHỌN]\n  Show this message and exit.") == [
        "Show",
        "this",
        "message",
        "and",
        "exit",
    ]
    assert english_words("Error: No such command 'valdate'.") == ["Error", "such", "command"]


def test_the_detector_leaves_names_codes_paths_and_addresses() -> None:
    screen = (
        "lỗi: images/che.jpg không có; xem https://voso.vn/p/123 và `ocop push --wait 60`; "
        "SKU HD-CTN-100 (che-tom-non) trên Voso, Postmart; OCOP_STATE; --format [text|json]; "
        "catalog.yaml: 3 lỗi"
    )
    assert english_words(screen) == []


def test_a_planted_english_message_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    # the Vietnamese catalogue loses one translation: its English must be reported
    real = i18n._

    def forgetful(message: str) -> str:
        if message.startswith("text: one line per problem"):
            return message
        return real(message)

    monkeypatch.setattr(i18n, "_", forgetful)
    monkeypatch.setattr("ocop.cli.localise._", forgetful)
    screen = run("validate", "--help", "--lang", "vi")
    assert "problem" in english_words(screen)


def test_the_dictionary_comes_from_the_messages() -> None:
    words = dictionary()
    assert {"usage", "catalogue", "marketplace", "listing", "push"} <= words
    assert "voso" not in words and "sku" not in words
