"""The public API (``ocop.__all__``) is complete, documented, and what the CLI calls."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import ocop
from ocop import api
from ocop.cli import cli

EXPORTED = {getattr(ocop, name) for name in ocop.__all__}


def test_every_exported_name_exists_and_is_documented() -> None:
    assert len(ocop.__all__) == len(set(ocop.__all__))
    for name in ocop.__all__:
        value = getattr(ocop, name)
        assert (inspect.getdoc(value) or "").strip(), f"ocop.{name} has no docstring"


def test_every_operation_of_ocop_api_is_exported() -> None:
    assert set(api.__all__) <= set(ocop.__all__)


def _ocop_classes(hint: Any) -> set[type]:
    """The ocop classes a type hint mentions, however nested (list[X], X | None, …)."""
    found: set[type] = set()
    if isinstance(hint, type) and hint.__module__.startswith("ocop"):
        found.add(hint)
    for arg in typing.get_args(hint):
        found |= _ocop_classes(arg)
    return found


@pytest.mark.parametrize("name", sorted(api.__all__))
def test_what_an_operation_takes_and_gives_can_be_named_from_ocop(name: str) -> None:
    hints = typing.get_type_hints(getattr(ocop, name))
    missing = {cls.__qualname__ for hint in hints.values() for cls in _ocop_classes(hint)}
    missing -= {cls.__qualname__ for cls in EXPORTED if isinstance(cls, type)}
    assert not missing, f"ocop.{name} uses {sorted(missing)}, which ocop does not export"


class Called(Exception):
    """Raised by a stand-in for an API function: the CLI reached it."""


@pytest.mark.parametrize(
    ("command", "function"),
    [
        (["validate"], "validate_catalog"),
        (["summary"], "validate_catalog"),
        (["plan"], "plan_changes"),
        (["push"], "push_changes"),
        (["link"], "link_listings"),
        (["verify"], "verify_listings"),
        (["report"], "make_report"),
        (["report", "--all-provinces"], "make_national_report"),
    ],
)
def test_the_cli_calls_the_public_api(
    command: list[str], function: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ocop.state import Scope, StateStore
    from ocop.state.catalogues import remember_catalogue
    from ocop.testing.world import Item, write_catalog

    catalog = write_catalog(tmp_path, [Item("CHE-1")], {})
    # verify and report need a state that knows the catalogue's province
    with StateStore.open(tmp_path / ".ocop" / "state.db", Scope.of(catalog)) as store:
        remember_catalogue(store, catalog)

    def called(*args: object, **kwargs: object) -> None:
        raise Called(function)

    monkeypatch.setattr(api, function, called)
    monkeypatch.chdir(tmp_path)
    args = [*command] if command[0] in ("validate", "summary") else [*command, "--catalog"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "catalog.yaml")])
    assert isinstance(result.exception, Called), result.output
