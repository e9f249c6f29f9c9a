"""``ocop auth NAME``: what the installed packages bring, found through their descriptors."""

from __future__ import annotations

from dataclasses import replace

import click
import pytest
from click.testing import CliRunner

from ocop.cli import cli
from ocop.errors import ConfigError
from ocop.registry import marketplaces


def test_ocop_auth_lists_each_package_that_brings_a_flow() -> None:
    result = CliRunner().invoke(cli, ["--lang", "en", "auth", "--help"])
    assert result.exit_code == 0, result.output
    with_flow = sorted(name for name, found in marketplaces().items() if found.auth)
    assert "shopee" in with_flow  # connectors/shopee brings one
    listed = result.output.split("Commands:", 1)[1].split()
    for name in with_flow:
        assert name in listed
    for name in set(marketplaces()) - set(with_flow):
        assert name not in listed


@pytest.mark.parametrize("name", ["voso", "postmart"])
def test_a_marketplace_whose_keys_are_enough_says_so(name: str) -> None:
    result = CliRunner().invoke(cli, ["--lang", "en", "auth", name])
    assert result.exit_code == 0, result.output
    assert "needs no authorisation step" in result.output
    assert f"OCOP_{name.upper()}_" in result.output


def test_the_flow_is_the_package_s_own_command() -> None:
    result = CliRunner().invoke(cli, ["auth", "shopee", "--help"])
    assert result.exit_code == 0 and "--code URL_OR_CODE" in result.output


def test_an_unknown_marketplace_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["auth", "nowhere"])
    assert result.exit_code == 2 and "nowhere" in result.output


def test_a_descriptor_naming_something_else_than_a_command_is_refused() -> None:
    broken = replace(marketplaces()["shopee"], auth="ocop_shopee.marketplace:STOREFRONT")
    with pytest.raises(ConfigError, match="not a click command"):
        broken.auth_command()
    assert isinstance(marketplaces()["shopee"].auth_command(), click.Command)
