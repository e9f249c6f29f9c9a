"""Credentials, URLs and the entry-point registry."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from ocop_postmart.connector import PostmartConnector
from ocop_voso.connector import VosoConnector

from ocop.config import marketplace_config
from ocop.credentials import Credentials, Secret
from ocop.errors import ConfigError, UnknownConnectorError
from ocop.registry import marketplace, marketplace_names, open_connector

DEFAULTS = ("https://api.example/v1", "https://shop.example")


def write_private(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_secret_never_shows_its_value() -> None:
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret) + str(secret) + f"{secret}" + repr([secret])
    assert secret.reveal() == "hunter2"
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_environment_wins_over_the_file(tmp_path: Path) -> None:
    path = write_private(tmp_path / "c.toml", '[voso]\npartner_id = 1\npartner_key = "file-key"\n')
    creds = Credentials("voso", {"OCOP_VOSO_PARTNER_KEY": "env-key"}, path)
    assert creds.secret("partner_key").reveal() == "env-key"
    assert creds.integer("partner_id") == 1


def test_a_readable_credentials_file_is_refused(tmp_path: Path) -> None:
    path = write_private(tmp_path / "c.toml", '[voso]\npartner_key = "k"\n', 0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        Credentials("voso", {}, path).secret("partner_key")


def test_a_missing_field_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="OCOP_POSTMART_CLIENT_SECRET"):
        Credentials("postmart", {}, tmp_path / "none.toml").secret("client_secret")


def test_a_broken_credentials_file_does_not_quote_its_lines(tmp_path: Path) -> None:
    path = write_private(tmp_path / "c.toml", '[voso]\npartner_key = "s3cret\n')
    with pytest.raises(ConfigError) as caught:
        Credentials("voso", {}, path).secret("partner_key")
    assert "s3cret" not in str(caught.value)


def test_urls_come_from_env_then_file_then_defaults(tmp_path: Path) -> None:
    toml = tmp_path / "ocop.toml"
    toml.write_text('[marketplaces.voso]\napi_url = "http://127.0.0.1:9/open-api/v1/"\n')
    env = {"OCOP_CONFIG": str(toml), "OCOP_VOSO_STOREFRONT_URL": "http://127.0.0.1:9"}
    config = marketplace_config("voso", *DEFAULTS, environ=env)
    assert config.api_url == "http://127.0.0.1:9/open-api/v1"
    assert config.storefront_url == "http://127.0.0.1:9"
    assert marketplace_config("postmart", *DEFAULTS, environ=env).api_url == DEFAULTS[0]


def test_secrets_in_ocop_toml_are_refused(tmp_path: Path) -> None:
    toml = tmp_path / "ocop.toml"
    toml.write_text('[marketplaces.voso]\npartner_key = "oops"\n')
    with pytest.raises(ConfigError, match="credentials go in"):
        marketplace_config("voso", *DEFAULTS, environ={"OCOP_CONFIG": str(toml)})


def test_a_bad_url_is_refused() -> None:
    with pytest.raises(ConfigError, match="not an http"):
        marketplace_config("voso", *DEFAULTS, environ={"OCOP_VOSO_API_URL": "mc.voso.vn"})


def test_registry_finds_both_marketplaces_by_entry_point() -> None:
    assert {"voso", "postmart"} <= set(marketplace_names())
    assert marketplace("voso").connector_class() is VosoConnector
    assert marketplace("postmart").connector_class() is PostmartConnector
    with pytest.raises(UnknownConnectorError, match="installed: "):
        marketplace("nowhere")


def test_open_connector_reads_urls_and_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OCOP_CREDENTIALS_FILE", str(tmp_path / "none.toml"))
    monkeypatch.setenv("OCOP_POSTMART_CLIENT_ID", "cid")
    monkeypatch.setenv("OCOP_POSTMART_CLIENT_SECRET", "csecret")
    monkeypatch.setenv("OCOP_POSTMART_API_URL", "http://127.0.0.1:1/seller/v1")
    connector = open_connector("postmart")
    try:
        assert isinstance(connector, PostmartConnector)
        assert connector.config.api_url == "http://127.0.0.1:1/seller/v1"
        assert connector.config.storefront_url == "https://postmart.vn"
    finally:
        connector.close()
    monkeypatch.delenv("OCOP_POSTMART_CLIENT_SECRET")
    with pytest.raises(ConfigError):
        open_connector("postmart")


def _points(monkeypatch: pytest.MonkeyPatch, *points: tuple[str, str]) -> None:
    from importlib.metadata import EntryPoint

    from ocop import registry

    found = [EntryPoint(name, value, registry.GROUP) for name, value in points]
    monkeypatch.setattr(registry, "entry_points", lambda group: found)
    registry.forget()


def test_a_broken_package_is_reported_by_name_and_never_stops_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ocop import registry

    try:
        _points(
            monkeypatch,
            ("voso", "ocop_voso.marketplace:MARKETPLACE"),
            ("gone", "ocop_nowhere.marketplace:MARKETPLACE"),  # not importable
            ("liar", "ocop_voso.marketplace:MARKETPLACE"),  # a descriptor called voso
            ("twice", "ocop_voso.marketplace:MARKETPLACE"),
            ("twice", "ocop_postmart.marketplace:MARKETPLACE"),
        )
        assert registry.marketplace_names() == ["voso"]
        broken = registry.broken_marketplaces()
        assert set(broken) == {"gone", "liar", "twice"}
        assert "cannot be loaded" in str(broken["gone"]) and "two installed" in str(broken["twice"])
        with pytest.raises(ConfigError, match="'gone'"):
            registry.marketplace("gone")
        with pytest.raises(UnknownConnectorError):
            registry.marketplace("nowhere")
    finally:
        monkeypatch.undo()
        registry.forget()
