"""Certificates: each decision fits its era, the history is consistent, the latest one's standing."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date

from ocop import certification as cert_rules
from ocop.i18n import _, current_language
from ocop.model import Certification, CertificationKind, IssuingLevel, Product
from ocop.problem import Path as DataPath
from ocop.problem import Problem
from ocop.rules.context import CatalogIndexes
from ocop.rules.found import error, warning


def check_certifications(
    product: Product, base: DataPath, as_of: date, idx: CatalogIndexes
) -> Iterator[Problem]:
    """Each decision fits its era; the history is consistent; the latest one's standing."""
    certs = product.certifications
    if len(certs) == 1 and lone_decision_is_plain(certs[0], as_of):
        return  # the usual product: one first recognition, nothing to say
    history = sorted(enumerate(certs), key=lambda pair: pair[1].date)
    positions = idx.positions(base, "certifications")
    previous: Certification | None = None
    for n, cert in history:
        here = (*base, "certifications", positions[n] if positions else n)
        yield from _check_decision(cert, here, as_of)
        yield from _check_kind(cert, previous, (*here, "kind"))
        previous = cert
    n, newest = history[-1]
    yield from _check_standing(newest, idx.child(base, "certifications", n), as_of)


def lone_decision_is_plain(cert: Certification, as_of: date) -> bool:
    """True when a lone decision raises nothing: the checks below, in their cheap order."""
    return (
        cert.kind is _FIRST
        and cert.score is None
        and cert.valid_until is None
        and _era_is_plain(cert.stars, cert.date, cert.level, as_of)
        and (cert.decision is None or _issuer_agrees(cert.decision, cert.level))
    )


@functools.lru_cache(maxsize=8192)
def _era_is_plain(stars: int, day: date, level: IssuingLevel, as_of: date) -> bool:
    # Keyed on what the verdict depends on, not on the decision number: a national catalogue
    # has thousands of decisions but only a few hundred signing days.
    return (
        not _decision_findings(stars, day, level, as_of, current_language())
        and _standing(day, None, as_of) is None
    )


_FIRST = CertificationKind.LAN_DAU
_MINISTRY = IssuingLevel.TRUNG_UONG


def _check_decision(cert: Certification, path: DataPath, as_of: date) -> Iterator[Problem]:
    findings = _decision_findings(cert.stars, cert.date, cert.level, as_of, current_language())
    for field, code, message in findings:
        yield error((*path, field), message, code)
    band = cert_rules.SCORE_BANDS[cert.stars]
    if cert.score is not None and not (
        band[0] <= cert.score < band[1] or cert.score == band[1] == 100
    ):
        yield error(
            (*path, "score"),
            _(
                "{score:g} points is not {stars}★: {stars}★ needs {low:g} to under {high:g} points"
            ).format(score=cert.score, stars=cert.stars, low=band[0], high=band[1]),
            "score",
        )
    if cert.valid_until is not None and not cert.note:
        yield error(
            (*path, "valid_until"),
            _("a validity other than 36 months needs a note saying which decision sets it"),
            "validity",
        )
    if cert.decision:
        yield from _check_issuer_suffix(cert, (*path, "decision"))


# One decision recognises a whole batch of products (same date, level and stars), so the era
# verdict is computed once per batch, not once per product.
@functools.lru_cache(maxsize=8192)
def _decision_findings(
    stars: int, day: date, level: IssuingLevel, as_of: date, language: str
) -> tuple[tuple[str, str, str], ...]:
    findings = []
    if day < cert_rules.PROGRAMME_START:
        findings.append(
            ("date", "era", _("OCOP decisions start on 07/05/2018 (490/QĐ-TTg); check the date"))
        )
    elif day > as_of:
        findings.append(
            (
                "date",
                "era",
                _("the decision date {day} is in the future").format(day=day.isoformat()),
            )
        )
    if level not in cert_rules.allowed_levels(stars, day):
        findings.append(("level", "era", _level_message(stars, day, level)))
    return tuple(findings)


def _level_message(stars: int, day: date, level: IssuingLevel) -> str:
    if level is IssuingLevel.HUYEN and stars == 3:
        return _(
            "district (huyện) decisions for 3★ exist only from 24/02/2023 (148/QĐ-TTg) to "
            "30/06/2025 (districts abolished); this one is dated {day}"
        ).format(day=day.strftime("%d/%m/%Y"))
    if stars == 5:
        return _("5★ is recognised by the ministry: level must be trung_uong")
    return _("{stars}★ decisions are signed by the province: level must be tinh").format(
        stars=stars
    )


def _issuer_agrees(decision: str, level: IssuingLevel) -> bool:
    """A ministry number (.../QĐ-BNN...) exactly when the level is the ministry's."""
    return _is_ministry_number(decision) is (level is _MINISTRY)


def _is_ministry_number(decision: str) -> bool:
    # A decision number has exactly one "/QĐ-" (ocop.values), so this is its issuer suffix.
    return "/QĐ-BNN" in decision


def _check_issuer_suffix(cert: Certification, path: DataPath) -> Iterator[Problem]:
    is_ministry = _is_ministry_number(cert.decision or "")
    if cert.level is IssuingLevel.TRUNG_UONG and not is_ministry:
        yield warning(
            path, _("a ministry decision is numbered .../QĐ-BNN...; check the number"), "issuer"
        )
    elif cert.level is not IssuingLevel.TRUNG_UONG and is_ministry:
        yield warning(
            path,
            _("a .../QĐ-BNN... number is a ministry decision, but level is {level}").format(
                level=cert.level.value
            ),
            "issuer",
        )


def _check_kind(
    cert: Certification, previous: Certification | None, path: DataPath
) -> Iterator[Problem]:
    if cert.kind is CertificationKind.LAN_DAU and previous is not None:
        yield warning(
            path,
            _(
                "a later decision is a re-recognition (cong_nhan_lai) or an upgrade (nang_hang), "
                "not lan_dau"
            ),
            "history",
        )
    elif cert.kind is CertificationKind.CONG_NHAN_LAI and previous is None:
        yield warning(
            path,
            _("re-recognition (cong_nhan_lai) needs the earlier decision in the history too"),
            "history",
        )
    elif cert.kind is CertificationKind.NANG_HANG and (
        previous is None or previous.stars >= cert.stars
    ):
        yield error(
            path, _("an upgrade (nang_hang) needs an earlier decision with fewer stars"), "history"
        )


def _check_standing(cert: Certification, path: DataPath, as_of: date) -> Iterator[Problem]:
    standing = _standing(cert.date, cert.valid_until, as_of)
    if standing is None:
        return
    last = cert_rules.valid_until(cert).strftime("%d/%m/%Y")
    if standing is cert_rules.Status.EXPIRED:
        yield warning(
            path,
            _(
                "the certificate expired on {day}: the product may not claim its stars until it "
                "is re-recognised"
            ).format(day=last),
            "expired",
        )
    elif standing is cert_rules.Status.EXPIRING:
        yield warning(
            path,
            _("the certificate expires on {day}: apply for re-recognition now").format(day=last),
            "expiring",
        )


@functools.lru_cache(maxsize=8192)
def _standing(day: date, valid_until: date | None, as_of: date) -> cert_rules.Status | None:
    """EXPIRED or EXPIRING, else None; cached per decision date like the era verdict."""
    standing = cert_rules.standing(day, valid_until, as_of)
    return standing if standing in (cert_rules.Status.EXPIRED, cert_rules.Status.EXPIRING) else None
