"""Forms of the tracking pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp

from portal.cases.idempotency import KEY_PATTERN, new_submission_key
from portal.public.fields import AttachmentsField, CleanTextAreaField, Length, MeaningfulText

REQUIRED = _l("กรุณากรอกช่องนี้")


class LookupForm(FlaskForm):
    number = StringField(
        _l("เลขรับเรื่อง"), validators=[DataRequired(REQUIRED)],
        render_kw={"autocomplete": "off", "placeholder": "NP2-2569-000123"},
    )
    # A password field: browsers don't keep it in form history, screens don't show it off.
    receipt = PasswordField(
        _l("รหัสติดตาม"), validators=[DataRequired(REQUIRED)],
        render_kw={"autocomplete": "off"},
    )
    # A message typed on the case page when the tracking session ran out: carried through
    # the lookup so the reporter gets it back to send, never lost.
    pending = HiddenField(validators=[Optional(), Length(max=5000)])


class ReporterMessageForm(FlaskForm):
    body = CleanTextAreaField(
        _l("ข้อมูลเพิ่มเติม"), validators=[Optional(), Length(2, 5000), MeaningfulText(2)]
    )
    attachments = AttachmentsField(_l("ไฟล์แนบเพิ่มเติม (รูปภาพ JPEG/PNG หรือ PDF)"))
    # One key per form shown: the same reply sent twice is added once.
    reply_key = HiddenField(default=new_submission_key,
                            validators=[Optional(), Regexp(KEY_PATTERN)])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.body.data and not self.attachments.clean_files:
            self.body.errors.append(_l("กรุณาพิมพ์ข้อความหรือแนบไฟล์อย่างน้อยหนึ่งอย่าง"))
            return False
        return True


class VerdictForm(FlaskForm):
    """The reporter confirms or disputes the outcome."""

    reason = CleanTextAreaField(_l("เหตุผลที่ไม่เห็นด้วย (เมื่อโต้แย้ง)"),
                                validators=[Optional(), Length(max=3000)])


RATING_LABELS = ((5, _l("5 – มากที่สุด")), (4, _l("4 – มาก")), (3, _l("3 – ปานกลาง")),
                 (2, _l("2 – น้อย")), (1, _l("1 – น้อยที่สุด")))


class RatingForm(FlaskForm):
    rating = RadioField(
        _l("ความพึงพอใจต่อการดำเนินการ"),
        choices=[SelectChoice(str(n), label) for n, label in RATING_LABELS],
        validators=[InputRequired(_l("กรุณาเลือกคะแนน"))],
    )

    @staticmethod
    def rating_labels():
        return RATING_LABELS
    comment = CleanTextAreaField(_l("ความคิดเห็นเพิ่มเติม"), validators=[Optional(), Length(max=2000)])
