"""When an observation counts: fresh enough, and showing the listing on sale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ocop.observation import LISTED, Observation


def aware(moment: datetime) -> datetime:
    """Naive datetimes in the state are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def judge(
    observation: Observation | None, reference_time: datetime, fresh_days: int
) -> tuple[bool, str | None]:
    """Whether an observation verifies a listing as live, and why not."""
    if observation is None:
        return False, "never observed"
    if aware(observation.observed_at) < reference_time - timedelta(days=fresh_days):
        return False, "stale"
    if observation.status in LISTED:
        return True, None
    return False, observation.status.value
