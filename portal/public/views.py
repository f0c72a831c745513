"""Public views: home, the two intake forms, the receipt, privacy notice, language."""

from __future__ import annotations

import contextlib
import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from portal import storage
from portal.cases.errors import AttachmentsNotSaved, CaseError
from portal.cases.idempotency import EarlierSubmission, find_submission, remember_submission
from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.errors import RETRY_AFTER
from portal.extensions import db, limiter
from portal.i18n import LANGUAGES
from portal.intake_settings import intake_settings
from portal.links import public_url
from portal.models import Case, CaseType, OneTimePurpose
from portal.public import bp
from portal.public.choices import category_choices, school_choices, school_count
from portal.public.forms import GENERAL_TYPES, CaseFormBase, CorruptionReportForm, GeneralCaseForm
from portal.public.receipts import (
    ConfirmSavedForm,
    forget_fresh_receipt,
    fresh_receipt,
    remember_fresh_receipt,
    tracking_qr_data_uri,
)
from portal.security.one_time import issue_mark
from portal.tenancy import current_office

COMMIT_RETRY_PAUSE = 0.5  # seconds: long enough for a restarted pool to reconnect


def _submit_limit() -> str:
    return current_app.config["PORTAL_RATE_LIMIT_SUBMIT"]


# One allowance per address for both intake forms: a second form is not a second quota.
shared_submit_limit = limiter.shared_limit(_submit_limit, scope="submit", methods=["POST"])


