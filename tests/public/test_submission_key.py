"""One intake form, one case: sending the same form again shows the first case's receipt."""

from __future__ import annotations

import io
import re
import threading

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Attachment, Case, Delivery, SubmissionKey
from tests.factories import jpeg_bytes
from tests.helpers import csrf_token, receipt_from, valid_case

KEY_RE = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')


def _form(client, url: str = "/submit") -> tuple[str, str]:
    """The CSRF token and the submission key of a freshly shown form."""
    html = client.get(url).get_data(as_text=True)
    key = KEY_RE.search(html)
    assert key, "the form carries no submission key"
    return csrf_token(client, url), key.group(1)


def _post(client, csrf: str, key: str, url: str = "/submit", **fields):
    data = {"csrf_token": csrf, "submission_key": key, **valid_case(**fields)}
    return client.post(url, data=data, content_type="multipart/form-data")


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_each_form_shown_gets_its_own_key(client, office):
    keys = {_form(client)[1] for _ in range(3)}
    assert len(keys) == 3 and all(len(k) >= 32 for k in keys)


def test_the_same_form_sent_twice_files_one_case_and_shows_the_same_receipt(client, office):
    csrf, key = _form(client)
    first = _post(client, csrf, key, attachments=[(io.BytesIO(jpeg_bytes()), "a.jpg")])
    assert first.status_code == 302
    number, receipt = receipt_from(client.get("/receipt").get_data(as_text=True))
    again = _post(client, csrf, key, attachments=[(io.BytesIO(jpeg_bytes()), "a.jpg")])
    assert again.status_code == 302 and again.headers["Location"] == "/receipt"
    assert receipt_from(client.get("/receipt").get_data(as_text=True)) == (number, receipt)
    assert _count(Case) == 1 and _count(Attachment) == 1 and _count(Delivery) == 1
    assert _count(SubmissionKey) == 1


def test_a_retry_from_another_connection_finds_the_case(app, client, office):
    """A proxy's retry after a lost answer: same form, no cookie of the first answer."""
    csrf, key = _form(client)
    cookie = client.get_cookie("session").value
    assert _post(client, csrf, key).status_code == 302
    number, receipt = receipt_from(client.get("/receipt").get_data(as_text=True))
    other = app.test_client()
    other.set_cookie("session", cookie)  # the session before the first answer arrived
    assert _post(other, csrf, key).status_code == 302
    assert receipt_from(other.get("/receipt").get_data(as_text=True)) == (number, receipt)
    assert _count(Case) == 1


def test_the_key_is_stored_hashed_and_the_receipt_sealed(client, office):
    csrf, key = _form(client)
    _post(client, csrf, key)
    _number, receipt = receipt_from(client.get("/receipt").get_data(as_text=True))
    row = db.session.scalar(sa.select(SubmissionKey))
    assert key not in row.key_hash and receipt not in row.sealed_receipt


def test_two_forms_file_two_cases(client, office):
    for _ in range(2):
        csrf, key = _form(client)
        assert _post(client, csrf, key).status_code == 302
    assert _count(Case) == 2


def test_a_form_without_a_key_still_files(client, office):
    csrf, _key = _form(client)
    data = {"csrf_token": csrf, **valid_case()}
    assert client.post("/submit", data=data, content_type="multipart/form-data").status_code == 302
    assert _count(Case) == 1


def test_a_malformed_key_is_refused_with_the_form_kept(client, office):
    csrf, _key = _form(client)
    response = _post(client, csrf, "not a key; drop table")
    assert response.status_code == 422 and _count(Case) == 0
    assert "อาหารกลางวันที่โรงเรียนมีปริมาณน้อย" in response.get_data(as_text=True)


def test_the_corruption_form_is_guarded_too(client, office):
    csrf, key = _form(client, "/report-corruption")
    fields = {"respondent": "นายสมมติ ตัวอย่าง", "anonymous": "y", "acknowledge_false_report": "y"}
    assert _post(client, csrf, key, "/report-corruption", **fields).status_code == 302
    assert _post(client, csrf, key, "/report-corruption", **fields).status_code == 302
    assert _count(Case) == 1


def test_the_same_form_sent_at_once_from_two_threads_files_one_case(app, office):
    """The unique key decides, on both databases, when both requests pass the lookup."""
    first = app.test_client()
    csrf, key = _form(first)
    cookie = first.get_cookie("session").value
    clients = [first, app.test_client()]
    clients[1].set_cookie("session", cookie)
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def send(client) -> None:
        barrier.wait()
        statuses.append(_post(client, csrf, key).status_code)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [302, 302]
    shown = {receipt_from(c.get("/receipt").get_data(as_text=True)) for c in clients}
    assert len(shown) == 1
    db.session.rollback()
    assert _count(Case) == 1
