"""OCOP certificate validity and the rules of each legal era.

A 3–5★ certificate "có giá trị trong 03 năm, kể từ ngày Quyết định được ký": it is valid for
36 months from the day the decision was signed. We read that as valid through the day before
the third anniversary (signed 30/06/2021 → valid through 29/06/2024); the issuer notifies the
producer 30 days before, which is the "expiring" window.

Eras (who may sign which stars):
    before 21/08/2019    pilot rounds under 490/QĐ-TTg   3–4★ province, 5★ ministry
    1048/QĐ-TTg          21/08/2019 – 23/02/2023         3–4★ province, 5★ ministry
    148/QĐ-TTg           24/02/2023 – 05/07/2025         3★ district or province, 4★ province
    148 + 1489/QĐ-TTg    from 06/07/2025                 3–4★ province, 5★ ministry
Districts were abolished on 01/07/2025, so a district decision after 30/06/2025 cannot exist.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from ocop.model import Certification, IssuingLevel, Product

VALIDITY_MONTHS = 36
EXPIRING_WINDOW_DAYS = 30

PROGRAMME_START = date(2018, 5, 7)  # 490/QĐ-TTg
QD1048 = date(2019, 8, 21)
QD148 = date(2023, 2, 24)
DISTRICTS_ABOLISHED = date(2025, 7, 1)
QD1489 = date(2025, 7, 6)

SCORE_BANDS = {5: (90.0, 100.0), 4: (70.0, 90.0), 3: (50.0, 70.0)}


class Era(StrEnum):
    """The legal basis a decision was taken under."""

    QD490 = "qd490"
    QD1048 = "qd1048"
    QD148 = "qd148"
    QD148_1489 = "qd148_1489"


class Status(StrEnum):
    """A certificate's standing on a given day."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NOT_YET = "not_yet"


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months``, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(cert: Certification) -> date:
    """The last day the certificate is valid."""
    return last_valid_day(cert.date, cert.valid_until)


def last_valid_day(signed: date, override: date | None = None) -> date:
    """The last valid day of a decision signed on ``signed`` (``override``: set by decision)."""
    if override is not None:
        return override
    return _end_of_validity(signed)


@cache  # a national report asks it of 20,000 products for each marketplace: a few days repeat
def _end_of_validity(signed: date) -> date:
    return add_months(signed, VALIDITY_MONTHS) - timedelta(days=1)


def status(cert: Certification, as_of: date, window_days: int = EXPIRING_WINDOW_DAYS) -> Status:
    """Whether the certificate is valid, about to expire, or expired on ``as_of``."""
    return standing(cert.date, cert.valid_until, as_of, window_days)


def standing(
    signed: date, override: date | None, as_of: date, window_days: int = EXPIRING_WINDOW_DAYS
) -> Status:
    """``status`` from the decision's date alone (and an explicit end date, if any)."""
    if signed > as_of:
        return Status.NOT_YET
    last = last_valid_day(signed, override)
    if last < as_of:
        return Status.EXPIRED
    if (last - as_of).days < window_days:
        return Status.EXPIRING
    return Status.VALID


def era(day: date) -> Era:
    """The legal basis in force on ``day``."""
    if day < QD1048:
        return Era.QD490
    if day < QD148:
        return Era.QD1048
    if day < QD1489:
        return Era.QD148
    return Era.QD148_1489


def allowed_levels(stars: int, day: date) -> set[IssuingLevel]:
    """Who may sign a decision for ``stars`` on ``day``."""
    if stars == 5:
        return {IssuingLevel.TRUNG_UONG}
    if stars == 3 and QD148 <= day < DISTRICTS_ABOLISHED:
        return {IssuingLevel.HUYEN, IssuingLevel.TINH}
    return {IssuingLevel.TINH}


def latest(product: Product) -> Certification:
    """The most recent decision (the catalogue requires at least one)."""
    return max(product.certifications, key=lambda c: c.date)


def current(product: Product, as_of: date) -> Certification | None:
    """The most recent decision still valid on ``as_of``, if any."""
    live = [
        c for c in product.certifications if status(c, as_of) in (Status.VALID, Status.EXPIRING)
    ]
    return max(live, key=lambda c: c.date) if live else None


def stars_as_of(product: Product, as_of: date) -> int | None:
    """The stars a product may claim on ``as_of`` (None: no valid certificate)."""
    cert = current(product, as_of)
    return cert.stars if cert else None
