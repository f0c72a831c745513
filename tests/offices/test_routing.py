"""Two offices on their own host names and two under /o/<code>/ on the national host: each
request reaches its office, and every link leaving the site carries the office's own base."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from portal.delivery.outbox import render_deferred
from portal.extensions import db
from portal.models import Case, Delivery, Role
from tests.factories import make_office
from tests.helpers import csrf_token, receipt_from, valid_case

NATIONAL = "http://portal.test"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PORTAL_OFFICE_ROUTING": "path"}


@pytest.fixture
def offices(app):
    made = {
        "NA": make_office("NA", hostname="na.portal.test"),
        "NB": make_office("NB", hostname="nb.portal.test"),
        "PA": make_office("PA"),
        "PB": make_office("PB"),
    }
    db.session.commit()
    return made


def where(code: str) -> tuple[str, str]:
    """(base URL the client uses, path prefix) of an office."""
    if code.startswith("N"):
        return f"http://{code.lower()}.portal.test", ""
    return NATIONAL, f"/o/{code}"


def submit_at(app, code: str) -> tuple[str, str, object]:
    base, prefix = where(code)
    client = app.test_client()
    url = f"{prefix}/submit"
    token = csrf_token(client, f"{base}{url}")
    data = {**valid_case(), "csrf_token": token}
    response = client.post(f"{base}{url}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert response.headers["Location"] == f"{prefix}/receipt"
    page = client.get(f"{base}{prefix}/receipt").get_data(as_text=True)
    number, receipt = receipt_from(page)
    return number, page, client


@pytest.mark.parametrize("code", ["NA", "NB", "PA", "PB"])
def test_each_office_is_reached_at_its_own_address(app, offices, code):
    base, prefix = where(code)
    client = app.test_client()
    page = client.get(f"{base}{prefix}/").get_data(as_text=True)
    assert f"สำนักงานทดสอบ {code}" in page
    others = [c for c in offices if c != code]
    assert not any(f"สำนักงานทดสอบ {c}<" in page for c in others)
    if prefix:  # the page's own links stay under the prefix
        assert f'href="{prefix}/submit' in page and f'href="{prefix}/static/' in page


def test_an_unknown_prefix_is_a_404(app, offices):
    assert app.test_client().get(f"{NATIONAL}/o/ZZ9/").status_code == 404


@pytest.mark.parametrize("code", ["NA", "PB"])
def test_a_case_gets_its_office_number_and_links_on_its_base(app, offices, code):
    number, page, client = submit_at(app, code)
    assert number.startswith(f"{code}-")
    case = db.session.scalar(sa.select(Case).where(Case.number == number))
    assert case.office_id == offices[code].id
    base, prefix = where(code)
    # The acknowledgement e-mail's tracking link, rendered by the worker outside any request.
    delivery = db.session.scalar(sa.select(Delivery).where(Delivery.case_id == case.id))
    text = render_deferred(delivery)[0]
    assert f"{base}{prefix}/track?number={number}" in text
    # And the tracking page answers there.
    assert client.get(f"{base}{prefix}/track").status_code == 200


def test_board_feed_and_share_links_use_the_office_base(app, offices):
    from portal.links import public_url

    with app.test_request_context("/", base_url=NATIONAL):
        assert public_url("public.outcomes", office=offices["PA"]) == f"{NATIONAL}/o/PA/outcomes"
        assert (
            public_url("public.outcomes", office=offices["NB"]) == "http://nb.portal.test/outcomes"
        )
    assert public_url("tracking.lookup", office=offices["PB"]) == f"{NATIONAL}/o/PB/track"
    feed = app.test_client().get(f"{NATIONAL}/o/PA/outcomes/feed.atom").get_data(as_text=True)
    assert f"{NATIONAL}/o/PA/outcomes" in feed and "/o/PB" not in feed


def signed_in(app, user, base_url=NATIONAL):
    """A client whose session on ``base_url``'s host holds ``user``, as after a full sign-in."""
    from importlib.metadata import version

    from flask_login.utils import _create_identifier

    agent = f"Werkzeug/{version('werkzeug')}"
    with app.test_request_context(
        headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    ):
        identifier = _create_identifier()
    client = app.test_client()
    with client.session_transaction(base_url=base_url) as session:
        session["_user_id"], session["_fresh"], session["_id"] = user.get_id(), True, identifier
    return client


