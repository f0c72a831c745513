"""School news in: invite → join → submit with photos → PR takes it in and edits → the photo
check → a second person approves → published with the school's credit → the school is told."""

from __future__ import annotations

import io
import re

from PIL import Image
from sqlalchemy import select

from portal import storage
from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.models import (
    Delivery,
    DeliveryChannel,
    Publication,
    PublicationState,
    Role,
    VersionState,
)
from portal.network.models import NewsState, SchoolNews
from tests.factories import jpeg_bytes, pdf_bytes
from tests.network.helpers import csrf, last_mail, schools
from tests.network.test_joining import EMAIL, confirm, invite, join


def gps_photo(color=(200, 30, 30)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (17.0, 24.0, 0.0), 3: "E", 4: (104.0, 9.0, 0.0)}
    return jpeg_bytes(exif=exif, color=color, comment=b"secret location note")


def joined(app, office, login_as, client, index=0):
    from tests.network.helpers import code_in

    token, school, pr = invite(app, office, login_as, index)
    join(client, token)
    confirm(client, token, code_in(last_mail(EMAIL, "network_join_code")))
    return school, pr


def send_news(client, school, photos, faces="consented", consent=True, title=None):
    page = client.get(f"/network/school/{school.id}/news/new")
    assert page.status_code == 200
    data = {
        "csrf_token": csrf(page.text),
        "title": title or "กีฬาสีต้านยาเสพติด",
        "body": "โรงเรียนจัดการแข่งขันกีฬาสีประจำปี นักเรียนทุกชั้นร่วมกิจกรรม",
        "happened_on": "20/11/2569",
        "faces": faces,
        "photos": [(io.BytesIO(p), f"p{i}.jpg") for i, p in enumerate(photos)],
    }
    if consent:
        data["consent"] = "y"
    return client.post(
        f"/network/school/{school.id}/news/new", data=data, content_type="multipart/form-data"
    )


def test_school_news_from_phone_to_the_board(app, office, login_as, client):
    school, pr = joined(app, office, login_as, client)
    response = send_news(client, school, [gps_photo(), gps_photo((10, 200, 10))])
    assert response.status_code == 302
    news = db.session.scalar(select(SchoolNews))
    assert news.state is NewsState.SUBMITTED and len(news.photos) == 2
    stored = storage.read(news.photos[0].storage_key)
    assert b"secret location note" not in stored and b"PhoneMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    listing = client.get(f"/network/school/{school.id}/news")
    assert "กีฬาสีต้านยาเสพติด" in listing.text and "รอนักประชาสัมพันธ์" in listing.text

    # PR sees it in the network's queue and takes it in as a draft credited to the school.
    queue = pr.get("/staff/network/news")
    assert "กีฬาสีต้านยาเสพติด" in queue.text and school.name_th in queue.text
    page = pr.get(f"/staff/network/news/{news.id}")
    photo = pr.get(f"/staff/network/news/{news.id}/photos/{news.photos[0].id}")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    accepted = pr.post(
        f"/staff/network/news/{news.id}/accept",
        data={
            "csrf_token": csrf(page.text),
            "image": str(news.photos[1].id),
            "note": "ขอบคุณครับ ปรับสำนวนเล็กน้อย",
        },
    )
    db.session.expire_all()
    item = db.session.get(Publication, news.publication_id)
    assert accepted.headers["Location"].endswith(f"/staff/publishing/{item.id}")
    assert item.latest.title == f"ข่าวจาก{school.name_th}: กีฬาสีต้านยาเสพติด"
    assert item.school_id == school.id and item.latest.image_key

    # PR edits in the newsroom; the privacy check runs there as on every draft.
    from portal.publishing.drafting import DraftText, edit_text, submit_for_approval
    from portal.publishing.fingerprint import seen_of

    edit_text(
        item,
        pr.user,
        DraftText(
            item.latest.title, item.latest.body + " ติดต่อ 0812345678", link_url=item.latest.link_url
        ),
    )
    db.session.commit()
    assert item.latest.privacy_flags != "[]"  # the phone number was found
    edit_text(
        item,
        pr.user,
        DraftText(item.latest.title, "นักเรียนทุกชั้นร่วมกีฬาสีต้านยาเสพติด", link_url=item.latest.link_url),
    )
    submit_for_approval(item, pr.user)
    db.session.commit()

    # The approver cannot approve before PR ticks "ตรวจภาพนักเรียนแล้ว".
    approver = login_as(Role.APPROVER)
    item_page = approver.get(f"/staff/publishing/{item.id}")
    seen = seen_of(item.latest)
    refused = approver.post(
        f"/staff/publishing/{item.id}/approve",
        data={"csrf_token": csrf(item_page.text), "version": seen.number, "digest": seen.digest},
        follow_redirects=True,
    )
    assert "ตรวจภาพนักเรียนแล้ว" in refused.text
    db.session.expire_all()
    assert db.session.get(Publication, item.id).state is PublicationState.DRAFT
    page = pr.get(f"/staff/network/news/{news.id}")
    pr.post(f"/staff/network/news/{news.id}/check-photos", data={"csrf_token": csrf(page.text)})
    approved = approver.post(
        f"/staff/publishing/{item.id}/approve",
        data={"csrf_token": csrf(item_page.text), "version": seen.number, "digest": seen.digest},
    )
    assert approved.status_code == 302
    db.session.expire_all()
    item = db.session.get(Publication, item.id)
    assert item.state is PublicationState.PUBLISHED
    assert item.live.state is VersionState.APPROVED
    news = db.session.get(SchoolNews, news.id)
    assert news.state is NewsState.PUBLISHED and news.published_at is not None
    # On the board with the credit, and queued to the share kits like other news.
    board = client.get(f"/outcomes/{item.id}")
    assert f"ข่าวจาก{school.name_th}" in board.text
    kits = db.session.scalars(
        select(Delivery).where(
            Delivery.subject_id == item.id, Delivery.channel.in_(DeliveryChannel.share_kits())
        )
    )
    assert any(f"ข่าวจาก{school.name_th}" in (d.payload or "") for d in kits)
    told = last_mail(EMAIL, "network_news_published")
    assert "กีฬาสีต้านยาเสพติด" in told.body_text and "ปรับสำนวนเล็กน้อย" in told.body_text
    assert re.search(rf"/outcomes/{item.id}\b", told.body_text)

    # The school shares the published item through its own link; the month's figures count it.
    kit = client.get(f"/network/school/{school.id}/share/{item.id}")
    client.post(
        f"/network/school/{school.id}/share/{item.id}",
        data={"csrf_token": csrf(kit.text), "post_url": ""},
    )
    from portal.network.coverage import coverage_for, month_start

    figures = coverage_for(office, month_start(to_local(utcnow()).date()))
    assert (figures.with_correspondent, figures.schools_sent_news, figures.schools_shared) == (
        1,
        1,
        1,
    )
    assert figures.median_hours is not None


