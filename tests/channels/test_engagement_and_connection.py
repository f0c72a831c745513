"""Daily engagement figures, the test-connection calls, and the admin settings page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.channels.connection import test_connection as check_connection
from portal.channels.engagement import read_engagement_if_due
from portal.clock import utcnow
from portal.delivery.publication import enqueue_publication
from portal.delivery.worker import run_once
from portal.extensions import db
from portal.models import ChannelAccount, Delivery, DeliveryChannel, PostEngagement, Role
from tests.channels.conftest import payload
from tests.channels.fake_services import PAGE_ID, Fault
from tests.helpers import csrf_token


def test_engagement_is_read_once_a_day_for_recent_posts(app, office, channels, services):
    enqueue_publication(office, "outcome", 1, 1, payload(1))
    enqueue_publication(office, "outcome", 2, 1, payload(2))
    db.session.commit()
    run_once()
    old = db.session.scalars(sa.select(Delivery).where(
        Delivery.channel == DeliveryChannel.FACEBOOK_PAGE, Delivery.subject_id == 2)).one()
    old.sent_at = utcnow() - timedelta(days=29)  # older than 28 days: no longer read
    db.session.commit()
    assert read_engagement_if_due(date(2026, 11, 29)) == 1
    db.session.commit()
    (figures,) = db.session.scalars(sa.select(PostEngagement)).all()
    assert (figures.reactions, figures.comments, figures.shares) == (12, 4, 3)
    assert read_engagement_if_due(date(2026, 11, 29)) == 0  # once a day


def test_a_failed_reading_is_skipped_and_sending_goes_on(app, office, channels, services):
    enqueue_publication(office, "outcome", 1, 1, payload(1))
    db.session.commit()
    run_once()
    services.script("fb_get", Fault("error", status=500, code=2))
    assert read_engagement_if_due(date(2026, 11, 29)) == 0
    enqueue_publication(office, "outcome", 3, 1, payload(3))
    db.session.commit()
    run_once()
    assert len(services.state.posts) == 2


def test_connection_checks_read_the_names(app, office, channels, services):
    facebook = check_connection(channels["facebook"])
    line = check_connection(channels["line"])
    assert (facebook.ok, facebook.name) == (True, "Nakhonpanom 2")
    assert (line.ok, line.name) == (True, "สพป.นครพนม เขต 2")
    services.state.page_token = "rotated"
    refused = check_connection(channels["facebook"])
    assert not refused.ok and "โทเค็น" in refused.error


@pytest.fixture
def client(login_as):
    return login_as(Role.ADMIN)


def test_admin_saves_write_only_credentials_and_tests_the_connection(app, client, office,
                                                                     services):
    token = csrf_token(client, "/admin/holidays")
    answer = client.post("/admin/channels/facebook", data={
        "facebook-csrf_token": token, "facebook-page_id": PAGE_ID,
        "facebook-access_token": services.state.page_token,
        "facebook-secret": services.state.app_secret, "facebook-enabled": "y"})
    assert answer.status_code == 302
    page = client.get("/admin/channels").get_data(as_text=True)
    assert services.state.page_token not in page and services.state.app_secret not in page
    assert "บันทึกไว้แล้ว (ไม่แสดงอีก)" in page and PAGE_ID in page
    tested = client.post("/admin/channels/facebook/test", data={"csrf_token": token},
                         follow_redirects=True).get_data(as_text=True)
    assert "เชื่อมต่อสำเร็จ: Nakhonpanom 2" in tested
    # Saving again with the token left blank keeps it.
    client.post("/admin/channels/facebook", data={
        "facebook-csrf_token": token, "facebook-page_id": PAGE_ID, "facebook-enabled": "y",
        "facebook-dry_run": "y"})
    db.session.expire_all()
    account = db.session.scalar(sa.select(ChannelAccount))
    assert account.access_token == services.state.page_token and account.dry_run
    client.post("/admin/channels/facebook/pause", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.scalar(sa.select(ChannelAccount)).paused
    client.post("/admin/channels/facebook/resume", data={"csrf_token": token})
    db.session.expire_all()
    assert not db.session.scalar(sa.select(ChannelAccount)).paused


def test_a_bad_page_id_is_refused_in_thai(app, client, office):
    token = csrf_token(client, "/admin/holidays")
    answer = client.post("/admin/channels/facebook", data={
        "facebook-csrf_token": token, "facebook-page_id": "nakhonpanom2"})
    assert answer.status_code == 400
    assert "รหัสเพจต้องเป็นตัวเลข" in answer.get_data(as_text=True)


def test_other_roles_cannot_reach_channel_settings(app, login_as, office):
    assert login_as(Role.PR).get("/admin/channels").status_code == 403
