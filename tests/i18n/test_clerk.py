"""A clerk who reads only Vietnamese goes from ``ocop sheet export`` to a pushed product.

She exports the sheet, adds a product with a phone photo of it and ticks "Bán trên Voso.vn",
imports it (answering "có"), validates, plans and pushes against the sandbox. Every screen she
meets is read for English words, and the listing must really be on the marketplace. (``ocop
status`` is the operator's table; issue #12 reworks it with the words of ``ocop.words``.)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocop import i18n
from ocop.cli import cli
from ocop.registry import open_connector
from ocop.sandbox import Sandbox
from tests.i18n.english import english_words
from tests.sheet.conftest import edit, row_for
from tests.sheet.test_finishing import PRODUCT, SKU, photo

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SECTION = """marketplaces:
  voso:
    products:
      - che-tom-non-hao-dat
    categories:
      thuc_pham/che: Chè, trà
      thuc_pham/so_che: Mật ong, tinh bột nghệ
"""


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    with Sandbox.start(seed=3) as running:
        for key, value in running.env().items():
            monkeypatch.setenv(key, value)
        yield running
    i18n.set_language("en")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    catalogue = tmp_path / "catalog.yaml"
    text = (ROOT / "tests/sheet/data/catalog.yaml").read_text(encoding="utf-8")
    text = text.replace("marketplaces: {}\n", SECTION).replace(
        "    description: Chè búp tôm nõn hái thủ công ở Tân Cương, sao tay.\n",
        "    description: Chè búp tôm nõn hái thủ công ở Tân Cương, sao tay.\n"
        "    images: [images/che.png]\n",
    )
    catalogue.write_text(text, encoding="utf-8")
    (tmp_path / "images").mkdir()
    shutil.copy(ROOT / "images/che-tom-non-hao-dat.png", tmp_path / "images/che.png")
    monkeypatch.setenv("OCOP_STATE", str(tmp_path / "state.db"))
    monkeypatch.delenv("OCOP_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # the language comes from --lang alone
    return tmp_path


def test_from_the_sheet_to_a_pushed_product_in_vietnamese(sandbox: Sandbox, folder: Path) -> None:
    catalogue, sheet = str(folder / "catalog.yaml"), folder / "catalog.xlsx"
    screens: list[str] = []

    def ocop(*args: str, answer: str | None = None) -> str:
        result = CliRunner().invoke(cli, [*args, "--lang", "vi"], input=answer, prog_name="ocop")
        screens.append(result.output)
        assert result.exit_code == 0, result.output
        return result.output

    ocop("sheet", "export", "--catalog", catalogue, "-o", str(sheet))
    photo(folder / "images" / "mat-ong.jpg", (2400, 1800), orientation=6)  # 4.8 MB
    edited = edit(sheet, {}, {"Sản phẩm": row_for(sheet, "Sản phẩm", PRODUCT), "SKU": SKU})
    said = ocop("sheet", "import", str(edited), "--catalog", catalogue, answer="có\n")
    assert "[c/K]" in said and "đã ghi" in said and "images/mat-ong.fit.jpg" in said
    ocop("validate", catalogue)
    assert "MO-500" in ocop("plan", "--catalog", catalogue)
    ocop("push", "--catalog", catalogue, "--wait", "30")

    on_sale = [r.sku for r in open_connector("voso").iter_listings()]
    assert "MO-500" in on_sale
    english = {screen: english_words(screen) for screen in screens if english_words(screen)}
    assert english == {}, english
