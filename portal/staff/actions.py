"""Case actions: each form posts here, calls one workflow service, commits once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from portal.cases import workflow
from portal.cases.errors import CaseError, StaleCase
from portal.cases.pauses import UNREACHABLE, reporter_reachable
from portal.cases.routing import is_staffed
from portal.extensions import db
from portal.models import (
    Case,
    CaseType,
    Category,
    DeclineReason,
    Outcome,
    Priority,
    ResponseTemplate,
    School,
    User,
    WorkGroup,
)
from portal.security.access import can_screen
from portal.staff import action_forms as forms
from portal.staff import bp, choices
from portal.staff.case_views import load_case


@dataclass
class Action:
    form: type
    run: Callable  # (case, form) -> None
    done: object  # flash message


def _group(form) -> WorkGroup | None:
    return _own(WorkGroup, form.work_group_id.data)


def _own(model, ident):
    if ident is None:
        return None
    row = db.session.get(model, ident)
    if row is None or row.office_id != current_user.office_id:
        raise CaseError(_l("ไม่พบรายการที่เลือกในสำนักงานนี้"))
    return row


def _merge_target(number: str) -> Case:
    target = db.session.scalar(select(Case).where(
        Case.office_id == current_user.office_id, Case.number == number.strip().upper()))
    if target is None:
        raise CaseError(_l("ไม่พบเรื่องเลขที่นี้"))
    return target


ACTIONS: dict[str, Action] = {
    "acknowledge": Action(forms.AcknowledgeForm, lambda c, f: workflow.acknowledge_case(
        c, current_user, f.version.data), _l("รับเรื่องแล้ว")),
    "assign": Action(forms.AssignForm, lambda c, f: workflow.assign_case(
        c, current_user, _group(f), _own(User, f.assignee_id.data), f.version.data),
        _l("มอบหมายแล้ว")),
    "details": Action(forms.DetailsForm, lambda c, f: workflow.update_case_details(
        c, current_user, f.version.data, case_type=CaseType(f.case_type.data),
        category=_own(Category, f.category_id.data), school=_own(School, f.school_id.data),
        priority=Priority(f.priority.data)), _l("บันทึกการแก้ไขแล้ว")),
    "reply": Action(forms.ReplyForm, lambda c, f: workflow.reply_publicly(
        c, current_user, f.body.data, f.version.data, f.attachments.clean_files),
        _l("ส่งคำตอบถึงผู้แจ้งแล้ว")),
    "request_info": Action(forms.RequestInfoForm, lambda c, f: workflow.request_information(
        c, current_user, f.question.data, f.version.data),
        _l("ขอข้อมูลเพิ่มเติมแล้ว หยุดนับเวลาจนกว่าผู้แจ้งจะตอบ")),
    "note": Action(forms.NoteForm, lambda c, f: workflow.add_internal_note(
        c, current_user, f.body.data), _l("บันทึกภายในแล้ว")),
    "resolve": Action(forms.ResolveForm, lambda c, f: workflow.resolve_case(
        c, current_user, Outcome(f.outcome.data), f.summary.data, f.version.data),
        _l("บันทึกผลการดำเนินการแล้ว")),
    "decline": Action(forms.DeclineForm, lambda c, f: workflow.decline_case(
        c, current_user, DeclineReason(f.reason.data), f.note.data or "", f.version.data),
        _l("บันทึกการไม่รับพิจารณาแล้ว")),
    "refer": Action(forms.ReferForm, lambda c, f: workflow.refer_case(
        c, current_user, f.agency.data, f.note.data or "", f.version.data),
        _l("ส่งต่อหน่วยงานอื่นแล้ว")),
    "merge": Action(forms.MergeForm, lambda c, f: workflow.merge_case(
        c, current_user, _merge_target(f.into_number.data), f.version.data),
        _l("รวมเรื่องแล้ว")),
    "reopen": Action(forms.ReopenForm, lambda c, f: workflow.reopen_case(
        c, current_user, f.reason.data, f.version.data), _l("เปิดเรื่องอีกครั้งแล้ว")),
    "close": Action(forms.CloseForm, lambda c, f: workflow.close_case(
        c, current_user, f.version.data), _l("ยุติเรื่องแล้ว")),
    "conflict": Action(forms.ConflictForm, lambda c, f: workflow.declare_conflict(
        c, current_user, f.note.data), _l("บันทึกการแจ้งส่วนได้เสียแล้ว ท่านจะไม่เห็นเรื่องนี้อีก")),
}


def action_forms(case: Case, posted: tuple[str, object] | None = None) -> dict:
    """The forms shown on the case page, with choices; ``posted`` keeps a refused form."""
    result = {}
    for name, action in ACTIONS.items():
        if posted and posted[0] == name:
            form = posted[1]
        else:
            form = action.form(formdata=None)
            if hasattr(form, "version"):
                form.version.data = case.lock_version
        _choices(name, form, case)
        _own_ids(name, form)
        result[name] = form
    result["templates"] = db.session.scalars(select(ResponseTemplate).where(
        ResponseTemplate.office_id == case.office_id, ResponseTemplate.active.is_(True),
        (ResponseTemplate.category_id.is_(None)) | (ResponseTemplate.category_id
                                                    == case.category_id))).all()
    result["similar"] = workflow.similar_open_cases(case, current_user) if case.is_open else []
    result["can_screen"] = can_screen(current_user)
    result["reporter_reachable"] = reporter_reachable(case)
    result["unreachable"] = UNREACHABLE
    return result


def _own_ids(name: str, form) -> None:
    """All action forms share one page: ids carry the action's name so each label is its own."""
    for field in form:
        if not field.id.startswith(f"{name}-"):
            field.id = f"{name}-{field.name}"


