"""The director's and integrity officers' oversight pages: role grants awaiting a second
person, and the account audit log (the director's)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.admin.forms import ROLE_LABELS
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import AccountAction, Office, Role, RoleGrant
from portal.oversight import role_grants
from portal.oversight.audit import PAGE_SIZE, account_log_page, entry_detail
from portal.staff import bp
from portal.staff.oversight_labels import ACTION_LABELS


def _office() -> Office:
    return db.session.get(Office, current_user.office_id)


def _require(*roles: Role) -> None:
    if not current_user.has_role(*roles):
        abort(403)


@bp.get("/oversight/role-grants")
def role_grants_page():
    _require(*role_grants.CONFIRMING_ROLES)
    grants = role_grants.pending_grants(_office())
    return render_template("staff/role_grants.html", grants=grants, ROLE_LABELS=ROLE_LABELS,
                           may_decide=lambda g: role_grants.may_decide(current_user, g))


@bp.post("/oversight/role-grants/<int:grant_id>/confirm")
def confirm_role_grant(grant_id: int):
    return _decide(grant_id, "confirm")


@bp.post("/oversight/role-grants/<int:grant_id>/decline")
def decline_role_grant(grant_id: int):
    return _decide(grant_id, "decline")


def _decide(grant_id: int, decision: str):
    _require(*role_grants.CONFIRMING_ROLES)
    grant = db.session.get(RoleGrant, grant_id)
    if grant is None or grant.office_id != current_user.office_id:
        abort(404)
    action = role_grants.confirm_role_grant if decision == "confirm" else \
        role_grants.decline_role_grant
    try:
        action(current_user, grant)
    except CaseError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        names = {"role": ROLE_LABELS[grant.role], "name": grant.user.name}
        if decision == "confirm":
            flash(_("ให้บทบาท %(role)s แก่ %(name)s แล้ว", **names), "success")
        else:
            flash(_("ปฏิเสธคำขอให้บทบาท %(role)s แก่ %(name)s แล้ว", **names), "success")
    return redirect(url_for("staff.role_grants_page"))


@bp.get("/oversight/account-log")
def account_log():
    _require(Role.DIRECTOR)
    before = request.args.get("before", type=int)
    if before is not None and not 0 < before < 2**31:
        abort(404)
    entries = account_log_page(_office(), before, PAGE_SIZE + 1)
    more = len(entries) > PAGE_SIZE
    entries = entries[:PAGE_SIZE]
    return render_template(
        "staff/account_log.html", entries=entries, detail=entry_detail, ACTION=AccountAction,
        ACTION_LABELS=ACTION_LABELS, ROLE_LABELS=ROLE_LABELS,
        role_label=lambda value: ROLE_LABELS.get(Role(value), value) if value in set(Role)
        else value,
        next_before=entries[-1].id if more and entries else None,
    ), 200, {"Cache-Control": "no-store"}
