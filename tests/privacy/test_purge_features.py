"""The purge of what chat intake and the PR network hold, with time travel: chat identities
go with the contact period after the person's cases all ended, chat messages after the
delivery period, committee members' contact details a year after their term."""

from __future__ import annotations

import json
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy import select

from portal.chat.followups import chat_of
from portal.chat.inbound import chat_user
from portal.chat.models import ChatInboundEvent, ChatOutgoing, ChatUser
from portal.extensions import db
from portal.models import Case, CaseStatus, User, UserRole
from portal.models.privacy import PurgeRun
from portal.network.models import CommitteeMember, CommitteeRole, Invitation
from portal.privacy.holds import place_hold, release_hold
from portal.privacy.purge import purge_office
from tests.privacy.factories import NOW, case_by_chat, chatter, ended_case


def _raw(sql: str, **params):
    return db.session.execute(sa.text(sql), params).one()


def test_chat_identity_goes_when_the_persons_cases_all_ended_past_the_period(app, office):
    old_case = ended_case(office, years_ago=2.5)
    gone = chatter(office, "U-gone", "มานี", years_ago=2.5)
    case_by_chat(office, gone, old_case, years_ago=2.5)
    # Another person: one old case, one that ended last year: kept.
    kept = chatter(office, "U-kept", "ชูใจ", years_ago=2.5)
    case_by_chat(office, kept, ended_case(office, years_ago=2.5), years_ago=2.5)
    case_by_chat(office, kept, ended_case(office, years_ago=1), years_ago=1)
    # Someone who wrote three years ago and never filed a case: gone too.
    idle = chatter(office, "U-idle", "ปิติ", years_ago=3)
    # Someone whose case is still open: kept, however long ago they wrote.
    open_case = ended_case(office, years_ago=3)
    open_case.status, open_case.closed_at = CaseStatus.IN_PROGRESS, None
    waiting = chatter(office, "U-open", "วีระ", years_ago=3)
    case_by_chat(office, waiting, open_case, years_ago=3)
    db.session.commit()

    dry = purge_office(office, now=NOW, dry_run=True)
    assert dry.chat_users == 2
    assert db.session.get(ChatUser, gone.id).display_name == "มานี"

    result = purge_office(office, now=NOW)
    assert result.chat_users == 2
    db.session.expire_all()
    for user in (gone, idle):
        row = db.session.get(ChatUser, user.id)
        assert (row.user_id, row.display_name, row.draft) == ("", None, None)
        assert row.purged_at == NOW and row.state == "idle"
    # The hashed key no longer leads to the person: writing again starts a new chat user.
    assert _raw("SELECT user_key FROM chat_users WHERE id = :i", i=gone.id)[0] == (
        f"purged:{gone.id}"
    )
    again = chat_user(office, None, "line", "U-gone")
    assert again.id != gone.id and again.display_name is None
    # The case still shows that it came by chat.
    assert chat_of(db.session.get(Case, old_case.id)).id == gone.id
    for user, name in ((kept, "ชูใจ"), (waiting, "วีระ")):
        row = db.session.get(ChatUser, user.id)
        assert row.display_name == name and row.user_id.startswith("U-") and row.draft
    run = db.session.scalar(select(PurgeRun).order_by(PurgeRun.id.desc()))
    assert run.chat_users == 2
    assert purge_office(office, now=NOW + timedelta(days=1)).chat_users == 0


def test_a_legal_hold_keeps_the_chat_identity_and_messages(app, office, signed_in):
    case = ended_case(office, years_ago=3)
    user = chatter(office, "U-held", "สมชาย", years_ago=3)
    case_by_chat(office, user, case, years_ago=3)
    officer = User(
        office_id=office.id,
        email="integrity@test.example",
        name="นิติกร",
        password_hash="x",
        roles=[UserRole(role="integrity")],
    )
    db.session.add(officer)
    db.session.commit()
    hold = place_hold(case, "court", "ศาลปกครองเรียกเอกสาร", "ศาลปกครองกลาง", officer)
    db.session.commit()
    result = purge_office(office, now=NOW)
    assert (result.chat_users, result.chat_messages) == (0, 0)
    assert db.session.get(ChatUser, user.id).display_name == "สมชาย"
    release_hold(db.session.merge(hold), officer)
    db.session.commit()
    result = purge_office(office, now=NOW + timedelta(days=1))
    assert (result.chat_users, result.chat_messages) == (1, 2)