def _choices(name: str, form, case: Case) -> None:
    office_id = case.office_id
    none = SelectChoice("", _("— ไม่ระบุ —"))
    locale = str(get_locale() or "th")
    if name == "assign":
        if can_screen(current_user):
            form.work_group_id.choices = choices.work_group_choices(office_id, locale, none)
        else:  # a case officer passes a case within its group only
            group = case.work_group
            form.work_group_id.choices = [none] + (
                [SelectChoice(group.id, group.name(locale))] if group else [])
        form.assignee_id.choices = choices.assignee_choices(office_id, locale, none, case)
        # With script, only the chosen group's officers stay visible (static/js/site.js).
        form.assignee_id.render_kw = {"data-follows": "assign-work_group_id"}
        empty = case.work_group is not None and not is_staffed(case.work_group)
        if empty:  # nobody to take it there: say so, and offer the other groups' officers
            form.assignee_id.description = _(
                "กลุ่มงาน%(group)s ยังไม่มีเจ้าหน้าที่ในกลุ่ม เลือกเจ้าหน้าที่จากกลุ่มงานอื่นได้ "
                "หรือแจ้งผู้ดูแลระบบให้เพิ่มสมาชิก", group=case.work_group.name(locale))
        elif not can_screen(current_user) and case.work_group:
            form.assignee_id.choices = [none] + [
                c for c in form.assignee_id.choices[1:]
                if c.optgroup == case.work_group.name(locale)]
        if form.work_group_id.data is None and not form.is_submitted():
            form.work_group_id.data = case.work_group_id
            form.assignee_id.data = case.assignee_id
    elif name == "details":
        form.category_id.choices = choices.category_choices(office_id, locale, none)
        form.school_id.choices = choices.school_choices(office_id, locale, none)
        form.priority.choices = [SelectChoice(p.value, label)
                                 for p, label in workflow.PRIORITY.items()]
        if not form.is_submitted():
            form.case_type.data, form.priority.data = case.case_type.value, case.priority.value
            form.category_id.data, form.school_id.data = case.category_id, case.school_id
    elif name == "resolve":
        form.outcome.choices = [SelectChoice(o.value, workflow.OUTCOMES[o])
                                for o in workflow.outcomes_for(case.case_type)]
    elif name == "decline":
        form.reason.choices = [SelectChoice(r.value, label)
                               for r, label in workflow.DECLINE_REASONS.items()]


@bp.post("/cases/<number>/<action>")
def case_action(number: str, action: str):
    if action not in ACTIONS:
        abort(404)
    case = load_case(number)
    spec = ACTIONS[action]
    form = spec.form()
    _choices(action, form, case)
    stale = False
    if form.validate_on_submit():
        try:
            spec.run(case, form)
            db.session.commit()
        except (StaleCase, StaleDataError):
            db.session.rollback()
            flash(str(StaleCase().message), "error")
            stale = True
        except CaseError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(str(spec.done), "success")
            if action == "conflict":
                return redirect(url_for("staff.inbox"))
            return redirect(url_for("staff.case_detail", number=number))
    else:
        flash(_("กรุณาตรวจสอบข้อมูลในแบบฟอร์ม"), "error")
    case = load_case(number)
    if stale and hasattr(form, "version"):
        form.version.data = case.lock_version  # what they typed stays; they see the latest
    return render_template("staff/case.html", case=case, forms=action_forms(case, (action, form)),
                           office=case.office), 409 if stale else 422
