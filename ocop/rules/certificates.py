"""Certificates: each decision fits its era, the history is consistent, the latest one's standing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ocop import certification as cert_rules
from ocop.i18n import _
from ocop.model import Certification, CertificationKind, IssuingLevel, Product
from ocop.problem import Path as DataPath
from ocop.problem import Problem
from ocop.rules.context import CatalogIndexes
from ocop.rules.found import error, warning


def check_certifications(
    product: Product, base: DataPath, as_of: date, idx: CatalogIndexes
) -> Iterator[Problem]:
    """Each decision fits its era; the history is consistent; the latest one's standing."""
    history = sorted(enumerate(product.certifications), key=lambda pair: pair[1].date)
    positions = idx.positions(base, "certifications")
    previous: Certification | None = None
    for n, cert in history:
        here = (*base, "certifications", positions[n] if positions else n)
        yield from _check_decision(cert, here, as_of)
        yield from _check_kind(cert, previous, (*here, "kind"))
        previous = cert
    n, newest = history[-1]
    yield from _check_standing(newest, idx.child(base, "certifications", n), as_of)


def _check_decision(cert: Certification, path: DataPath, as_of: date) -> Iterator[Problem]:
    if cert.date < cert_rules.PROGRAMME_START:
        yield error(
            (*path, "date"),
            _("OCOP decisions start on 07/05/2018 (490/QĐ-TTg); check the date"),
            "era",
        )
    elif cert.date > as_of:
        yield error(
            (*path, "date"),
            _("the decision date {day} is in the future").format(day=cert.date.isoformat()),
            "era",
        )
    allowed = cert_rules.allowed_levels(cert.stars, cert.date)
    if cert.level not in allowed:
        yield error((*path, "level"), _level_message(cert), "era")
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


def _level_message(cert: Certification) -> str:
    if cert.level is IssuingLevel.HUYEN and cert.stars == 3:
        return _(
            "district (huyện) decisions for 3★ exist only from 24/02/2023 (148/QĐ-TTg) to "
            "30/06/2025 (districts abolished); this one is dated {day}"
        ).format(day=cert.date.strftime("%d/%m/%Y"))
    if cert.stars == 5:
        return _("5★ is recognised by the ministry: level must be trung_uong")
    return _("{stars}★ decisions are signed by the province: level must be tinh").format(
        stars=cert.stars
    )


def _check_issuer_suffix(cert: Certification, path: DataPath) -> Iterator[Problem]:
    suffix = cert.decision.split("/QĐ-", 1)[1] if cert.decision else ""
    is_ministry = suffix.startswith("BNN")
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
    standing = cert_rules.status(cert, as_of)
    if standing not in (cert_rules.Status.EXPIRED, cert_rules.Status.EXPIRING):
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
