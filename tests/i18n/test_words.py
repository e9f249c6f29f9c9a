"""Every value of every enumeration shown to people has its words, in both languages, and the
formats of dates, times and money follow the language."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from enum import Enum, StrEnum

import pytest

from ocop import i18n
from ocop.certification import Status
from ocop.connector import ListingStatus, ReviewState
from ocop.display import day, moment, money, read_day
from ocop.drift import DriftKind
from ocop.model import CertificationKind, IssuingLevel, ProducerKind, ProductGroup, Unit
from ocop.observation import PageStatus
from ocop.plan import SkuVerdict
from ocop.problem import Severity
from ocop.state import ListingState
from ocop.verdict import Verdict
from ocop.words import WORDS, word, yes_or_no

SHOWN: tuple[type[StrEnum], ...] = (
    ProducerKind,
    ProductGroup,
    IssuingLevel,
    CertificationKind,
    Unit,
    Status,
    ListingState,
    ListingStatus,
    ReviewState,
    PageStatus,
    DriftKind,
    Verdict,
    SkuVerdict,
    Severity,
)


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("kind", SHOWN, ids=lambda k: k.__name__)
def test_every_member_has_words(kind: type[StrEnum]) -> None:
    assert set(WORDS[kind.__name__]) == {m.value for m in kind}
    i18n.set_language("vi")
    for member in kind:
        shown = word(member)
        assert shown and shown != member.value and shown != WORDS[kind.__name__][member.value]


def test_words_are_found_by_a_class_name_no_other_enumeration_has() -> None:
    # word() finds a value's words by its class name: two enumerations of one name would
    # share them, and one of the two would be shown in the other's words or as a code
    import ocop

    for module in pkgutil.walk_packages(ocop.__path__, "ocop."):
        if not module.name.endswith("__main__"):  # that one runs the command
            importlib.import_module(module.name)
    named: dict[str, set[str]] = {}
    stack: list[type[Enum]] = [Enum]
    while stack:
        kind = stack.pop()
        stack += kind.__subclasses__()
        if kind.__module__.startswith("ocop.") and kind.__name__ in WORDS:
            named.setdefault(kind.__name__, set()).add(kind.__module__)
    assert {name: mods for name, mods in named.items() if len(mods) > 1} == {}


def test_a_push_says_what_a_plan_would_do_as_done() -> None:
    assert (word(SkuVerdict.CREATE), word(SkuVerdict.CREATE, done=True)) == ("to create", "created")
    assert word(SkuVerdict.HELD_BACK, done=True) == word(SkuVerdict.HELD_BACK) == "held back"
    i18n.set_language("vi")
    assert word(SkuVerdict.UPDATE, done=True) != word(SkuVerdict.UPDATE)


def test_words_follow_the_language() -> None:
    assert word(ListingState.PENDING_REVIEW) == "waiting for the marketplace's review"
    i18n.set_language("vi")
    assert word(ListingState.PENDING_REVIEW) == "đang chờ sàn duyệt"
    assert word(ProducerKind.HOP_TAC_XA) == "Hợp tác xã"


def test_dates_times_and_money() -> None:
    when = datetime(2026, 12, 3, 18, 30, tzinfo=UTC)
    assert (day(date(2026, 12, 3)), moment(when), money(200_000)) == (
        "2026-12-03",
        "2026-12-04 01:30",  # Vietnam time
        "₫200,000",
    )
    i18n.set_language("vi")
    assert (day(date(2026, 12, 3)), moment(when), money(200_000)) == (
        "03/12/2026",
        "04/12/2026 01:30",
        "200.000\xa0₫",
    )
    assert moment("2026-12-03T18:30:00+00:00") == "04/12/2026 01:30"


def test_days_are_read_as_people_type_them() -> None:
    for typed in ("03/12/2026", "3/12/2026", "03-12-2026", "03.12.2026", "2026-12-03"):
        assert read_day(typed) == date(2026, 12, 3), typed
    assert read_day("31/02/2026") is None and read_day("12/2026") is None


@pytest.mark.parametrize(
    ("typed", "said"),
    [("c", True), ("Có", True), ("co", True), ("y", True), ("YES", True), ("k", False),
     ("không", False), ("n", False), ("no", False), ("có lẽ", None), ("", None)],
)  # fmt: skip
def test_yes_and_no_in_either_language(typed: str, said: bool | None) -> None:
    assert yes_or_no(typed) is said
