"""Check digits of the identifiers a catalogue carries: GS1 GTIN-13 and Vietnamese tax codes."""

from __future__ import annotations

VIETNAM_GS1_PREFIX = "893"
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def gtin13_check_digit(first12: str) -> int:
    """The GS1 mod-10 check digit for the first 12 digits of a GTIN-13."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def gtin13_is_valid(code: str) -> bool:
    """True for 13 digits whose last digit is the right check digit."""
    return len(code) == 13 and code.isdigit() and gtin13_check_digit(code[:12]) == int(code[12])


def tax_code_check_digit(first9: str) -> int | None:
    """The 10th digit of a Vietnamese enterprise tax code (MST); None if no digit fits.

    N10 = 10 − (31·N1 + 29·N2 + 23·N3 + 19·N4 + 17·N5 + 13·N6 + 7·N7 + 5·N8 + 3·N9) mod 11;
    a result of 10 is never issued.
    """
    check = 10 - sum(w * int(d) for w, d in zip(_TAX_WEIGHTS, first9, strict=True)) % 11
    return None if check == 10 else check


def tax_code_is_valid(code: str) -> bool:
    """Check a 10-digit MST, optionally with a 3-digit branch suffix (``0101243150-001``).

    Twelve digits are a personal identity number, used as the tax code of household businesses
    since 1 July 2025; those carry no check digit and are accepted as they are.
    """
    if len(code) == 12 and code.isdigit():
        return True
    main = code.split("-", 1)[0]
    if len(main) != 10 or not main.isdigit():
        return False
    return tax_code_check_digit(main[:9]) == int(main[9])
