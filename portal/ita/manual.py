"""The complaint handling manual and the channels, generated from the office's own settings.

Nothing here is typed twice: the time frames are the deadline policies cases get, the
responsible units are the work groups the categories route to, the channels are the
office's contact details and the two intake forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.cases.deadlines import policy_for
from portal.extensions import db
from portal.models import CaseType, Category, DeadlinePolicy, Office, WorkGroup


@dataclass
class TypeRules:
    """How one type of case is handled: its time frames and who handles it."""

    case_type: CaseType
    policy: DeadlinePolicy
    units: list[WorkGroup]


@dataclass
class Channel:
    """One way to reach the office: a kind (``web``, ``phone`` …) and what to use."""

    kind: str
    value: str
    link: str = ""


def handling_rules(office: Office) -> list[TypeRules]:
    """Every case type with the deadlines in force and the work groups that handle it."""
    rows = db.session.execute(
        select(Category.case_type, WorkGroup)
        .join(WorkGroup, WorkGroup.id == Category.work_group_id)
        .where(Category.office_id == office.id, Category.active.is_(True))
        .distinct().order_by(WorkGroup.name_th)
    ).all()
    units: dict[CaseType, list[WorkGroup]] = {t: [] for t in CaseType}
    for case_type, group in rows:
        if group not in units[case_type]:
            units[case_type].append(group)
    corruption_units = list(db.session.scalars(select(WorkGroup).where(
        WorkGroup.office_id == office.id, WorkGroup.receives_corruption.is_(True))))
    for group in corruption_units:
        if group not in units[CaseType.CORRUPTION]:
            units[CaseType.CORRUPTION].append(group)
    return [TypeRules(t, policy_for(office, t), units[t]) for t in CaseType]


def complaint_channels(office: Office, form_url: str) -> list[Channel]:
    """The channels for general complaints, suggestions and questions."""
    channels = [Channel("web", form_url, form_url)]
    if office.address_th:
        channels.append(Channel("walk_in", office.address_th))
        channels.append(Channel("letter", office.address_th))
    if office.phone:
        channels.append(Channel("phone", office.phone, "tel:" + office.phone.replace("-", "")))
    if office.email:
        channels.append(Channel("email", office.email, "mailto:" + office.email))
    if office.facebook_url:
        channels.append(Channel("facebook", office.facebook_url, office.facebook_url))
    return channels


def corruption_channels(office: Office, form_url: str) -> list[Channel]:
    """The separate channel for corruption and misconduct reports (the ITA requires it)."""
    channels = [Channel("web", form_url, form_url)]
    if office.address_th:
        channels.append(Channel("letter", office.address_th))
    return channels
