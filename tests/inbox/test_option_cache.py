"""The inbox's option lists are built once per office and language, and rebuilt after any
change to what they list, in whichever process made it (the version lives in the database)."""

from __future__ import annotations

from portal.clock import utcnow
from portal.extensions import db
from portal.models import CaseType, Category, Office, Role, User
from portal.staff import choices
from tests.inbox.factories import make_case, make_user


def _version(office_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Office, office_id).choices_version


def test_lists_are_built_once_and_rebuilt_after_a_change(office, login_as, monkeypatch):
    client = login_as(Role.INTAKE)
    make_case(office, "เรื่องหนึ่ง")
    db.session.commit()
    built = []
    original = choices.category_choices

    def counting(*args, **kwargs):
        built.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(choices, "category_choices", counting)
    from portal.staff import views

    monkeypatch.setitem(views._OFFICE_LISTS, "category_id", counting)
    first = client.get("/staff/").get_data(as_text=True)
    again = client.get("/staff/?category_id=").get_data(as_text=True)
    assert "หมวดที่เพิ่งเพิ่ม" not in first and len(built) <= 1
    assert first.count("<option") == again.count("<option")
    before = len(built)

    db.session.add(Category(office_id=office.id, case_type=CaseType.COMPLAINT,
                            name_th="หมวดที่เพิ่งเพิ่ม", name_en="Newly added"))
    db.session.commit()
    page = client.get("/staff/").get_data(as_text=True)
    assert "หมวดที่เพิ่งเพิ่ม" in page
    assert len(built) == before + 1
    english = client.get("/staff/", headers={"Cookie": "lang=en"})
    assert english.status_code == 200


def test_the_version_follows_what_the_lists_show_only(office):
    officer = make_user(office, Role.CASE_OFFICER)
    db.session.commit()
    start = _version(office.id)
    officer = db.session.get(User, officer.id)
    officer.last_sign_in_at = utcnow()  # not in any list
    db.session.commit()
    assert _version(office.id) == start
    officer = db.session.get(User, officer.id)
    officer.name = "ชื่อใหม่"
    db.session.commit()
    assert _version(office.id) == start + 1
    db.session.add(Category(office_id=office.id, case_type=CaseType.QUESTION, name_th="ถาม"))
    db.session.rollback()  # a change rolled back changes nothing
    assert _version(office.id) == start + 1


def test_the_selected_filter_is_kept_in_the_cached_list(office, login_as):
    client = login_as(Role.INTAKE)
    category = Category(office_id=office.id, case_type=CaseType.COMPLAINT, name_th="อาหาร")
    db.session.add(category)
    db.session.commit()
    page = client.get(f"/staff/?category_id={category.id}&status=new").get_data(as_text=True)
    assert f'<option selected value="{category.id}">อาหาร</option>' in page
    assert '<option selected value="new">' in page
    assert 'หมวดหมู่: อาหาร' in page  # the active-filter chip names it
