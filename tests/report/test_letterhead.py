"""The official header block: its date written the administrative way, its settings read
from ``[report]`` in ``ocop.toml`` and refused when malformed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ocop.errors import ConfigError
from ocop.report.letterhead import Letterhead, configured_letterhead, written_date


def test_the_date_is_written_the_administrative_way() -> None:
    # a day below 10, and January and February, with a 0 (Nghị định 30/2020/NĐ-CP)
    assert written_date(date(2026, 12, 3), "Thái Nguyên", "vi") == (
        "Thái Nguyên, ngày 03 tháng 12 năm 2026"
    )
    assert written_date(date(2026, 2, 5), "Hà Nội", "vi") == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert written_date(date(2026, 3, 15), "Huế", "vi") == "Huế, ngày 15 tháng 3 năm 2026"
    assert written_date(date(2026, 3, 15), "Huế", "en") == "Huế, 15 March 2026"


def test_defaults_come_from_the_province() -> None:
    head = Letterhead().filled("Tỉnh Thái Nguyên", "vi")
    assert head.authority == "UBND TỈNH THÁI NGUYÊN" and head.place == "Thái Nguyên"
    assert head.agency == "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" and head.title == "BÁO CÁO"
    assert head.recipients == ("Như trên;", "Lưu: VT.")
    assert Letterhead(place="Phổ Yên").filled("Thái Nguyên", "vi").place == "Phổ Yên"


def test_ocop_toml_sets_the_letterhead(tmp_path: Path) -> None:
    config = tmp_path / "ocop.toml"
    config.write_text(
        '[report]\nnumber = "125/BC-SNNMT"\nsigner_name = "Nguyễn Văn A"\n'
        'recipients = ["UBND tỉnh (b/c);", "Lưu: VT."]\n',
        encoding="utf-8",
    )
    head = configured_letterhead({"OCOP_CONFIG": str(config)})
    assert head.number == "125/BC-SNNMT" and head.signer_name == "Nguyễn Văn A"
    assert head.recipients == ("UBND tỉnh (b/c);", "Lưu: VT.")
    assert configured_letterhead({"OCOP_CONFIG": str(tmp_path / "none.toml")}) == Letterhead()


@pytest.mark.parametrize(
    "text",
    [
        '[report]\nsigner = "x"\n',
        "[report]\nnumber = 125\n",
        '[report]\nrecipients = "x"\n',
        'report = "x"\n',
    ],
)
def test_a_malformed_report_section_is_refused(tmp_path: Path, text: str) -> None:
    config = tmp_path / "ocop.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"ocop\.toml"):
        configured_letterhead({"OCOP_CONFIG": str(config)})
