"""``python -m ocop_shopee.sandbox``: a background sandbox for the demo and other processes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from ocop.config import MarketplaceConfig
from ocop_shopee import ShopeeConnector, load_settings


def test_the_sandbox_runs_in_its_own_process_until_sigterm(tmp_path: Path) -> None:
    ready = tmp_path / "ready.env"
    process = subprocess.Popen(
        [sys.executable, "-m", "ocop_shopee.sandbox", "--port", "0", "--db", str(tmp_path / "sb.db"),
         "--tokens", str(tmp_path / "tokens.json"), "--ready-file", str(ready)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        env = dict(
            line.removeprefix("export ").split("=", 1) for line in ready.read_text().splitlines()
        )
        env["OCOP_CREDENTIALS_FILE"] = str(tmp_path / "none.toml")
        api = env["OCOP_SHOPEE_API_URL"]
        settings = load_settings(MarketplaceConfig("shopee", api, api), environ=env)
        connector = ShopeeConnector(settings)
        try:
            assert connector.shop().name == "HTX Đặc sản Thái Nguyên"
        finally:
            connector.close()
        stats = httpx.get(f"{api}/__sandbox__/stats").json()["data"]
        assert stats["GET /shop/get_shop_info"] == 1
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert "ready" in output and not ready.exists()
    assert (tmp_path / "tokens.json").stat().st_mode & 0o077 == 0
