"""Creating, archiving and importing offices, by service and by `flask office`."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.cases.errors import CaseError
from portal.cases.submit import CaseSubmission, submit_case
from portal.extensions import db
from portal.models import (
    CaseType,
    Category,
    DeadlinePolicy,
    Holiday,
    ItaItem,
    Office,
    ResponseTemplate,
    WorkGroup,
)
from portal.offices.provisioning import NewOffice, OfficeError, create_office, import_offices
from tests.helpers import post_form, valid_case


def _count(model, office):
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(model).where(model.office_id == office.id)
    )


def _template(office):
    """The template office's own settings beyond the factory's groups and categories."""
    db.session.add(
        DeadlinePolicy(
            office_id=office.id, case_type=CaseType.COMPLAINT, reply_days=12, working_days=True
        )
    )
    db.session.add(Holiday(office_id=office.id, day=dt.date(2026, 12, 10), name="วันรัฐธรรมนูญ"))
    category = db.session.scalar(sa.select(Category).where(Category.office_id == office.id))
    db.session.add(
        ResponseTemplate(
            office_id=office.id,
            category_id=category.id,
            title="รับเรื่อง",
            body="เรื่อง {number} ได้รับแล้ว",
        )
    )
    db.session.add(
        ItaItem(
            office_id=office.id, fiscal_year=2569, code="O16", title_th="คู่มือ", url="/ita/manual"
        )
    )
    db.session.commit()


def test_a_new_office_copies_the_template_office(app, office):
    _template(office)
    new = create_office(
        NewOffice(
            code="NP9",
            name_th="สพป.ทดสอบ เขต 9",
            name_en="Test 9",
            province_th="นครพนม",
            hostname="np9.portal.test",
        ),
        office,
    )
    db.session.commit()
    for model in (WorkGroup, Category, DeadlinePolicy, Holiday, ResponseTemplate, ItaItem):
        assert _count(model, new) == _count(model, office) > 0, model
    policy = db.session.scalar(sa.select(DeadlinePolicy).where(DeadlinePolicy.office_id == new.id))
    assert policy.reply_days == 12 and policy.working_days
    # Categories route to the new office's own work groups, templates to its own categories.
    for category in db.session.scalars(sa.select(Category).where(Category.office_id == new.id)):
        assert category.work_group.office_id == new.id
    reply = db.session.scalar(
        sa.select(ResponseTemplate).where(ResponseTemplate.office_id == new.id)
    )
    assert db.session.get(Category, reply.category_id).office_id == new.id
    assert new.province_th == "นครพนม" and new.archived_at is None


def test_without_a_template_the_built_in_defaults_are_used(app):
    new = create_office(NewOffice(code="KK1", name_th="สพป.ทดสอบ"), None)
    db.session.commit()
    assert _count(WorkGroup, new) >= 5 and _count(Category, new) >= 10
    assert _count(DeadlinePolicy, new) == len(CaseType)
    assert _count(ItaItem, new) > 0
    legal = db.session.scalar(
        sa.select(WorkGroup).where(WorkGroup.office_id == new.id, WorkGroup.receives_corruption)
    )
    assert legal is not None


@pytest.mark.parametrize(
    "code, host",
    [("np2", None), ("NP2", None), ("N P", None), ("X1", "bad_host"), ("X2", "np2.portal.test")],
)
def test_codes_and_host_names_are_checked(app, office, code, host):
    office.hostname = "np2.portal.test"
    db.session.commit()
    with pytest.raises(OfficeError):
        create_office(NewOffice(code=code, name_th="ชื่อ", hostname=host), office)


def test_an_archived_office_takes_no_case_and_stays_readable(app, client, office):
    response = post_form(client, "/submit", valid_case())
    assert response.status_code == 302
    result = app.test_cli_runner().invoke(args=["office", "archive", "np2"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Office, office.id).archived_at is not None
    page = client.get("/submit")
    assert page.status_code == 410 and "ไม่รับเรื่องใหม่แล้ว" in page.get_data(as_text=True)
    assert client.get("/report-corruption").status_code == 410
    assert client.get("/").status_code == 200 and client.get("/track").status_code == 200
    with pytest.raises(CaseError):
        submit_case(
            db.session.get(Office, office.id),
            CaseSubmission(
                case_type=CaseType.COMPLAINT, subject="เรื่อง", description="รายละเอียด" * 3
            ),
        )
    assert app.test_cli_runner().invoke(args=["office", "reopen", "NP2"]).exit_code == 0
    assert client.get("/submit").status_code == 200


def test_cli_create_and_import(app, office):
    runner = app.test_cli_runner()
    made = runner.invoke(
        args=[
            "office",
            "create",
            "--code",
            "kk2",
            "--name-th",
            "สพป.ขอนแก่น เขต 2",
            "--name-en",
            "Khon Kaen 2",
            "--host",
            "KK2.portal.test",
        ]
    )
    assert made.exit_code == 0, made.output
    kk2 = db.session.scalar(sa.select(Office).where(Office.code == "KK2"))
    assert kk2.hostname == "kk2.portal.test" and _count(Category, kk2) == _count(Category, office)
    again = runner.invoke(args=["office", "create", "--code", "KK2", "--name-th", "ซ้ำ"])
    assert again.exit_code != 0 and "ถูกใช้แล้ว" in again.output

    sample = runner.invoke(args=["office", "import", "--sample"])
    assert sample.exit_code == 0, sample.output
    assert "created 3, updated 1" in sample.output  # NP2 is already there
    listing = runner.invoke(args=["office", "list"]).output
    assert "SN1" in listing and "ตัวอย่าง" in listing


def test_import_refuses_a_bad_file_and_keeps_nothing(app, office):
    bad = "code,name_th,name_en,province_th,hostname\nAA1,ชื่อ,,,\nbad code,ชื่อ,,,\n"
    with pytest.raises(OfficeError) as refused:
        import_offices(bad, office)
    db.session.rollback()
    assert "3" in str(refused.value.message)
    assert db.session.scalar(sa.select(Office).where(Office.code == "AA1")) is None
    with pytest.raises(OfficeError):
        import_offices("code,name\nX,Y\n", office)
