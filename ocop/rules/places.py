"""Communes: the 2025 code exists; an old name maps to exactly one new commune."""

from __future__ import annotations

from collections.abc import Iterator

from ocop import locality
from ocop.i18n import _
from ocop.model import Address
from ocop.problem import Path as DataPath
from ocop.problem import Problem
from ocop.rules.found import error, warning


def check_address(address: Address, path: DataPath) -> Iterator[Problem]:
    """The commune exists; an old name maps to exactly one new commune."""
    if address.commune is not None:
        commune = locality.communes().get(address.commune)
        if commune is None:
            yield error(
                (*path, "commune"),
                _(
                    "there is no commune {code} in Thái Nguyên since 1 July 2025; "
                    "see the list in ocop/data/thai-nguyen-communes-2025.csv"
                ).format(code=address.commune),
                "commune",
            )
            return
        if address.old_commune:
            codes = locality.new_codes_for(address.old_commune, address.old_district)
            if codes and address.commune not in codes:
                yield warning(
                    (*path, "old_commune"),
                    _("{old} became {new}, not {name}").format(
                        old=address.old_commune,
                        name=commune.name,
                        new=", ".join(sorted(locality.communes()[c].name for c in codes)),
                    ),
                    "commune_mismatch",
                )
        return
    if not address.old_commune:
        yield error(path, _("give the commune code (2025) or the old commune name"), "commune")
        return
    yield from _resolve_old(address, path)


def _resolve_old(address: Address, path: DataPath) -> Iterator[Problem]:
    assert address.old_commune is not None
    codes = locality.new_codes_for(address.old_commune, address.old_district)
    if not codes:
        yield error(
            (*path, "old_commune"),
            _("{old!r} is not a pre-2025 commune of Thái Nguyên or Bắc Kạn{district}").format(
                old=address.old_commune,
                district=_(" in {d}").format(d=address.old_district)
                if address.old_district
                else "",
            ),
            "commune",
        )
    elif len(codes) > 1:
        names = ", ".join(f"{locality.communes()[c].name} ({c})" for c in sorted(codes))
        yield error(
            (*path, "old_commune"),
            _(
                "{old!r} went into several new communes: {names}; write the right one as "
                "commune: with its code"
            ).format(old=address.old_commune, names=names),
            "commune",
        )


def resolve_commune(address: Address) -> str | None:
    """The 2025 commune code of an address, mapping an old name when only that is given."""
    if address.commune:
        return address.commune
    if address.old_commune:
        codes = locality.new_codes_for(address.old_commune, address.old_district)
        if len(codes) == 1:
            return next(iter(codes))
    return None
