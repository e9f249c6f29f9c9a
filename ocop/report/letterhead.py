"""The official header and signature block a department puts on a report it files.

Laid out as Nghị định 30/2020/NĐ-CP (Phụ lục I) sets out an administrative document:

    UBND TỈNH THÁI NGUYÊN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG               Độc lập - Tự do - Hạnh phúc
    Số:      /BC-SNNMT                   Thái Nguyên, ngày 03 tháng 12 năm 2026

                                  BÁO CÁO
                  Sản phẩm OCOP trên sàn thương mại điện tử
    …
    Nơi nhận:                                       GIÁM ĐỐC
    - …                                       (Ký, ghi rõ họ tên)

The issuing body, its parent, the document's number and symbol, the place, the signer and the
recipients come from ``[report]`` in ``ocop.toml`` (docs/report.md); what is not set there
has a default drawn from the catalogue's province. The date is the report's own day, written
as the decree writes it: the day below 10 and the months January and February with a 0.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from ocop.config import config_path, read_config_file
from ocop.errors import ConfigError
from ocop.i18n import _

NATION = {
    "vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    "en": ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"),
}
PROVINCE_PREFIXES = ("Tỉnh ", "Thành phố ", "TP. ")


@dataclass(frozen=True)
class Letterhead:
    """What ``[report]`` in ``ocop.toml`` may set; an empty value takes the default."""

    authority: str = ""  # the issuing body's parent: "UBND TỈNH THÁI NGUYÊN"
    agency: str = ""  # the issuing body: "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    number: str = ""  # number and symbol after "Số:": "     /BC-SNNMT" (left blank to fill in)
    place: str = ""  # where it is signed: "Thái Nguyên"
    title: str = ""  # the document kind: "BÁO CÁO"
    signer_title: str = ""  # "GIÁM ĐỐC", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    signer_name: str = ""  # printed under the signature
    recipients: tuple[str, ...] = field(default_factory=tuple)  # "Nơi nhận"

    def filled(self, province: str, language: str) -> Letterhead:
        """This letterhead with every blank value given its default for ``province``."""
        place = _short(province)
        vi = language == "vi"
        defaults = {
            "authority": f"UBND TỈNH {place.upper()}"
            if vi
            else f"{place} PROVINCIAL PEOPLE'S COMMITTEE",
            "agency": "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
            if vi
            else "DEPARTMENT OF AGRICULTURE AND ENVIRONMENT",
            "number": "      /BC-SNNMT",
            "place": place,
            "title": "BÁO CÁO" if vi else "REPORT",
            "signer_title": "GIÁM ĐỐC" if vi else "DIRECTOR",
        }
        values = {name: getattr(self, name) or default for name, default in defaults.items()}
        recipients = self.recipients or (("Như trên;", "Lưu: VT.") if vi else ("Archive.",))
        return Letterhead(**values, signer_name=self.signer_name, recipients=recipients)


def _short(province: str) -> str:
    """ "Thái Nguyên" for "Tỉnh Thái Nguyên"."""
    for prefix in PROVINCE_PREFIXES:
        if province.startswith(prefix):
            return province[len(prefix) :]
    return province


def written_date(day: date, place: str, language: str) -> str:
    """ "Thái Nguyên, ngày 03 tháng 01 năm 2026": a day below 10, January and February with a 0
    (Nghị định 30/2020/NĐ-CP, Phụ lục I); "Thái Nguyên, 3 January 2026" in English."""
    if language != "vi":
        return f"{place}, {day.day} {day.strftime('%B')} {day.year}".lstrip(", ")
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}".lstrip(", ")


def nation(language: str) -> tuple[str, str]:
    """The national title and motto (Quốc hiệu, Tiêu ngữ)."""
    return NATION.get(language, NATION["vi"])


def letterhead_from(data: Mapping[str, Any], where: str) -> Letterhead:
    """``[report]`` of a parsed ``ocop.toml``; an unknown key or a wrong type is refused."""
    section = data.get("report", {})
    if not isinstance(section, Mapping):
        raise ConfigError(_("{path}: [report] must be a table").format(path=where))
    known = {f.name for f in fields(Letterhead)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise ConfigError(
            _("{path}: [report] accepts only {known}, not {keys}").format(
                path=where, known=", ".join(sorted(known)), keys=", ".join(unknown)
            )
        )
    values: dict[str, Any] = {}
    for key, value in section.items():
        wanted_list = key == "recipients"
        good = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if (wanted_list and not good) or (not wanted_list and not isinstance(value, str)):
            raise ConfigError(
                _("{path}: [report] {key} must be {kind}").format(
                    path=where, key=key, kind=_("a list of texts") if wanted_list else _("a text")
                )
            )
        values[key] = tuple(value) if wanted_list else value
    return Letterhead(**values)


def configured_letterhead(environ: Mapping[str, str] | None = None) -> Letterhead:
    """The letterhead set in ``ocop.toml`` (working directory, or ``OCOP_CONFIG``)."""
    path = config_path(os.environ if environ is None else environ)
    return letterhead_from(read_config_file(path), str(path))
