"""A school's correspondent: joining from the invitation, signing in by e-mail link, and the
school's own pages. No staff account: the correspondent's session opens only their school."""

from __future__ import annotations

from functools import wraps

from flask import (
    Blueprint,
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

from portal.clock import utcnow
from portal.extensions import db, limiter
from portal.network import registry
from portal.network.details import PersonDetails
from portal.network.forms import (
    ButtonForm,
    CodeForm,
    CorrespondentForm,
    EmailForm,
    JoinForm,
    ProfileForm,
)
from portal.network.invitations import find_invitation
from portal.network.joining import (
    JoinError,
    confirm_join,
    pending_details,
    require_open,
    start_join,
)
from portal.network.line_joining import (
    JOIN_WORD,
    LINE_CODE_MINUTES,
    joined_by_line,
    line_join_offered,
    oa_message_url,
    start_line_join,
)
from portal.network.models import CorrespondentKind
from portal.network.signin import (
    current_correspondent,
    request_sign_in_link,
    sign_in,
    sign_out,
    use_sign_in_link,
)
from portal.security.headers import no_store
from portal.tenancy import current_office

bp = Blueprint("network_school", __name__, url_prefix="/network")
LINE_JOIN_KEY = "network_line_join"  # {"invitation": id, "code": the code shown}
bp.after_request(no_store)


@bp.context_processor
def school_context():
    return {"correspondent": current_correspondent()}


def _locale() -> str:
    return str(get_locale() or "th")


def _limit() -> str:
    return current_app.config.get("PORTAL_RATE_LIMIT_FORGOT", "10 per hour")


def correspondent_required(view):
    """Signed in as a correspondent, and only on their own school's pages (others: 404)."""

    @wraps(view)
    def wrapped(school_id: int, **kwargs):
        person = current_correspondent()
        if person is None or person.office_id != current_office().id:
            return redirect(url_for(".sign_in_page"))
        if person.school_id != school_id:
            abort(404)  # another school's pages do not exist for this person
        g.school = person.school
        return view(school_id=school_id, **kwargs)

    return wrapped


def _open_invitation(token: str):
    invitation = find_invitation(current_office(), token)
    if invitation is None:
        abort(404)
    return invitation


@bp.route("/join/<token>", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def join(token: str):
    office, invitation = current_office(), _open_invitation(token)
    try:
        require_open(invitation)
    except JoinError as error:
        return render_template("network/join_closed.html", message=error.message), 410
    form, line_offered = JoinForm(), line_join_offered(office)
    if form.validate_on_submit():
        person = PersonDetails(
            form.name.data,
            form.position.data or "",
            form.phone.data or "",
            form.email.data,
            form.line_id.data or "",
        )
        page_url, joined_groups = form.page_url.data or "", form.joined_groups.data
        if request.form.get("via") == "line" and line_offered:
            code = start_line_join(office, invitation, person, page_url, joined_groups)
            db.session.commit()
            session[LINE_JOIN_KEY] = {"invitation": invitation.id, "code": code}
            return redirect(url_for(".join_line", token=token))
        start_join(office, invitation, person, page_url, joined_groups, _locale())
        db.session.commit()
        return redirect(url_for(".join_confirm", token=token))
    return render_template(
        "network/join.html",
        form=form,
        school=invitation.school,
        invitation=invitation,
        line_offered=line_offered,
    )


@bp.route("/join/<token>/confirm", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def join_confirm(token: str):
    office, invitation = current_office(), _open_invitation(token)
    try:
        require_open(invitation)
    except JoinError as error:
        return render_template("network/join_closed.html", message=error.message), 410
    details = pending_details(invitation)
    if details is None:
        return redirect(url_for(".join", token=token))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            person = confirm_join(office, invitation, form.code.data)
        except JoinError as error:
            db.session.commit()  # a wrong code counts
            form.code.errors.append(error.message)
        else:
            db.session.commit()
            sign_in(person)
            flash(_("ยินดีต้อนรับสู่เครือข่ายประชาสัมพันธ์"), "success")
            return redirect(url_for(".home", school_id=person.school_id))
    return render_template(
        "network/join_confirm.html", form=form, school=invitation.school, email=details["email"]
    )


@bp.route("/join/<token>/line", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def join_line(token: str):
    """The code to send in the office's LINE OA; "ตรวจสอบอีกครั้ง" goes on once the chat has
    confirmed it. Only the browser that asked for the code holds it (in its session)."""
    office, invitation = current_office(), _open_invitation(token)
    started = session.get(LINE_JOIN_KEY) or {}
    mine = started.get("invitation") == invitation.id
    person = joined_by_line(invitation, started["code"]) if mine else None
    if person is not None:
        session.pop(LINE_JOIN_KEY, None)
        sign_in(person)
        flash(_("ยืนยันการเข้าร่วมทาง LINE แล้ว ยินดีต้อนรับสู่เครือข่ายประชาสัมพันธ์"), "success")
        return redirect(url_for(".home", school_id=person.school_id))
    try:
        require_open(invitation)
    except JoinError as error:
        return render_template("network/join_closed.html", message=error.message), 410
    details = pending_details(invitation)
    if not mine or details is None or details.get("via") != "line":
        return redirect(url_for(".join", token=token))
    form, not_yet = ButtonForm(), False
    if form.validate_on_submit():
        not_yet = True  # checked again, and the chat has not confirmed yet
    code = started["code"]
    expired = invitation.code_expires_at is None or invitation.code_expires_at <= utcnow()
    return render_template(
        "network/join_line.html",
        form=form,
        school=invitation.school,
        code=code,
        join_word=JOIN_WORD,
        add_friend_url=office.line_url,
        oa_message_url=oa_message_url(office, code),
        office_line_id=office.line_id,
        minutes=LINE_CODE_MINUTES,
        expired=expired,
        not_yet=not_yet,
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def sign_in_page():
    form, sent = EmailForm(), False
    if form.validate_on_submit():
        request_sign_in_link(current_office(), form.email.data, _locale())
        db.session.commit()
        sent = True  # the same answer whether or not the address is known
    from portal.auth.ceremony import origin
    from portal.auth.forms import PasskeyForm
    from portal.network.passkeys import authentication_options

    ceremony = authentication_options(origin())
    db.session.commit()  # the challenge's one-time mark
    return render_template(
        "network/sign_in.html",
        form=form,
        sent=sent,
        passkey=ceremony,
        passkey_form=PasskeyForm(),
    )


@bp.route("/sign-in/<token>", methods=["GET", "POST"])
def signin_link(token: str):
    # A GET only shows a button: mail scanners that open links must not spend them.
    form = ButtonForm()
    if form.validate_on_submit():
        person = use_sign_in_link(current_office(), token)
        db.session.commit()
        if person is not None:
            sign_in(person)
            return redirect(url_for(".home", school_id=person.school_id))
        flash(_("ลิงก์นี้ใช้ไม่ได้แล้ว (ใช้ไปแล้วหรือหมดอายุ) กรุณาขอลิงก์ใหม่"), "error")
        return redirect(url_for(".sign_in_page"))
    return render_template("network/sign_in_link.html", form=form)


@bp.post("/sign-out")
def sign_out_page():
    if not ButtonForm().validate_on_submit():
        abort(400)
    sign_out()
    return redirect(url_for(".sign_in_page"))


@bp.get("/school/<int:school_id>")
@correspondent_required
def home(school_id: int):
    person = current_correspondent()
    return render_template(
        "network/school_home.html",
        school=g.school,
        person=person,
        profile=registry.profile_of(g.school),
        deputy=registry.correspondent_of(g.school, CorrespondentKind.DEPUTY),
    )


@bp.route("/school/<int:school_id>/details", methods=["GET", "POST"])
@correspondent_required
def details(school_id: int):
    office, person, school = current_office(), current_correspondent(), g.school
    posted = request.method == "POST"  # a stored date is shown, never parsed again
    form = CorrespondentForm(prefix="me", obj=None if posted else person)
    profile_form = ProfileForm(
        prefix="profile", obj=None if posted else registry.profile_of(school)
    )
    if form.validate_on_submit() and profile_form.validate():
        if not form.email.data:
            form.email.errors.append(_("ต้องมีอีเมลไว้รับลิงก์เข้าสู่ระบบ"))
        else:
            updated = registry.save_correspondent(
                office,
                school,
                person.kind,
                PersonDetails(
                    form.name.data,
                    form.position.data or "",
                    form.phone.data or "",
                    form.email.data,
                    form.line_id.data or "",
                ),
                by_self=person,
            )
            registry.save_profile(
                office,
                school,
                profile_form.page_url.data or "",
                profile_form.joined_groups.data,
                profile_form.joined_groups_on.data,
                by_self=person,
            )
            db.session.commit()
            sign_in(updated)  # a changed address bumps the session version
            flash(_("บันทึกแล้ว"), "success")
            return redirect(url_for(".home", school_id=school.id))
    return render_template(
        "network/school_details.html", form=form, profile_form=profile_form, school=school
    )


from portal.network import (  # noqa: E402, F401  (routes here)
    passkey_views,
    school_news_views,
    share_views,
)
