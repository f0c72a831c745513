"""Reminders: correspondents whose school sent no news for a while, and PR about invitations
nobody has accepted.

A correspondent gets theirs by e-mail when they gave an address, and as a LINE push as well
when they confirmed their join in the office's LINE chat (``Correspondent.chat_user_id``)
and that chat is still open: queued with ``portal.chat.outgoing.queue_messages`` only while
the month's push quota has room (``push_room``), counted by the worker when it pushes
(``take_push_quota``). Either way the reminder is logged once. PR officers have no chat
link: theirs goes by e-mail only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from portal.chat.hooks import chat_open
from portal.chat.models import ChatUser
from portal.chat.outgoing import push_room, queue_messages
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
    line_pushes: int = 0  # of the correspondents' reminders, those queued for LINE too


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
            or_(Correspondent.email_digest.is_not(None), Correspondent.chat_user_id.is_not(None)),
        )
    ).all()
    line_room = push_room(office.id) if chat_open(office.id, "line") else 0
    for person in people:
        since = max(
            filter(None, (last_news.get(person.school_id), person.joined_at, person.created_at))
        )
        reminded = last_reminded.get(person.id)
        if now - since < quiet or (reminded is not None and now - reminded < quiet):
            continue
        link = public_url("network_school.news_new", school_id=person.school_id)
        chat_user = _line_chat_user(person) if line_room > 0 else None
        if not person.email and chat_user is None:
            continue  # linked to a chat that is closed or out of pushes, and no address
        if person.email:
            enqueue_staff_email(
                office,
                person.email,
                "network_quiet",
                QUIET_SUBJECT,
                "th",
                name=person.name,
                school=person.school,
                days=quiet_days,
                link=link,
            )
        if chat_user is not None:
            message = _quiet_line_message(person, quiet_days, link)
            queue_messages(chat_user, [message], purpose="network_quiet")
            line_room -= 1
            run.line_pushes += 1
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


def _line_chat_user(person: Correspondent) -> ChatUser | None:
    """The LINE chat user the correspondent confirmed in, while a push can reach them."""
    if person.chat_user_id is None:
        return None
    user = db.session.get(ChatUser, person.chat_user_id)
    if user is None or user.platform != "line" or user.is_group or user.purged_at is not None:
        return None
    return user


def _quiet_line_message(person: Correspondent, quiet_days: int, link: str) -> dict:
    """The e-mail's words, in Thai as the chat speaks, as one chat message."""
    with force_locale("th"):
        text = "\n\n".join(
            (
                _("เรียน %(name)s", name=person.name),
                _(
                    "%(school)s ยังไม่ได้ส่งข่าวกิจกรรมมา %(days)d วันแล้ว หากมีกิจกรรมของโรงเรียน "
                    "ส่งข่าวพร้อมภาพได้ที่",
                    school=person.school.name("th"),
                    days=quiet_days,
                )
                + "\n"
                + link,
            )
        )
    return {"text": text, "quick": []}
