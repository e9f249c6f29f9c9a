"""What the observations of one listing prove on a given moment: the one definition of
*on sale (verified)*, *taken down (verified)* and *not verified*.

``ocop verify``, ``ocop report``, its drift summary and its evidence lists all call ``judge``:

    on sale       the newest trustworthy observation within ``fresh_days`` shows the listing
                  on sale — in stock or out of stock (out of stock is a listing still up for
                  sale, shown apart)
    taken down    the newest trustworthy observation within ``fresh_days`` shows it removed,
                  delisted, banned or redirected away (``Judgement.counted.status`` says which)
    not verified  no trustworthy observation within ``fresh_days``: never observed, only
                  blocked or error answers, or the last trustworthy one is older (``reason``)

A blocked or error answer newer than the trustworthy observation counted does not change the
verdict; the judgement then *rests on an older observation* (``older``), and says why the newer
one did not count (``Judgement.latest``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from ocop.observation import ON_SALE, Observation, PageStatus, Seen


class Verdict(StrEnum):
    """What a listing is, as far as trustworthy observations show."""

    ON_SALE = "on_sale"
    TAKEN_DOWN = "taken_down"
    UNVERIFIED = "unverified"


class Unverified(StrEnum):
    """Why a listing is not verified."""

    NEVER_OBSERVED = "never_observed"  # no crawl (or API read-back) has looked at it
    BLOCKED = "blocked"  # only blocked answers: 403/429, captcha, login wall, robots.txt
    ERROR = "error"  # only errors: network, 5xx, a page not shown to be this listing
    TOO_OLD = "too_old"  # the last trustworthy observation is older than the window


def aware(moment: datetime) -> datetime:
    """Naive datetimes in the state are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# not frozen (nothing changes one once made): a frozen dataclass sets each field through
# object.__setattr__, and a national report judges ~100,000 listings
@dataclass(slots=True)
class Judgement:
    """One listing's verdict and the observations it rests on."""

    verdict: Verdict
    counted: Observation | None  # the trustworthy observation the verdict rests on
    latest: Observation | None  # the newest observation of any kind
    reason: Unverified | None = None  # why not verified

    @property
    def older(self) -> bool:
        """True when a newer blocked or error answer was left aside for ``counted``."""
        return self.counted is not None and self.latest is not self.counted

    @property
    def out_of_stock(self) -> bool:
        """On sale with no stock."""
        return self.counted is not None and self.counted.status is PageStatus.OUT_OF_STOCK


def fresh_after(reference_time: datetime, fresh_days: int) -> datetime:
    """The oldest moment an observation may be from and still count."""
    return aware(reference_time) - timedelta(days=fresh_days)


def judge(seen: Seen | None, reference_time: datetime, fresh_days: int) -> Judgement:
    """The verdict on a listing at ``reference_time`` from what the state store holds of it."""
    return _judged(seen, fresh_after(reference_time, fresh_days))


def _judged(seen: Seen | None, oldest: datetime) -> Judgement:
    """``judge`` with the oldest moment that still counts worked out once for many."""
    if seen is None:
        return Judgement(Verdict.UNVERIFIED, None, None, Unverified.NEVER_OBSERVED)
    counted, latest = seen.trustworthy, seen.latest
    if counted is None:
        reason = Unverified.BLOCKED if latest.status is PageStatus.BLOCKED else Unverified.ERROR
        return Judgement(Verdict.UNVERIFIED, None, latest, reason)
    if aware(counted.observed_at) < oldest:
        return Judgement(Verdict.UNVERIFIED, None, latest, Unverified.TOO_OLD)
    verdict = Verdict.ON_SALE if counted.status in ON_SALE else Verdict.TAKEN_DOWN
    return Judgement(verdict, counted, latest)


def judge_all(
    keys: Iterable[tuple[str, str]],
    seen: Mapping[tuple[str, str], Seen],
    reference_time: datetime,
    fresh_days: int,
) -> dict[tuple[str, str], Judgement]:
    """``judge`` for each (marketplace, SKU) in ``keys``."""
    oldest = fresh_after(reference_time, fresh_days)
    return {key: _judged(seen.get(key), oldest) for key in keys}
