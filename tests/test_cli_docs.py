"""Every command has help text and is documented in the README (sqlite-utils' rule)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ocop.cli import COMMANDS, cli

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def all_commands() -> list[tuple[str, click.Command]]:
    found = []
    for name in sorted(COMMANDS):
        command = cli.get_command(click.Context(cli), name)
        assert command is not None, name
        found.append((name, command))
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", command.commands[sub]) for sub in sorted(command.commands)]
    return found


@pytest.mark.parametrize(("name", "command"), all_commands(), ids=lambda v: str(v))
def test_command_has_help_and_docs(name: str, command: click.Command) -> None:
    assert command.help and len(command.help.strip()) > 20, f"ocop {name} has no help"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"ocop {name} {param.opts[0]} has no help"
    assert f"ocop {name}" in README, f"`ocop {name}` is not in README.md"
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output


def test_every_command_module_is_importable() -> None:
    assert len(all_commands()) >= len(COMMANDS)
