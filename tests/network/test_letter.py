"""The invitation letter: one A4 page in Thai with the school, the link and its QR code."""

from __future__ import annotations

import io
import subprocess

import pikepdf

from portal.models import Role
from portal.network.invitations import create_invitation
from portal.network.letter import join_url, render_letter_html
from tests.network.helpers import schools


def test_the_letter_is_one_page_naming_the_school_and_its_link(app, office, login_as, tmp_path):
    pr = login_as(Role.PR)
    school = schools(office)[0]
    invitation = create_invitation(office, school, pr.user)
    from portal.extensions import db

    db.session.commit()
    response = pr.get(f"/staff/network/invitations/{invitation.id}/letter.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(pikepdf.open(io.BytesIO(response.data)).pages) == 1
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout

    # pdftotext reads the glyph of า after some consonants as ำ: compare with both as า.
    def same(value: str) -> str:
        return value.replace("\u0e33", "\u0e32")

    assert same(school.name_th) in same(text)
    assert same("ขอเชิญเข้าร่วมเครือข่ายประชาสัมพันธ์") in same(text)
    with app.test_request_context():
        link = join_url(invitation)
        html = render_letter_html(office, invitation)
    assert link.split("/join/")[1] in text.replace("\n", "").replace(" ", "")
    assert 'src="data:image/svg+xml' in html  # the QR code of the same link
