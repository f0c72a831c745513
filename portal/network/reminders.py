"""Reminders: correspondents whose school sent no news for a while, and PR about invitations
nobody has accepted. By e-mail; the portal has no LINE chat with a person yet (only the OA's
broadcast), so no reminder goes by LINE."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.clock import utcnow
from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.links import public_url
from portal.models import Office, Role, User, UserRole
from portal.network.invitations import unaccepted
from portal.network.models import Correspondent, CorrespondentKind, NetworkChange, SchoolNews
from portal.network.registry import log_change

QUIET_SUBJECT = _l("เชิญส่งข่าวกิจกรรมของโรงเรียน")
INVITATIONS_SUBJECT = _l("หนังสือเชิญเครือข่ายประชาสัมพันธ์ที่โรงเรียนยังไม่ตอบรับ")
INVITATION_AGE = timedelta(days=14)  # a letter takes time to reach a school and be acted on


@dataclass
class ReminderRun:
    correspondents: int = 0
    pr_officers: int = 0
    invitations: int = 0


def send_reminders(office: Office, quiet_days: int) -> ReminderRun:
    """Queue the reminders due now; each correspondent at most once per ``quiet_days``."""
    run = ReminderRun()
    now, quiet = utcnow(), timedelta(days=quiet_days)
    last_news = dict(
        db.session.execute(
            select(SchoolNews.school_id, func.max(SchoolNews.submitted_at))
            .where(SchoolNews.office_id == office.id)
            .group_by(SchoolNews.school_id)
        ).all()
    )
    last_reminded = dict(
        db.session.execute(
            select(NetworkChange.correspondent_id, func.max(NetworkChange.created_at))
            .where(NetworkChange.office_id == office.id, NetworkChange.action == "reminded")
            .group_by(NetworkChange.correspondent_id)
        ).all()
    )
    people = db.session.scalars(
        select(Correspondent).where(
            Correspondent.office_id == office.id,
            Correspondent.kind == CorrespondentKind.MAIN,
            Correspondent.email_digest.is_not(None),
        )
    ).all()
    for person in people:
        since = max(
            filter(None, (last_news.get(person.school_id), person.joined_at, person.created_at))
        )
        reminded = last_reminded.get(person.id)
        if now - since < quiet or (reminded is not None and now - reminded < quiet):
            continue
        enqueue_staff_email(
            office,
            person.email,
            "network_quiet",
            QUIET_SUBJECT,
            "th",
            name=person.name,
            school=person.school,
            days=quiet_days,
            link=public_url("network_school.news_new", school_id=person.school_id),
        )
        log_change(office, "reminder", "reminded", correspondent=person, school_id=person.school_id)
        run.correspondents += 1
    waiting = [i for i in unaccepted(office) if now - i.created_at >= INVITATION_AGE]
    if waiting:
        officers = db.session.scalars(
            select(User)
            .join(UserRole)
            .where(User.office_id == office.id, User.active.is_(True), UserRole.role == Role.PR)
        ).all()
        for officer in officers:
            enqueue_staff_email(
                office,
                officer.email,
                "network_invitations",
                INVITATIONS_SUBJECT,
                "th",
                name=officer.name,
                invitations=waiting,
                link=public_url("network.registry_page"),
            )
            run.pr_officers += 1
        run.invitations = len(waiting)
    return run
