"""One case as staff see it: the whole timeline, the reporter (when allowed), actions."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from portal.cases import workflow
from portal.cases.activity import mark_seen
from portal.extensions import db
from portal.models import Case, CaseView, CaseViewKind, Office, Publication
from portal.oversight.case_views import confidential_ids, record_confidential_views
from portal.publishing.rules import can_draft_outcome
from portal.security.access import can_view_case
from portal.security.inputs import database_id
from portal.staff import bp


def load_case(number: str) -> Case:
    """The case, if this user may see it; 404 otherwise, so guessing reveals nothing."""
    case = db.session.scalar(
        select(Case).where(Case.office_id == current_user.office_id, Case.number == number)
    )
    if case is None or not can_view_case(current_user, case):
        abort(404)
    if case.confidential:
        # Every view of a confidential case is recorded, in the same commit as the page.
        db.session.add(CaseView(case_id=case.id, user_id=current_user.id,
                                ip_address=request.remote_addr or ""))
        db.session.commit()
    return case


@bp.get("/cases/<number>")
def case_detail(number: str):
    case = load_case(number)
    from portal.staff.actions import action_forms

    forms = action_forms(case)
    template_id = request.args.get("template", type=database_id)
    chosen = next((t for t in forms["templates"] if t.id == template_id), None)
    if chosen is not None:
        forms["reply"].body.data = fill_template(chosen.body, case)
    html = render_template(
        "staff/case.html", case=case, office=db.session.get(Office, case.office_id), forms=forms,
        publication=db.session.scalar(select(Publication).where(Publication.case_id == case.id)),
        may_summarise=can_draft_outcome(current_user, case),
        satisfaction=workflow.satisfaction_of(case),
        ratings_given=len(workflow.rating_history(case)),
    )
    # Confidential cases offered as similar ones are listed to this user: recorded as such.
    similar = confidential_ids(item.case for item in forms["similar"])
    record_confidential_views(current_user, similar, CaseViewKind.LISTED,
                              request.remote_addr or "")
    mark_seen(current_user, case)  # the inbox's "new from the reporter" clears for this user
    db.session.commit()
    return html


# Templates written before {greeting} existed open with this line; it is filled like one.
OLD_GREETING = "เรียน ผู้แจ้ง"


def greeting(case: Case) -> str:
    """How the reply opens, as the e-mails do: by name, or "ท่านผู้แจ้ง" when anonymous."""
    name = case.contact.name if case.contact and not case.is_anonymous else ""
    return f"เรียน คุณ{name.strip()}" if name and name.strip() else "เรียน ท่านผู้แจ้ง"


def fill_template(body: str, case: Case) -> str:
    """A response template with its placeholders filled for ``case``."""
    from portal.filters import thai_date

    values = {"number": case.number, "subject": case.subject, "office": case.office.name_th,
              "due_date": thai_date(case.reply_due_at, locale="th"), "greeting": greeting(case)}
    if body.startswith(OLD_GREETING) and not body.startswith(OLD_GREETING + "{"):
        body = "{greeting}" + body[len(OLD_GREETING):]
    try:
        return body.format_map(values)  # the admin pages allow only these placeholders
    except (KeyError, ValueError, IndexError):
        for key, value in values.items():
            body = body.replace("{" + key + "}", value)
        return body