@bp.get("/")
def home():
    office = current_office()
    return render_template("public/home.html", office=office, schools=school_count(office))


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """A trivial endpoint for load balancers and the benchmark's reference figure."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/readyz")
@limiter.exempt
def readyz():
    """Ready for traffic: the database answers and the upload directory is writable.

    A load balancer sends visitors elsewhere while this answers 503; /healthz says only that
    the process is alive (restart it when that fails).
    """
    problems = []
    try:
        db.session.execute(sa.text("SELECT 1"))
        db.session.rollback()
    except SQLAlchemyError as exc:
        with contextlib.suppress(SQLAlchemyError):
            db.session.rollback()
        problems.append(f"database: {type(getattr(exc, 'orig', exc)).__name__}")
    try:
        storage.check_ready()
    except storage.StorageError:
        problems.append("storage: not writable")
    headers = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
    if problems:
        return "\n".join(problems) + "\n", 503, headers
    return "ready", 200, headers


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html", office=current_office())


@bp.get("/how-it-works")
def how_it_works():
    return render_template("public/how_it_works.html", office=current_office())


@bp.get("/lang/<code>")
def set_language(code: str):
    if code not in LANGUAGES:
        abort(404)
    session["lang"] = code
    target = request.args.get("next", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        target = "/"  # only local paths: no open redirect
    return redirect(target)


@bp.route("/submit", methods=["GET", "POST"])
@shared_submit_limit
def submit_general():
    office = current_office()
    form = GeneralCaseForm()
    if request.method == "GET" and request.args.get("type") in GENERAL_TYPES:
        form.case_type.data = request.args["type"]
    return _handle(form, office, CaseType.general(), "public/submit.html")


@bp.route("/report-corruption", methods=["GET", "POST"])
@shared_submit_limit
def submit_corruption():
    office = current_office()
    form = CorruptionReportForm()
    return _handle(form, office, [CaseType.CORRUPTION], "public/report_corruption.html")


def _handle(form: CaseFormBase, office, types: list[CaseType], template: str):
    # Validation checks ids directly; the full lists are built only to show the form.
    if office.archived_at is not None:  # archived: intake stops, everything else stays
        return render_template("public/offices/archived.html", office=office), 410
    form.settings, form.category_types = intake_settings(office), tuple(types)
    if request.method == "POST" and form.is_bot():
        abort(400)
    if form.validate_on_submit():
        filed = _file(form, office)
        if filed is not None:
            return filed
    form.category_id.choices = category_choices(office, types)
    form.school_id.choices = school_choices(office)
    if g.get("intake_unavailable"):
        return render_template(template, form=form, office=office), 503, RETRY_AFTER
    status = 422 if request.method == "POST" else 200
    return render_template(template, form=form, office=office), status


def _file(form: CaseFormBase, office):
    """File the form once: the redirect to the receipt, or None (the form shows an error).

    The form's key makes a second try safe: an earlier send that committed is found and its
    receipt shown again. So a commit that fails with the database out of reach for a moment
    (a restart, a dropped connection) is tried once more before the visitor reads "try again".
    """
    key = form.submission_key.data or None
    for attempt in (1, 2):
        try:
            return _file_once(form, office, key)
        except OperationalError:
            db.session.rollback()
            if key is None or attempt == 2:
                raise
            time.sleep(COMMIT_RETRY_PAUSE)
    return None


def _file_once(form: CaseFormBase, office, key: str | None):
    earlier = find_submission(key) if key else None
    if earlier is not None:
        return _show_again(earlier)
    try:
        submitted = submit_case(office, _submission(form))
    except AttachmentsNotSaved as error:
        db.session.rollback()
        flash(str(error.message), "error")
        g.intake_unavailable = True  # answered 503: the server's trouble, not the form's
        return None
    except CaseError as error:
        flash(str(error.message), "error")
        return None
    number = submitted.case.number  # read before commit, which expires the row
    try:
        if key:
            remember_submission(key, submitted)
        mark = issue_mark(OneTimePurpose.RECEIPT)
        db.session.commit()
    except IntegrityError:
        # The same form, sent twice at once: the other request committed its case first.
        db.session.rollback()
        earlier = find_submission(key) if key else None
        if earlier is None:
            raise
        return _show_again(earlier)
    remember_fresh_receipt(number, submitted.receipt, mark)
    return redirect(url_for("public.receipt"))


def _show_again(earlier: EarlierSubmission):
    """The receipt page of the case this very form filed before."""
    if not earlier.receipt:
        return redirect(url_for("tracking.lookup", number=earlier.number))
    mark = issue_mark(OneTimePurpose.RECEIPT)
    db.session.commit()
    remember_fresh_receipt(earlier.number, earlier.receipt, mark)
    return redirect(url_for("public.receipt"))


def _submission(form: CaseFormBase) -> CaseSubmission:
    is_corruption = isinstance(form, CorruptionReportForm)
    anonymous = bool(form.anonymous.data)
    return CaseSubmission(
        case_type=CaseType.CORRUPTION if is_corruption else CaseType(form.case_type.data),
        subject=form.subject.data,
        description=form.description.data,
        category_id=form.category_id.data,
        school_id=form.school_id.data,
        place_text=form.place_text.data or "",
        occurred_on=form.occurred_on.data,
        respondent=form.respondent.data if is_corruption else "",
        witnesses=(form.witnesses.data or "") if is_corruption else "",
        anonymous=anonymous,
        contact=ContactDetails(
            name=form.name.data or "",
            phone=form.phone.data or "",
            email=form.email.data or "",
            line_id=form.line_id.data or "",
        ),
        files=form.attachments.clean_files,
        locale=str(get_locale() or "th"),
    )


@bp.get("/receipt")
def receipt():
    """The case number and receipt, shown until the reporter confirms they kept them."""
    fresh = fresh_receipt()
    if fresh is None:
        flash(_("ใบรับเรื่องแสดงได้ครั้งเดียว หากท่านบันทึกไว้แล้ว ใช้ติดตามเรื่องได้ที่หน้านี้"), "info")
        return redirect(url_for("tracking.lookup"))
    case = db.session.scalar(db.select(Case).where(Case.number == fresh["number"]))
    if case is None:
        forget_fresh_receipt()
        db.session.commit()
        abort(404)
    return render_template(
        "public/receipt.html", case=case, receipt=fresh["receipt"], office=current_office(),
        confirm_form=ConfirmSavedForm(),
        qr=tracking_qr_data_uri(public_url("tracking.lookup", number=case.number)),
    ), 200, {"Cache-Control": "no-store"}


@bp.post("/receipt/confirm")
def confirm_receipt():
    form = ConfirmSavedForm()
    if not form.validate_on_submit():
        flash(_("กรุณาทำเครื่องหมายยืนยันว่าได้บันทึกเลขรับเรื่องและรหัสติดตามแล้ว"), "error")
        return redirect(url_for("public.receipt"))
    fresh = fresh_receipt()
    forget_fresh_receipt()
    db.session.commit()  # the one-time mark is spent: an old cookie shows the receipt no more
    number = fresh["number"] if fresh else ""
    flash(_("ขอบคุณ เราได้รับเรื่องของท่านแล้ว ท่านติดตามเรื่องได้ทุกเมื่อด้วยเลขรับเรื่องและรหัสติดตาม"),
          "success")
    return redirect(url_for("tracking.lookup", number=number) if number else url_for("public.home"))
