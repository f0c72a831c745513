"""A plain submission (no files) runs at most nine SQL statements, on both backends.

The office's policies, categories, schools and work groups are kept per server process and
office version (``portal.intake_settings``); the counter is one upsert; nothing is read back
after the commit. The first submission of a process (or after a change) reads the settings.

Nine: the request's office, the form's key looked up and recorded (a retried send finds its
case instead of filing a second one, and no file of it is written twice; ``bench/faults.py``),
then the six writes of the case itself.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Case, CaseType, Category, Delivery, School
from tests.helpers import csrf_token, valid_case
from tests.perf.test_static_cost import counted_statements

MAX_STATEMENTS = 9


def _counted_post(client, data) -> tuple[int, str, list[str]]:
    payload = {"csrf_token": csrf_token(client, "/submit"), **data}
    with counted_statements() as statements:
        response = client.post("/submit", data=payload, content_type="multipart/form-data")
    return response.status_code, response.headers.get("Location", ""), statements


def _choices() -> dict:
    category = db.session.scalar(
        sa.select(Category).where(Category.case_type == CaseType.COMPLAINT))
    school = db.session.scalar(sa.select(School).order_by(School.id))
    return {"category_id": str(category.id), "school_id": str(school.id)}


def test_a_submission_with_an_email_runs_at_most_nine_statements(app, client, office):
    data = valid_case(**_choices())
    assert _counted_post(client, data)[:2] == (302, "/receipt")  # the process's first
    status, location, statements = _counted_post(client, data)
    assert (status, location) == (302, "/receipt")
    assert len(statements) <= MAX_STATEMENTS, "\n\n".join(statements)
    # Every row was written: case, event, contact, acknowledgement, one-time mark, counter,
    # the form's key; the reads are the office and the key.
    writes = [s.split()[0] + " " + s.split()[2] for s in statements if not s.startswith("SELECT")]
    assert sorted(writes) == sorted([
        "INSERT case_counters", "INSERT cases", "INSERT case_events",
        "INSERT reporter_contacts", "INSERT deliveries", "INSERT one_time_marks",
        "INSERT submission_keys"])
    reads = [s.split("FROM")[1].split()[0] for s in statements if s.startswith("SELECT")]
    assert sorted(reads) == ["offices", "submission_keys"]
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 2
    assert db.session.scalar(sa.select(sa.func.count(Delivery.id))) == 2


def test_an_anonymous_submission_runs_fewer(app, client, office):
    data = valid_case(anonymous="y", **_choices())
    assert _counted_post(client, data)[0] == 302
    status, _location, statements = _counted_post(client, data)
    assert status == 302
    assert len(statements) <= MAX_STATEMENTS - 2, "\n\n".join(statements)


def test_the_first_form_and_submission_read_the_settings_once(app, client, office):
    data = valid_case(**_choices())
    with counted_statements() as statements:
        payload = {"csrf_token": csrf_token(client, "/submit"), **data}  # the form, then
        assert client.post("/submit", data=payload,  # the submission
                           content_type="multipart/form-data").status_code == 302
    for table in ("deadline_policies", "holidays", "work_groups"):
        assert sum(f"FROM {table}" in s for s in statements) == 1, table
    # The form's lists read categories and schools once more, to show them.
    for table in ("categories", "schools"):
        assert sum(f"FROM {table}" in s for s in statements) == 2, table
