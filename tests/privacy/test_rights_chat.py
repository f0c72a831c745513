"""The reporter's copy of a case that came by chat names the chat platform and the name shown
there; after the purge, it says the chat identity was removed."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

from portal.extensions import db
from portal.privacy.purge import purge_office
from tests.privacy.factories import NOW, case_by_chat, chatter, ended_case
from tests.privacy.test_rights import _browser, _receipt_for


def _copy(app, case) -> zipfile.ZipFile:
    browser = _browser(app, case.number, _receipt_for(case))
    response = browser.get(f"/track/{case.number}/privacy/my-data.zip")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.data))


def _pdf_text(archive: zipfile.ZipFile, tmp_path) -> str:
    path = tmp_path / "data.pdf"
    path.write_bytes(archive.read("data.pdf"))
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_copy_of_a_chat_case_names_the_platform_and_display_name(app, office, tmp_path):
    by_chat = ended_case(office, years_ago=0.2)
    user = chatter(office, "U-copy", "Somsri Chat", years_ago=0.2)
    case_by_chat(office, user, by_chat, years_ago=0.2)
    by_web = ended_case(office, years_ago=0.2)
    db.session.commit()

    archive = _copy(app, by_chat)
    data = json.loads(archive.read("data.json"))
    assert data["chat"] == {"platform": "line", "display_name": "Somsri Chat", "removed_at": None}
    assert "U-copy" not in archive.read("data.json").decode()  # the platform's id is not given
    text = _pdf_text(archive, tmp_path)
    assert "LINE" in text and "Somsri Chat" in text

    assert json.loads(_copy(app, by_web).read("data.json"))["chat"] is None


def test_copy_after_the_purge_says_the_chat_identity_was_removed(app, office):
    case = ended_case(office, years_ago=2.5)
    user = chatter(office, "U-old", "Old Chat", years_ago=2.5)
    case_by_chat(office, user, case, years_ago=2.5)
    db.session.commit()
    purge_office(office, now=NOW)
    chat = json.loads(_copy(app, case).read("data.json"))["chat"]
    assert chat["platform"] == "line" and chat["display_name"] is None
    assert chat["removed_at"].startswith(NOW.date().isoformat())
