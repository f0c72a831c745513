"""What went wrong on a channel, classified for the worker, worded in Thai for staff."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, timedelta

from portal.numbers import plain_int

MIN_THROTTLE_WAIT = timedelta(minutes=15)


class ErrorKind(enum.Enum):
    RETRY = "retry"  # transient: back off and try again
    THROTTLED = "throttled"  # the service asked us to slow down: wait, without using an attempt
    AUTH = "auth"  # credentials refused: pause the channel, tell the administrators
    PERMANENT = "permanent"  # this message will never be accepted
    DUPLICATE = "duplicate"  # Facebook 506: the same post exists; reconcile, then permanent
    GONE = "gone"  # the object (a post to delete) does not exist any more


@dataclass
class ChannelError(Exception):
    """A refused or failed call. ``ambiguous``: the request may have reached the service."""

    kind: ErrorKind
    thai: str
    detail: str
    wait: timedelta | None = None
    ambiguous: bool = False
    code: int | None = None  # the service's own error code, when it gave one

    def __str__(self) -> str:
        return f"{self.thai} ({self.detail})"


def retry_after(headers) -> timedelta:
    """An answer's ``Retry-After``: seconds, or an HTTP date; zero when absent or unreadable."""
    from email.utils import parsedate_to_datetime

    from portal.clock import utcnow

    value = (headers.get("Retry-After") or "").strip()
    seconds = plain_int(value)
    if seconds is not None:
        return timedelta(seconds=min(seconds, 7 * 24 * 3600))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return timedelta(0)
    if when.tzinfo is None:
        return timedelta(0)
    wait = when.astimezone(UTC).replace(tzinfo=None) - utcnow()
    return max(min(wait, timedelta(days=7)), timedelta(0))


def transport_error(service: str, exc: Exception) -> ChannelError:
    """A timeout or dropped connection: the request may have arrived, so it is ambiguous."""
    import httpx

    detail = f"{type(exc).__name__}: {exc}"[:1000]
    if isinstance(exc, httpx.TimeoutException):
        thai = f"{service} ไม่ตอบสนองภายในเวลาที่กำหนด จะตรวจสอบและลองใหม่"
    elif isinstance(exc, httpx.ConnectError):
        return ChannelError(ErrorKind.RETRY, f"เชื่อมต่อ {service} ไม่ได้ จะลองใหม่", detail)
    else:
        thai = f"การเชื่อมต่อกับ {service} ขาดกลางคัน จะตรวจสอบและลองใหม่"
    return ChannelError(ErrorKind.RETRY, thai, detail, ambiguous=True)
