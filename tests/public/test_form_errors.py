"""Form errors read as the form does: in its order, with the right verb for each control."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Case
from tests.helpers import post_form, valid_case


def _summary_targets(html: str) -> list[str]:
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a href="#([^"]+)"', summary)


def _form_order(html: str, names: list[str]) -> list[str]:
    form = html.split("<form", 1)[1]
    return sorted(names, key=lambda n: form.index(f'id="{n}"'))


def test_general_form_summary_follows_the_form_and_asks_to_choose_a_type(client, office):
    data = valid_case(case_type="", subject="", occurred_on="31/02/2569", phone="12")
    response = post_form(client, "/submit", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    targets = _summary_targets(html)
    assert targets == ["case_type-0", "subject", "occurred_on", "phone"]
    assert targets == _form_order(html, targets)
    assert "ประเภทเรื่อง: กรุณาเลือกประเภทเรื่อง" in html
    assert "กรุณากรอกช่องนี้" in html  # the subject, a text field, is still "กรอก"


def test_corruption_form_summary_follows_the_form(client, office):
    data = valid_case(case_type="", respondent="", description="")
    html = post_form(client, "/report-corruption", data).get_data(as_text=True)
    targets = _summary_targets(html)
    assert targets == ["respondent", "description", "acknowledge_false_report"]
    assert targets == _form_order(html, targets)


def test_eight_digits_are_a_date(client, office):
    response = post_form(client, "/submit", valid_case(occurred_on="24112568"))
    assert response.status_code == 302
    case = db.session.scalar(sa.select(Case))
    assert case.occurred_on.isoformat() == "2025-11-24"
