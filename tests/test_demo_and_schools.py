"""The demo deployment and the school list importer."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Case, CaseStatus, Channel, District, Office, School, User
from portal.schools.importer import import_schools
from portal.security.passwords import verify_password


def test_seed_demo_builds_the_office_and_prints_a_working_login(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--cases", "120"])
    assert result.exit_code == 0, result.output
    assert "Admin login: admin@nkp2.example  password: " in result.output
    password = result.output.rsplit("password: ", 1)[1].strip()
    admin = db.session.scalar(sa.select(User).where(User.email == "admin@nkp2.example"))
    assert verify_password(admin.password_hash, password)
    districts = db.session.scalars(sa.select(District.name_th)).all()
    assert sorted(districts) == sorted(["ศรีสงคราม", "นาหว้า", "บ้านแพง", "ท่าอุเทน", "โพนสวรรค์",
                                        "นาทม"])
    schools = db.session.scalars(sa.select(School)).all()
    assert len(schools) == 185 and all(s.is_demo for s in schools)
    statuses = set(db.session.scalars(sa.select(Case.status).distinct()))
    assert statuses == set(CaseStatus)
    assert len(set(db.session.scalars(sa.select(Case.channel).distinct()))) >= 5
    assert Channel.WEB in set(db.session.scalars(sa.select(Case.channel).distinct()))
    _assert_plausible_schools(schools)
    _assert_a_working_office(db.session.scalars(sa.select(Case)).all())
    _assert_endings_recorded(db.session.scalars(sa.select(Case)).all())
    from portal.models import ChannelAccount

    accounts = db.session.scalars(sa.select(ChannelAccount)).all()
    assert len(accounts) == 2 and all(a.dry_run and a.configured for a in accounts)
    _assert_demo_transparency()
    office = db.session.scalar(sa.select(Office))
    assert office.facebook_url.rstrip("/").rsplit("/", 1)[1] not in ("www.facebook.com", "")
    again = runner.invoke(args=["seed-demo"])
    assert "already present" in again.output
    # 120 demo cases, the two filed by the demo chats (portal/demo/chats.py), once, and the
    # PDPA demo's purged archive.
    from portal.privacy.demo import ARCHIVE_CASES

    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 120 + 2 + ARCHIVE_CASES
    new_password = again.output.rsplit("password: ", 1)[1].strip()
    db.session.expire_all()
    assert verify_password(db.session.get(User, admin.id).password_hash, new_password)


def _assert_plausible_schools(schools) -> None:
    names = [s.name_th for s in schools]
    assert len(set(names)) == len(names)  # unique across districts, not only within one
    assert not [n for n in names if "บ้านบ้าน" in n]
    for suffix in ("ใหญ่", "พัฒนา", "วิทยา", "น้อย", "ใหม่"):
        assert not [n for n in names if n.endswith(suffix * 2)]
    assert all(s.name_en.startswith("Ban ") and s.name_en.endswith(" School") for s in schools)


def _assert_a_working_office(cases) -> None:
    """Mostly answered on time, a few late: not half the office overdue by months."""
    from portal.clock import utcnow

    now = utcnow()
    overdue = [c for c in cases if c.is_open and c.reply_due_at < now]
    assert len(overdue) <= 0.1 * len(cases), len(overdue)
    assert all((now - c.reply_due_at).days < 120 for c in overdue)
    answered = [c for c in cases if c.reporter_informed_at is not None]
    on_time = [c for c in answered if c.reporter_informed_at <= c.reply_due_at]
    assert len(on_time) >= 0.8 * len(answered)
    assert len(on_time) < len(answered)  # and a few late ones, as in any office
    months = {(c.received_at.year, c.received_at.month) for c in cases}
    assert len(months) >= 5


def _assert_endings_recorded(cases) -> None:
    """Outcomes, decline reasons and ratings in a realistic mix, so the reports add up."""
    from portal.models import Outcome, Satisfaction

    finished = [c for c in cases if c.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)]
    assert finished and all(c.outcome is not None for c in finished)
    found = {c.outcome for c in finished}
    assert {Outcome.UPHELD, Outcome.NOT_UPHELD, Outcome.ANSWERED} <= found
    declined = [c for c in cases if c.status is CaseStatus.DECLINED]
    assert declined and all(c.decline_reason is not None for c in declined)
    ratings = db.session.scalars(sa.select(Satisfaction)).all()
    # The PDPA demo's archive (closed two to six years ago, purged) was never rated.
    from portal.clock import utcnow

    recent = [c for c in finished if (utcnow() - c.received_at).days < 700]
    assert 0.25 * len(recent) <= len(ratings) <= 0.7 * len(recent)
    assert len({r.rating for r in ratings}) >= 3  # a mix, not all fives
    assert any(r.comment for r in ratings) and not all(r.comment for r in ratings)
    rated = {r.case_id for r in ratings}
    assert all(c.id in rated for c in cases for e in c.events if e.kind.value == "rated")


def _assert_demo_transparency() -> None:
    """Published reports for every past month the demo cases cover, one participation."""
    from portal.demo.transparency import past_months_with_cases
    from portal.models import ItaItem, Office, Publication, PublicationKind, Report

    office = db.session.scalar(sa.select(Office))
    months = [p.key for p in past_months_with_cases(office)]
    assert len(months) >= 5  # the cases span 180 days
    reports = db.session.scalars(sa.select(Report).order_by(Report.starts_on)).all()
    # Every finished month but the last, left for the director to publish.
    assert [r.period for r in reports] == months[:-1]
    assert all(len(r.versions) == 1 and r.versions[0].file for r in reports)
    participation = db.session.scalars(sa.select(Publication).where(
        Publication.kind == PublicationKind.PARTICIPATION)).all()
    assert len(participation) == 1 and participation[0].is_public  # approved by a second person
    assert participation[0].live.approved_by_id != participation[0].author_id
    # Published under the current disclosure rules, so served publicly, with the data set.
    from portal.reports.publishing import DISCLOSURE_RULES_VERSION, is_served

    assert {r.versions[0].disclosure_rules for r in reports} == {DISCLOSURE_RULES_VERSION}
    assert all(is_served(r.versions[0]) for r in reports)
    assert all(len(r.versions[0].files) == 7 for r in reports)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ItaItem)) == 4


def test_import_schools_adds_updates_and_reports(app, office):
    csv_text = (
        "\ufeffcode,name_th,district,name_en\n"
        "48020001,โรงเรียนบ้านโพนแพง,ศรีสงคราม,Ban Phon Phaeng School\n"
        "48020002,โรงเรียนบ้านนาทม,4811,\n"
        "48020003,โรงเรียนไม่มีอำเภอ,เมืองนครพนม,\n"
        ",ไม่มีรหัส,นาทม,\n"
    )
    result = import_schools(office, csv_text)
    db.session.commit()
    assert (result.added, result.updated) == (2, 0)
    assert len(result.errors) == 2 and "บรรทัด 4" in result.errors[0]
    again = import_schools(office, "code,name_th,district\n48020001,โรงเรียนบ้านโพนแพงใหม่,นาทม\n")
    db.session.commit()
    assert (again.added, again.updated) == (0, 1)
    school = db.session.scalar(sa.select(School).where(School.code == "48020001"))
    assert school.name_th == "โรงเรียนบ้านโพนแพงใหม่" and school.district.name_th == "นาทม"
    assert not school.is_demo


def test_import_schools_names_missing_columns(app, office):
    result = import_schools(office, "code,name\n1,x\n")
    assert result.errors == ["ไม่พบคอลัมน์: name_th, district"]