def test_returned_news_tells_the_school_with_the_note(app, office, login_as, client):
    school, pr = joined(app, office, login_as, client)
    send_news(client, school, [], faces="none", consent=False)
    news = db.session.scalar(select(SchoolNews))
    page = pr.get(f"/staff/network/news/{news.id}")
    pr.post(
        f"/staff/network/news/{news.id}/return",
        data={"csrf_token": csrf(page.text), "note": "กรุณาเพิ่มรายละเอียดว่าจัดที่ใดและผลเป็นอย่างไร"},
    )
    db.session.expire_all()
    news = db.session.get(SchoolNews, news.id)
    assert news.state is NewsState.RETURNED
    mail = last_mail(EMAIL, "network_news_returned")
    assert "กรุณาเพิ่มรายละเอียด" in mail.body_text
    assert "ส่งกลับให้แก้ไข" in client.get(f"/network/school/{school.id}/news").text


def test_news_form_refuses_what_it_must(app, office, login_as, client):
    school, _ = joined(app, office, login_as, client)
    too_many = send_news(client, school, [jpeg_bytes()] * 11)
    assert "แนบภาพได้ไม่เกิน 10 ภาพ" in too_many.text
    no_consent = send_news(client, school, [jpeg_bytes()], faces="consented", consent=False)
    assert "ได้รับความยินยอมจากผู้ปกครองแล้ว" in no_consent.text
    pdf = send_news(client, school, [pdf_bytes()], faces="none")
    assert "แนบได้เฉพาะภาพ JPEG หรือ PNG" in pdf.text
    fake = send_news(client, school, [b"<html>not a photo</html>"], faces="none")
    assert "ไม่ใช่รูปภาพ" in fake.text
    assert db.session.scalar(select(SchoolNews)) is None


def test_news_of_another_school_is_not_found(app, office, login_as, client):
    school, pr = joined(app, office, login_as, client)
    send_news(client, school, [jpeg_bytes()], faces="none")
    news = db.session.scalar(select(SchoolNews))
    other = schools(office)[1]
    assert client.get(f"/network/school/{other.id}/news").status_code == 404
    assert client.get(f"/network/school/{other.id}/news/new").status_code == 404
    assert (
        client.get(
            f"/network/school/{other.id}/news/{news.id}/photos/{news.photos[0].id}"
        ).status_code
        == 404
    )
    own = client.get(f"/network/school/{school.id}/news/{news.id}/photos/{news.photos[0].id}")
    assert own.status_code == 200
    assert login_as(Role.INTAKE).get(f"/staff/network/news/{news.id}").status_code == 403


def test_the_storage_sweep_keeps_school_news_photos(app, office, login_as, client):
    """``flask storage sweep`` removes files no row names; a school's photos are named by
    their rows and stay, under the office's own key prefix."""
    import os
    import time

    from portal.storage.sweep import sweep_orphans

    school, _pr = joined(app, office, login_as, client)
    assert send_news(client, school, [jpeg_bytes()]).status_code == 302
    (news,) = db.session.scalars(select(SchoolNews)).all()
    key = news.photos[0].storage_key
    assert key.startswith(f"{office.code}/news/")
    then = time.time() - 3 * 24 * 3600
    os.utime(storage.path_for(key), (then, then))
    assert key not in sweep_orphans(24 * 3600)
    assert storage.path_for(key).is_file()
