"""The office's own details: names, address, contact channels and DPO, in Thai and English."""

from __future__ import annotations

from dataclasses import dataclass, fields

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import URLField
from wtforms.validators import URL, DataRequired, Email, Optional, Regexp

from portal import thai
from portal.admin import bp
from portal.admin.scope import admin_office
from portal.extensions import db
from portal.models import Office
from portal.public.fields import CleanStringField, CleanTextAreaField, Length

REQUIRED = _l("กรุณากรอกช่องนี้")


@dataclass
class OfficeFields:
    name_th: str
    name_en: str
    address_th: str
    address_en: str
    phone: str
    email: str
    line_id: str
    facebook_url: str
    dpo_contact: str
    dpo_contact_en: str


def update_office(office: Office, values: OfficeFields) -> None:
    """Write the office's details; the caller commits."""
    for field in fields(OfficeFields):
        setattr(office, field.name, getattr(values, field.name) or "")


def _phone(form, field) -> None:
    if field.data:
        field.data = thai.normalise_phone(field.data) or field.data


class OfficeForm(FlaskForm):
    name_th = CleanStringField(_l("ชื่อหน่วยงาน (ไทย)"),
                               validators=[DataRequired(REQUIRED), Length(3, 200)])
    name_en = CleanStringField(_l("ชื่อหน่วยงาน (อังกฤษ)"), validators=[Optional(), Length(max=200)])
    address_th = CleanTextAreaField(_l("ที่อยู่ (ไทย)"), validators=[Optional(), Length(max=500)])
    address_en = CleanTextAreaField(_l("ที่อยู่ (อังกฤษ)"), validators=[Optional(), Length(max=500)])
    phone = CleanStringField(_l("โทรศัพท์"), validators=[Optional(), Length(max=40), _phone])
    email = CleanStringField(_l("อีเมล"), validators=[
        Optional(), Length(max=200), Email(_l("รูปแบบอีเมลไม่ถูกต้อง เช่น name@example.com"))])
    line_id = CleanStringField(_l("LINE Official Account ID"), validators=[
        Optional(), Regexp(r"^@?[A-Za-z0-9._\-]{3,39}$",
                           message=_l("LINE ID ใช้ตัวอักษรอังกฤษ ตัวเลข จุด ขีด หรือขีดล่าง เช่น @nkp2"))])
    facebook_url = URLField(_l("เพจเฟซบุ๊ก"), validators=[
        Optional(), Length(max=300),
        URL(message=_l("กรุณาใส่ลิงก์เต็ม เช่น https://www.facebook.com/ชื่อเพจ"))])
    dpo_contact = CleanTextAreaField(_l("ติดต่อเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล (ไทย)"),
                                     validators=[DataRequired(REQUIRED), Length(max=500)])
    dpo_contact_en = CleanTextAreaField(_l("ติดต่อเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล (อังกฤษ)"),
                                        validators=[Optional(), Length(max=500)])


@bp.route("/office", methods=["GET", "POST"])
def office_settings():
    office = admin_office()
    form = OfficeForm(obj=office)
    if form.validate_on_submit():
        update_office(office, OfficeFields(**{f.name: getattr(form, f.name).data
                                              for f in fields(OfficeFields)}))
        db.session.commit()
        flash(_("บันทึกข้อมูลหน่วยงานแล้ว"), "success")
        return redirect(url_for("admin.office_settings"))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/office.html", form=form), status
