"""The administration index and the pages for staff accounts and their roles."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from portal.admin import accounts, bp
from portal.admin.accounts import AccountFields
from portal.admin.forms import ROLE_LABELS, UserForm
from portal.admin.scope import admin_office, owned_or_404
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import Role, User, WorkGroup
from portal.oversight.role_grants import pending_grants_for
from portal.security.access import CASE_ROLES

# (first page, endpoints of the section's pages, name, what it is for)
SECTIONS = (
    ("admin.office_settings", ("admin.office_settings",), _l("ข้อมูลหน่วยงาน"),
     _l("ชื่อ ที่อยู่ ช่องทางติดต่อ และเจ้าหน้าที่คุ้มครองข้อมูล ทั้งภาษาไทยและอังกฤษ")),
    ("admin.users", ("admin.user",), _l("ผู้ใช้และบทบาท"),
     _l("เพิ่มเจ้าหน้าที่ กำหนดบทบาทและกลุ่มงาน")),
    ("admin.work_groups", ("admin.work_group",), _l("กลุ่มงาน"),
     _l("กลุ่มงานที่รับผิดชอบเรื่อง และกลุ่มที่รับเรื่องทุจริต")),
    ("admin.categories", ("admin.categories", "admin.category_"), _l("หมวดหมู่"),
     _l("หมวดหมู่ของแต่ละประเภทเรื่อง และกลุ่มงานที่รับต่อ")),
    ("admin.schools", ("admin.school",), _l("โรงเรียน"),
     _l("รายชื่อโรงเรียน และนำเข้าจากไฟล์ CSV")),
    ("admin.deadlines", ("admin.deadline",), _l("กำหนดเวลา"),
     _l("ระยะเวลาตอบรับ แจ้งผล และเตือน ของแต่ละประเภทเรื่อง")),
    ("admin.holidays", ("admin.holiday",), _l("วันหยุด"), _l("วันหยุดราชการสำหรับการนับวันทำการ")),
    ("admin.templates", ("admin.template",), _l("แม่แบบคำตอบ"),
     _l("ข้อความตอบกลับสำเร็จรูปที่เจ้าหน้าที่เลือกใช้ได้")),
    ("admin.deliveries", ("admin.deliveries",), _l("การส่งข้อความ"),
     _l("สถานะอีเมลที่ระบบส่ง ความผิดพลาด และการส่งซ้ำ")),
    ("admin.channels", ("admin.channel",), _l("ช่องทางเผยแพร่"),
     _l("เพจ Facebook และ LINE Official Account: โทเค็น โหมดทดลอง การหยุดส่ง และทดสอบการเชื่อมต่อ")),
    ("admin.report_archive", ("admin.report_archive", "admin.archived_"), _l("คลังรายงาน"),
     _l("รายงานสถิติทุกฉบับที่เคยเผยแพร่ รวมฉบับที่ถูกแทนที่และไม่เผยแพร่แล้ว")),
    ("admin.ita_items", ("admin.ita_",), _l("ข้อ ITA"),
     _l("รหัสข้อการประเมิน ITA ของแต่ละปีงบประมาณ และลิงก์หน้าหลักฐาน")),
    ("admin.privacy_retention", ("admin.privacy_",), _l("คุ้มครองข้อมูลส่วนบุคคล"),
     _l("ระยะเวลาเก็บรักษา การระงับการลบ บันทึกการลบ เหตุละเมิด และบันทึกรายการกิจกรรม")),
)


@bp.context_processor
def admin_context():
    if not current_user.is_authenticated:
        return {}
    staff_link = "staff.inbox" in current_app.view_functions and bool(
        current_user.role_set & CASE_ROLES)
    return {"office": admin_office(), "admin_sections": SECTIONS, "ROLE_LABELS": ROLE_LABELS,
            "show_staff_link": staff_link}


@bp.get("/")
def index():
    return render_template("admin/index.html")


@bp.get("/users")
def users():
    rows = db.session.scalars(
        select(User).where(User.office_id == admin_office().id)
        .options(selectinload(User.roles), selectinload(User.work_groups))
        .order_by(User.active.desc(), User.name)
    ).all()
    return render_template("admin/users.html", users=rows)


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = UserForm()
    form.work_group_ids.choices = _group_choices()
    if form.validate_on_submit():
        try:
            created = accounts.create_user(current_user, admin_office(), form.email.data,
                                           _account(form))
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("สร้างบัญชีของ %(name)s แล้ว ระบบส่งลิงก์ให้ผู้ใช้ตั้งรหัสผ่านเองไปที่ %(email)s "
                    "(ใช้ได้ 3 วัน) ไม่มีผู้ใดเห็นรหัสผ่านของผู้ใช้ รวมทั้งผู้ดูแลระบบ",
                    name=created.user.name, email=created.user.email), "success")
            _flash_pending_grants(created.pending_grants)
            return redirect(url_for("admin.user_edit", user_id=created.user.id))
    return render_form("admin/user_form.html", form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = owned_or_404(User, user_id)
    form = UserForm(data={"name": user.name, "roles": [r.role.value for r in user.roles],
                          "work_group_ids": [g.id for g in user.work_groups]})
    del form.email
    form.work_group_ids.choices = _group_choices()
    if form.validate_on_submit():
        try:
            pending = accounts.update_user(current_user, user, _account(form))
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกข้อมูลของ %(name)s แล้ว", name=user.name), "success")
            _flash_pending_grants(pending)
            return redirect(url_for("admin.users"))
    return render_form("admin/user_form.html", form, user=user,
                       pending_grants=pending_grants_for(user))


@bp.post("/users/<int:user_id>/deactivate")
def user_deactivate(user_id: int):
    user = owned_or_404(User, user_id)
    return _act(user, lambda: accounts.deactivate_user(current_user, user),
                _("ปิดการใช้งานบัญชีของ %(name)s แล้ว ทุกการเข้าระบบที่ค้างอยู่สิ้นสุดลง",
                  name=user.name))


@bp.post("/users/<int:user_id>/reactivate")
def user_reactivate(user_id: int):
    user = owned_or_404(User, user_id)
    return _act(user, lambda: accounts.reactivate_user(current_user, user),
                _("เปิดใช้งานบัญชีของ %(name)s อีกครั้งแล้ว", name=user.name))


@bp.post("/users/<int:user_id>/reset-two-factor")
def user_reset_two_factor(user_id: int):
    user = owned_or_404(User, user_id)
    return _act(user, lambda: accounts.reset_two_factor(current_user, user),
                _("รีเซ็ตการยืนยันตัวตนสองขั้นตอนของ %(name)s แล้ว (ลบแอปยืนยันตัวตนและพาสคีย์ทั้งหมด) "
                  "ผู้ใช้ต้องตั้งค่าใหม่เมื่อเข้าระบบครั้งถัดไป", name=user.name))


def _flash_pending_grants(grants) -> None:
    if grants:
        roles = ", ".join(str(ROLE_LABELS[grant.role]) for grant in grants)
        flash(_("บทบาท %(roles)s จะมีผลเมื่อผู้อำนวยการหรือผู้รับผิดชอบเรื่องทุจริตอีกคนหนึ่งยืนยัน "
                "(คำขอถูกบันทึกในประวัติการเปลี่ยนแปลงบัญชีแล้ว)", roles=roles), "info")


def _act(user: User, action, done: str):
    """One button's POST (CSRFProtect has checked its token): run, commit, say what happened."""
    try:
        action()
    except CaseError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


def _account(form: UserForm) -> AccountFields:
    return AccountFields(name=form.name.data, roles=[Role(r) for r in form.roles.data],
                         work_group_ids=list(form.work_group_ids.data))


def _group_choices() -> list[SelectChoice]:
    groups = db.session.scalars(select(WorkGroup).where(WorkGroup.office_id == admin_office().id)
                                .order_by(WorkGroup.name_th))
    return [SelectChoice(g.id, g.name_th) for g in groups]


def render_form(page: str, form, **context):
    """A form page: 422 when a POST comes back with errors, so tests and tools can tell."""
    status = 422 if request.method == "POST" else 200
    return render_template(page, form=form, **context), status
