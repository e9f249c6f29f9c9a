"""How dates, times, money and numbers are written for people, and how a typed day is read.

One place for each, following the interface language (``ocop.i18n``)::

    day(date(2026, 12, 3))        vi "03/12/2026"          en "2026-12-03"
    moment(a UTC datetime)        vi "03/12/2026 22:08"    en "2026-12-03 22:08"  (Vietnam time)
    money(200000)                 vi "200.000 ₫"           en "₫200,000"          (Babel, CLDR)
    number(1234567)               vi "1.234.567"           en "1,234,567"
    read_day("03/12/2026")        date(2026, 12, 3); also "3/12/2026", "03-12-2026", "2026-12-03"

Times are stored in UTC (the state, the journal) and shown in Vietnam time, UTC+7
(Asia/Ho_Chi_Minh, which has kept that offset since 1975; the fixed offset stands in when the
system has no time-zone database). Vietnamese write the day first; English output keeps ISO
dates, which no reader can take for month-first. Money is whole đồng (VND has no minor unit).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache

from ocop.i18n import N_, _, current_language

LOCALES = {"vi": "vi_VN", "en": "en"}
_DAY_FIRST = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*")
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
ZONE_LABEL = N_("Vietnam time")


@cache
def vietnam() -> tzinfo:
    """Vietnam's time zone (UTC+7)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Ho_Chi_Minh")
    except Exception:  # no tz database on the system: the offset has not changed since 1975
        return timezone(timedelta(hours=7), "ICT")


def _locale() -> str:
    return LOCALES.get(current_language(), "en")


def day(value: date) -> str:
    """A calendar day: 03/12/2026 in Vietnamese, 2026-12-03 in English."""
    if isinstance(value, datetime):
        value = in_vietnam(value).date()
    if current_language() == "vi":
        return value.strftime("%d/%m/%Y")
    return value.isoformat()


def in_vietnam(value: datetime) -> datetime:
    """``value`` in Vietnam time; a naive datetime is taken as UTC (how ocop stores times)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(vietnam())


def moment(value: datetime | str | None, *, seconds: bool = False) -> str:
    """A point in time in Vietnam time, day first in Vietnamese; "" for None.

    ISO text (as the state stores times) is read first; text that is not a time is shown
    as it is.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    else:
        when = value
    shown = in_vietnam(when)
    clock = shown.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{day(shown.date())} {clock}"


def zone() -> str:
    """The words a column of times is headed with: "Vietnam time" in the current language."""
    return _(ZONE_LABEL)


def money(value: int | None) -> str:
    """An amount of đồng as the current language writes it (Babel); "-" for none."""
    if value is None:
        return "-"
    from babel.numbers import format_currency

    return format_currency(value, "VND", locale=_locale())


def number(value: int | float) -> str:
    """A number with the current language's grouping and decimal marks."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale())


def day_first(text: str) -> date | None:
    """``26/06/2025`` (also with - or .) as a date; None when it is not one written that way."""
    found = _DAY_FIRST.fullmatch(text)
    if found is None:
        return None
    day_, month, year = (int(g) for g in found.groups())
    try:
        return date(year, month, day_)
    except ValueError:
        return None


def read_day(text: str) -> date | None:
    """A day as people type it: day first (03/12/2026) or ISO (2026-12-03); None if neither."""
    found = day_first(text)
    if found is not None:
        return found
    iso = _ISO_DAY.fullmatch(text)
    if iso is None:
        return None
    year, month, day_ = (int(g) for g in iso.groups())
    try:
        return date(year, month, day_)
    except ValueError:
        return None
