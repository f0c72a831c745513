"""PR and admin pages of the network: the registry, invitations, letters, the committee."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.extensions import db
from portal.models import Office, Role, School, User
from portal.network import importing, invitations, registry
from portal.network.details import PersonDetails
from portal.network.forms import (
    COMMITTEE_ROLES,
    ButtonForm,
    CommitteeForm,
    CorrespondentForm,
    ImportForm,
    ProfileForm,
)
from portal.network.labels import CHANGE_ACTIONS, INVITATION_STATES, KIND_LABELS, subject_label
from portal.network.letter import join_url, render_letter_pdf
from portal.network.models import CommitteeMember, CommitteeRole, CorrespondentKind, Invitation
from portal.numbers import plain_int
from portal.security.headers import no_store

NETWORK_ROLES = frozenset({Role.PR, Role.ADMIN})
MAX_IMPORT_BYTES = 2 * 1024 * 1024

bp = Blueprint("network", __name__, url_prefix="/staff/network")
bp.after_request(no_store)


@bp.before_request
@login_required
def require_network_role():
    # Default deny: contact details of the network are for PR and the administrator only.
    if not current_user.role_set & NETWORK_ROLES:
        abort(403)


@bp.context_processor
def network_context():
    from portal.staff import staff_context

    return {
        **staff_context(),
        "KIND_LABELS": KIND_LABELS,
        "COMMITTEE_ROLES": COMMITTEE_ROLES,
        "INVITATION_STATES": INVITATION_STATES,
        "invitation_state": invitations.state_of,
        "CHANGE_ACTIONS": CHANGE_ACTIONS,
        "subject_label": subject_label,
    }


def _office() -> Office:
    return db.session.get(Office, current_user.office_id)


def _school_or_404(school_id: int) -> School:
    school = registry.office_school(_office(), school_id)
    if school is None:
        abort(404)
    return school


@bp.get("/")
def registry_page():
    office = _office()
    rows = registry.school_rows(office)
    return render_template(
        "network/registry.html",
        rows=rows,
        latest=invitations.latest_invitations(office),
        with_correspondent=sum(1 for r in rows if r[1] is not None),
    )


@bp.route("/schools/<int:school_id>", methods=["GET", "POST"])
def school_page(school_id: int):
    office, school = _office(), _school_or_404(school_id)
    forms = {kind: CorrespondentForm(prefix=kind.value) for kind in CorrespondentKind}
    profile = registry.profile_of(school)
    section = request.form.get("section", "")
    # Only the section sent is read from the request; the others show what is stored.
    profile_form = (
        ProfileForm(prefix="profile")
        if section == "profile"
        else ProfileForm(prefix="profile", obj=profile, formdata=None)
    )
    if request.method == "GET":
        for kind, form in forms.items():
            person = registry.correspondent_of(school, kind)
            if person is not None:
                form.process(obj=person)
    if request.method == "POST":
        if section in {k.value for k in CorrespondentKind}:
            kind = CorrespondentKind(section)
            form = forms[kind]
            if form.validate_on_submit():
                registry.save_correspondent(
                    office,
                    school,
                    kind,
                    PersonDetails(
                        form.name.data,
                        form.position.data or "",
                        form.phone.data or "",
                        form.email.data or "",
                        form.line_id.data or "",
                    ),
                    user=current_user,
                )
                db.session.commit()
                flash(_("บันทึกแล้ว"), "success")
                return redirect(url_for(".school_page", school_id=school.id))
        elif section == "profile" and profile_form.validate_on_submit():
            registry.save_profile(
                office,
                school,
                profile_form.page_url.data or "",
                profile_form.joined_groups.data,
                profile_form.joined_groups_on.data,
                user=current_user,
            )
            db.session.commit()
            flash(_("บันทึกแล้ว"), "success")
            return redirect(url_for(".school_page", school_id=school.id))
    history = db.session.scalars(
        select(Invitation).where(Invitation.school_id == school.id).order_by(Invitation.id.desc())
    ).all()
    return render_template(
        "network/school.html",
        school=school,
        forms=forms,
        profile_form=profile_form,
        invitations=history,
        people={k: registry.correspondent_of(school, k) for k in CorrespondentKind},
        button=ButtonForm(),
        join_url=join_url,
    )


@bp.post("/schools/<int:school_id>/<kind>/remove")
def remove_correspondent(school_id: int, kind: str):
    office, school = _office(), _school_or_404(school_id)
    if kind not in {k.value for k in CorrespondentKind} or not ButtonForm().validate_on_submit():
        abort(400)
    person = registry.correspondent_of(school, CorrespondentKind(kind))
    if person is not None:
        registry.remove_correspondent(office, person, current_user)
        db.session.commit()
        flash(_("ลบผู้ประสานงานแล้ว"), "success")
    return redirect(url_for(".school_page", school_id=school.id))


@bp.post("/schools/<int:school_id>/invite")
def invite(school_id: int):
    office, school = _office(), _school_or_404(school_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    invitations.create_invitation(office, school, current_user)
    db.session.commit()
    flash(_("ออกหนังสือเชิญใหม่แล้ว ลิงก์เชิญฉบับก่อนหน้าถูกยกเลิก"), "success")
    return redirect(url_for(".school_page", school_id=school.id))


def _invitation_or_404(invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.office_id != current_user.office_id:
        abort(404)
    return invitation


@bp.post("/invitations/<int:invitation_id>/revoke")
def revoke(invitation_id: int):
    invitation = _invitation_or_404(invitation_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if invitations.revoke_invitation(_office(), invitation, current_user):
        db.session.commit()
        flash(_("ยกเลิกลิงก์เชิญแล้ว"), "success")
    else:
        flash(_("ลิงก์เชิญนี้ใช้ไม่ได้อยู่แล้ว"), "warning")
    return redirect(url_for(".school_page", school_id=invitation.school_id))


@bp.get("/invitations/<int:invitation_id>/letter.pdf")
def letter(invitation_id: int):
    invitation = _invitation_or_404(invitation_id)
    if invitations.state_of(invitation) is not invitations.InvitationState.OPEN:
        abort(404)
    pdf = render_letter_pdf(_office(), invitation)
    name = f"invitation-{invitation.school.code}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@bp.route("/import", methods=["GET", "POST"])
def import_page():
    form, result, file_error = ImportForm(), None, None
    if form.validate_on_submit() and form.file.data:
        upload = form.file.data
        data = upload.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            file_error = _("ไฟล์ใหญ่เกิน 2 MB")
        else:
            try:
                result = importing.import_file(_office(), upload.filename or "", data, current_user)
            except importing.ImportFileError as exc:
                file_error = str(exc)
            else:
                if result.errors:
                    db.session.rollback()
                else:
                    db.session.commit()
    return render_template("network/import.html", form=form, result=result, file_error=file_error)


@bp.get("/import/template.<ext>", defaults={"what": "network"})
@bp.get("/import/<any(committee):what>-template.<ext>")
def import_template(ext: str, what: str):
    committee = what == "committee"
    if ext == "csv":
        return Response(
            importing.template_csv(committee),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{what}.csv"'},
        )
    if ext == "xlsx":
        return Response(
            importing.template_xlsx(committee),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{what}.xlsx"'},
        )
    abort(404)


@bp.get("/committee")
def committee_page():
    members = registry.committee(_office())
    return render_template(
        "network/committee.html", members=members, active=sum(1 for m in members if m.active)
    )


def _school_choices(office: Office) -> list[SelectChoice]:
    schools = db.session.scalars(
        select(School)
        .where(School.office_id == office.id, School.active.is_(True))
        .order_by(School.name_th)
    )
    return [SelectChoice("", _("— ไม่ระบุ —"))] + [
        SelectChoice(str(s.id), s.name_th) for s in schools
    ]


@bp.route("/committee/new", methods=["GET", "POST"])
def committee_new():
    return _committee_form(None)


@bp.route("/committee/<int:member_id>", methods=["GET", "POST"])
def committee_member(member_id: int):
    return _committee_form(member_id)


def _committee_form(member_id: int | None):
    office = _office()
    member = None
    if member_id is not None:
        member = db.session.get(CommitteeMember, member_id)
        if member is None or member.office_id != office.id:
            abort(404)
    form = CommitteeForm(obj=member if request.method == "GET" else None)
    form.school_id.choices = _school_choices(office)
    if request.method == "GET" and member is not None:
        form.role.data = member.role.value
        form.school_id.data = str(member.school_id or "")
    if form.validate_on_submit():
        school_pk = plain_int(form.school_id.data)
        school = registry.office_school(office, school_pk) if school_pk is not None else None
        registry.save_committee_member(
            office,
            member,
            PersonDetails(
                form.name.data,
                form.position.data or "",
                form.phone.data or "",
                form.email.data or "",
                form.line_id.data or "",
            ),
            CommitteeRole(form.role.data),
            form.term_start.data,
            form.term_end.data,
            form.active.data,
            school,
            current_user,
        )
        db.session.commit()
        flash(_("บันทึกแล้ว"), "success")
        return redirect(url_for(".committee_page"))
    return render_template(
        "network/committee_member.html", form=form, member=member, button=ButtonForm()
    )


@bp.post("/committee/<int:member_id>/remove")
def remove_committee_member(member_id: int):
    office = _office()
    member = db.session.get(CommitteeMember, member_id)
    if member is None or member.office_id != office.id:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    registry.remove_committee_member(office, member, current_user)
    db.session.commit()
    flash(_("ลบกรรมการแล้ว"), "success")
    return redirect(url_for(".committee_page"))


@bp.get("/changes")
def changes_page():
    office = _office()
    changes = registry.recent_changes(office)
    users = {
        u.id: u.name
        for u in db.session.scalars(
            select(User).where(User.id.in_({c.user_id for c in changes if c.user_id}))
        )
    }
    schools = {
        s.id: s.name_th
        for s in db.session.scalars(
            select(School).where(School.id.in_({c.school_id for c in changes if c.school_id}))
        )
    }
    return render_template("network/changes.html", changes=changes, users=users, schools=schools)


from portal.network import coverage_views, news_views  # noqa: E402, F401  (routes here)
