"""The demo deployment and the school list importer."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Case, CaseStatus, Channel, District, School, User
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
    _assert_demo_transparency()
    again = runner.invoke(args=["seed-demo"])
    assert "already present" in again.output
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 120
    new_password = again.output.rsplit("password: ", 1)[1].strip()
    db.session.expire_all()
    assert verify_password(db.session.get(User, admin.id).password_hash, new_password)


def _assert_demo_transparency() -> None:
    """Published reports for every past month the demo cases cover, one participation."""
    from portal.demo.transparency import past_months_with_cases
    from portal.models import ItaItem, Office, ParticipationReport, Report

    office = db.session.scalar(sa.select(Office))
    months = [p.key for p in past_months_with_cases(office)]
    assert len(months) >= 5  # the cases span 180 days
    reports = db.session.scalars(sa.select(Report).order_by(Report.starts_on)).all()
    assert [r.period for r in reports] == months
    assert all(len(r.versions) == 1 and r.versions[0].file for r in reports)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ParticipationReport)) == 1
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
