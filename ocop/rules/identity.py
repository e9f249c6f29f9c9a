"""Identifiers with check digits: tax codes of producers, barcodes of products."""

from __future__ import annotations

from collections.abc import Iterator

from ocop.i18n import _
from ocop.identifiers import VIETNAM_GS1_PREFIX, gtin13_is_valid, tax_code_is_valid
from ocop.model import ProducerKind
from ocop.problem import Path as DataPath
from ocop.problem import Problem
from ocop.rules.found import error, warning


def check_tax_code(code: str, kind: ProducerKind, path: DataPath) -> Iterator[Problem]:
    """Check digit of a tax code; 12-digit personal numbers only for households."""
    if len(code) == 12 and kind is not ProducerKind.HO_KINH_DOANH:
        yield error(
            path,
            _(
                "a 12-digit personal number is the tax code of a household business only; "
                "cooperatives and companies have a 10-digit tax code"
            ),
            "tax_code",
        )
    elif not tax_code_is_valid(code):
        yield error(
            path,
            _(
                "tax code {code} has a wrong check digit: copy it again from the business "
                "registration"
            ).format(code=code),
            "tax_code",
        )


def check_gtin(code: str, path: DataPath) -> Iterator[Problem]:
    """GS1 check digit; a warning when the barcode is not registered in Vietnam."""
    if not gtin13_is_valid(code):
        yield error(path, _("barcode {code} has a wrong check digit").format(code=code), "gtin")
    elif not code.startswith(VIETNAM_GS1_PREFIX):
        yield warning(
            path,
            _(
                "barcode {code} does not start with 893 (GS1 Vietnam); check it is this "
                "product's own barcode"
            ).format(code=code),
            "gtin_prefix",
        )