def test_chat_messages_are_emptied_after_the_delivery_period(app, office):
    old = ended_case(office, years_ago=1.5)
    recent = ended_case(office, years_ago=0.5)
    user = chatter(office, "U-msg", "ดารา", years_ago=0.4)
    case_by_chat(office, user, old, years_ago=1.5)
    case_by_chat(office, user, recent, years_ago=0.5)
    # A reply still waiting to go, written long ago: not touched (the worker still needs it).
    db.session.add(
        ChatOutgoing(
            office_id=office.id,
            chat_user_id=user.id,
            platform="line",
            purpose="conversation",
            messages=json.dumps([{"text": "รอส่ง"}], ensure_ascii=False),
            retry_key="11111111-0000-0000-0000-000000000000",
            status="retrying",
            created_at=NOW - timedelta(days=500),
        )
    )
    db.session.commit()

    result = purge_office(office, now=NOW)
    assert result.chat_messages == 2  # the old event and the old reply
    assert result.chat_users == 0  # the person wrote within the contact period
    db.session.expire_all()
    event = db.session.scalar(
        select(ChatInboundEvent).where(ChatInboundEvent.case_event_id == old.events[0].id)
    )
    assert event.payload == "{}" and event.purged_at == NOW
    sent = db.session.scalar(select(ChatOutgoing).where(ChatOutgoing.case_id == old.id))
    assert (sent.messages, sent.reply_token) == ("[]", None)
    kept = db.session.scalar(select(ChatOutgoing).where(ChatOutgoing.case_id == recent.id))
    assert "ดารา" in kept.messages and kept.reply_token == "reply-token-secret"
    waiting = db.session.scalar(select(ChatOutgoing).where(ChatOutgoing.status == "retrying"))
    assert "รอส่ง" in waiting.messages
    # Nothing of the text is left in the stored (encrypted) columns either: new ciphertexts.
    raw = _raw("SELECT payload FROM chat_inbound_events WHERE id = :i", i=event.id)[0]
    assert raw != "" and "ดารา" not in raw
    assert db.session.scalar(select(PurgeRun)).chat_messages == 2


def test_committee_contacts_go_a_year_after_the_term_and_stale_join_forms(app, office, signed_in):
    def member(name: str, term_end: date | None) -> CommitteeMember:
        row = CommitteeMember(
            office_id=office.id,
            name=name,
            position="ครู",
            role=CommitteeRole.MEMBER,
            phone="0811111111",
            email=f"{name}@school.example",
            line_id="line_" + name,
            term_start=date(2020, 1, 1),
            term_end=term_end,
        )
        db.session.add(row)
        return row

    left = member("อดีตกรรมการ", NOW.date() - timedelta(days=400))
    lately = member("เพิ่งพ้นวาระ", NOW.date() - timedelta(days=100))
    serving = member("กรรมการปัจจุบัน", None)
    staff = signed_in().user
    school_id = db.session.execute(
        sa.text("SELECT min(id) FROM schools WHERE office_id = :o"), {"o": office.id}
    ).scalar()
    stale = Invitation(
        office_id=office.id,
        school_id=school_id,
        token_digest="d-stale",
        token="tok-stale",
        created_by_id=staff.id,
        expires_at=NOW - timedelta(days=3),
        pending=json.dumps({"name": "ครูผู้สมัคร", "phone": "0899999999"}, ensure_ascii=False),
    )
    live = Invitation(
        office_id=office.id,
        school_id=school_id,
        token_digest="d-live",
        token="tok-live",
        created_by_id=staff.id,
        expires_at=NOW + timedelta(days=3),
        pending=json.dumps({"name": "ครูกำลังสมัคร"}, ensure_ascii=False),
    )
    db.session.add_all([stale, live])
    db.session.commit()

    assert purge_office(office, now=NOW, dry_run=True).network_contacts == 2
    result = purge_office(office, now=NOW)
    assert result.network_contacts == 2
    db.session.expire_all()
    gone = db.session.get(CommitteeMember, left.id)
    assert (gone.phone, gone.email, gone.line_id) == (None, None, None)
    assert gone.name == "อดีตกรรมการ"  # as in the appointment order
    for row in (lately, serving):
        assert db.session.get(CommitteeMember, row.id).phone == "0811111111"
    assert db.session.get(Invitation, stale.id).pending is None
    assert "ครูกำลังสมัคร" in db.session.get(Invitation, live.id).pending
    assert db.session.scalar(select(PurgeRun)).network_contacts == 2
    assert purge_office(office, now=NOW + timedelta(days=1)).network_contacts == 0
