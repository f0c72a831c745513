"""The office's retention schedule: how long each kind of personal data is kept."""

from __future__ import annotations

from dataclasses import dataclass, fields

from portal.clock import utcnow
from portal.extensions import db
from portal.models import Office, User
from portal.models.privacy import DEFAULT_RETENTION_DAYS, RetentionSchedule

# The shortest period an administrator may set: a reporter must have time to follow the case.
MIN_DAYS = 30


@dataclass
class RetentionDays:
    contact_days: int
    attachment_days: int
    text_mask_days: int
    view_log_days: int
    access_log_days: int
    delivery_days: int


def schedule_of(office: Office) -> RetentionSchedule:
    """The office's schedule; the defaults (not yet stored) when an admin never changed it."""
    schedule = db.session.get(RetentionSchedule, office.id)
    if schedule is None:
        schedule = RetentionSchedule(office_id=office.id, **DEFAULT_RETENTION_DAYS)
    return schedule


def update_schedule(office: Office, days: RetentionDays, user: User) -> RetentionSchedule:
    """Store the office's schedule; the caller commits."""
    schedule = db.session.get(RetentionSchedule, office.id)
    if schedule is None:
        schedule = RetentionSchedule(office_id=office.id)
        db.session.add(schedule)
    for field in fields(RetentionDays):
        value = getattr(days, field.name)
        if value < MIN_DAYS:
            raise ValueError(field.name)
        setattr(schedule, field.name, value)
    schedule.updated_at = utcnow()
    schedule.updated_by_id = user.id
    return schedule