def test_staff_of_one_office_get_nothing_under_another_prefix(app, offices):
    from portal.models import User, UserRole
    from tests.conftest import _staff_hash

    user = User(
        office_id=offices["PA"].id,
        email="pa@test.example",
        name="เจ้าหน้าที่ PA",
        password_hash=_staff_hash(),
        roles=[UserRole(role=Role.DIRECTOR)],
    )
    db.session.add(user)
    db.session.commit()
    client = signed_in(app, user)
    assert client.get(f"{NATIONAL}/o/PA/staff/").status_code == 200
    assert client.get(f"{NATIONAL}/o/PB/staff/").status_code == 403
    assert client.get(f"{NATIONAL}/o/PB/admin/").status_code == 403


def test_the_receipt_qr_and_json_report_index_use_the_prefix(app, offices):
    _number, page, client = submit_at(app, "PB")
    assert re.search(r"data:image/svg\+xml", page)
    index = client.get(f"{NATIONAL}/o/PB/reports/index.json")
    document = json.loads(index.get_data(as_text=True))
    assert document["office_code"] == "PB"
    assert document["dictionary"].startswith(f"{NATIONAL}/o/PB/")


def test_no_staff_route_of_one_office_answers_under_another(app, offices):
    """Route × role × office: a member of PA with every role gets nothing under /o/PB/, nor
    does one of NA (host-routed) under either prefix."""
    from portal.models import User, UserRole
    from tests.conftest import _staff_hash
    from tests.test_access import methods, url_for_rule

    app.config["WTF_CSRF_ENABLED"] = False  # a refusal must come from the office check
    bound = [r for r in app.url_map.iter_rules()
             if r.endpoint.split(".")[0] in {"staff", "admin", "newsroom"}]
    assert len(bound) > 30
    for code, foreign in (("PA", ["PB"]), ("NA", ["PA", "PB"])):
        user = User(office_id=offices[code].id, email=f"all-{code}@test.example",
                    name=f"ทุกบทบาท {code}", password_hash=_staff_hash(),
                    roles=[UserRole(role=r) for r in Role])
        db.session.add(user)
        db.session.commit()
        client = signed_in(app, user)
        for other in foreign:
            for rule in bound:
                for method in methods(rule):
                    path = f"{NATIONAL}/o/{other}{url_for_rule(rule)}"
                    status = client.open(path, method=method).status_code
                    assert status == 403, (code, other, rule.rule, method, status)


def test_a_receipt_opens_its_case_only_at_its_own_office(app, offices):
    number, page, client = submit_at(app, "PA")
    receipt = receipt_from(page)[1]
    for code in ("PB", "NA"):
        base, prefix = where(code)
        token = csrf_token(client, f"{base}{prefix}/track")
        answer = client.post(f"{base}{prefix}/track",
                             data={"number": number, "receipt": receipt, "csrf_token": token})
        assert answer.status_code != 302, code
        assert client.get(f"{base}{prefix}/track/{number}").status_code != 200 or \
            number not in client.get(f"{base}{prefix}/track/{number}").get_data(as_text=True)
    token = csrf_token(client, f"{NATIONAL}/o/PA/track")
    mine = client.post(f"{NATIONAL}/o/PA/track",
                       data={"number": number, "receipt": receipt, "csrf_token": token})
    assert mine.status_code == 302 and mine.headers["Location"] == f"/o/PA/track/{number}"
