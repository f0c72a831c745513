"""The one-page Thai letter inviting a school to join, for the director's signature."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import render_template
from flask_babel import force_locale

from portal.links import public_url
from portal.models import Office
from portal.network.models import Invitation
from portal.public.qr import qr_data_uri

LETTER_CSS = Path(__file__).with_name("letter.css")
_RENDERING = threading.Lock()  # Pango objects are not shared between threads


def join_url(invitation: Invitation) -> str:
    return public_url("network_school.join", token=invitation.token)


def render_letter_html(office: Office, invitation: Invitation) -> str:
    link = join_url(invitation)
    with force_locale("th"):  # an official letter is in Thai
        return render_template(
            "network/letter.html",
            office=office,
            invitation=invitation,
            school=invitation.school,
            link=link,
            qr=qr_data_uri(link),
        )


def render_letter_pdf(office: Office, invitation: Invitation) -> bytes:
    """The letter as an A4 PDF: Sarabun, Thai digits, the QR code and the link."""
    import fontpkg_sarabun
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    base = (fontpkg_sarabun.ROOT / "files").as_uri() + "/"
    html = render_letter_html(office, invitation)
    with _RENDERING:
        fonts = FontConfiguration()
        style = CSS(string=LETTER_CSS.read_text(encoding="utf-8"), base_url=base, font_config=fonts)
        return HTML(string=html, base_url=base).write_pdf(stylesheets=[style], font_config=fonts)
