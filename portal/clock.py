"""Time in one place: stored naive UTC, shown in Bangkok time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543


def utcnow() -> datetime:
    """The current UTC time, naive, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    """A stored (naive UTC) timestamp as an aware Bangkok time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(BANGKOK)


def buddhist_year(value: datetime) -> int:
    """The Buddhist-era year of a stored timestamp, by the Bangkok calendar."""
    return to_local(value).year + BE_OFFSET
