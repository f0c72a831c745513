"""``flask create-user``: the operator's way to make the first accounts."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, User
from tests.auth.factories import PASSWORD, sign_in, signed_in

GOOD = PASSWORD + "\n"


def run(app, *args: str, password_line: str = GOOD):
    return app.test_cli_runner().invoke(args=["create-user", *args], input=password_line)


def user(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_creates_a_user_who_can_sign_in(app, client, office):
    result = run(app, "Somsak@NP2.example", "--role", "intake", "--role", "case_officer",
                 "--group", "promotion", "--office", "NP2", "--name", "สมศักดิ์ รักงาน")
    assert result.exit_code == 0, result.output
    assert "Created somsak@np2.example" in result.output
    created = user("somsak@np2.example")
    assert created.name == "สมศักดิ์ รักงาน" and created.office_id == office.id
    assert created.role_set == {Role.INTAKE, Role.CASE_OFFICER}
    assert [g.code for g in created.work_groups] == ["promotion"]
    assert PASSWORD not in created.password_hash and created.password_hash.startswith("$argon2id$")
    response = sign_in(client, "somsak@np2.example")
    # The password works; like every account, it sets up a second factor before getting in.
    assert response.headers["Location"].endswith("/staff/two-factor/setup")
    assert not signed_in(client)


def test_every_account_is_told_to_enrol(app, office):
    result = run(app, "boss@np2.example", "--role", "director", "--office", "NP2")
    assert result.exit_code == 0, result.output
    assert "Two-factor sign-in is required" in result.output
    assert user("boss@np2.example").name == "boss"


def test_weak_password_is_refused_in_thai_and_english(app, office):
    result = run(app, "somsak@np2.example", "--role", "intake", "--office", "NP2",
                 password_line="12345678\n")
    assert result.exit_code != 0
    assert "รหัสผ่านต้องยาวอย่างน้อย 12 ตัวอักษร" in result.output
    assert "12 characters" in result.output
    assert user("somsak@np2.example") is None


def test_password_with_the_name_in_it_is_refused(app, office):
    result = run(app, "somsak@np2.example", "--role", "intake", "--office", "NP2",
                 password_line="somsak-loves-the-office\n")
    assert result.exit_code != 0 and "ชื่อ" in result.output
    assert user("somsak@np2.example") is None


def test_empty_input_is_refused(app, office):
    result = run(app, "somsak@np2.example", "--role", "intake", "--office", "NP2",
                 password_line="")
    assert result.exit_code != 0
    assert user("somsak@np2.example") is None


def test_errors_exit_non_zero_and_change_nothing(app, office):
    run(app, "somsak@np2.example", "--role", "intake", "--office", "NP2")
    attempts = [
        ("somsak@np2.example", "--role", "intake", "--office", "NP2"),  # taken
        ("new@np2.example", "--role", "intake", "--office", "XX9"),  # no such office
        ("new@np2.example", "--role", "wizard", "--office", "NP2"),  # no such role
        ("new@np2.example", "--office", "NP2"),  # no role
        ("new@np2.example", "--role", "case_officer", "--office", "NP2"),  # officer, no group
        ("new@np2.example", "--role", "intake", "--group", "nope", "--office", "NP2"),
    ]
    for args in attempts:
        result = run(app, *args)
        assert result.exit_code != 0, (args, result.output)
    assert user("new@np2.example") is None
    assert len(db.session.scalars(select(User)).all()) == 1
