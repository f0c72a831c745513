"""The worker posting to the fake Graph API: success, each error-code group, timeouts, drops."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.channels.settings import save_facebook_credentials
from portal.clock import utcnow
from portal.delivery.publication import enqueue_publication, withdraw_publication
from portal.delivery.worker import run_once
from portal.extensions import db
from portal.models import (
    ChannelAccount,
    Delivery,
    DeliveryAction,
    DeliveryChannel,
    DeliveryStatus,
    Role,
)
from tests.channels.conftest import make_due, payload, reload
from tests.channels.fake_services import PAGE_ID, Fault
from tests.factories import make_user


def publish(office, n: int = 1, version: int = 1, **changes) -> Delivery:
    rows = enqueue_publication(office, "outcome", n, version, payload(n, **changes))
    db.session.commit()
    return next(r for r in rows if r.channel is DeliveryChannel.FACEBOOK_PAGE)


def test_a_post_goes_up_once_with_link_reference_and_permalink(app, office, channels, services):
    row = publish(office)
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.SENT and row.attempts == 1
    (post,) = services.posts_with("#NP2-2569-000001")
    assert row.remote_id == post["id"] and row.permalink == post["permalink_url"]
    assert post["link"] == "https://portal.test/outcomes/1"
    assert post["message"].startswith("ซ่อมห้องน้ำโรงเรียนบ้านสามผงแล้ว")
    assert services.calls_to("fb_published") == 0  # a first attempt has nothing to look for
    run_once()
    assert len(services.state.posts) == 1


@pytest.mark.parametrize("fault", [
    Fault("error", status=500, code=1, message="An unknown error occurred"),
    Fault("error", status=500, code=2, message="Service temporarily unavailable"),
    Fault("error", status=400, code=341, message="Application limit reached"),
    Fault("error", status=503, message="Service Unavailable"),
    Fault("slow_after", seconds=2.5),  # the post is made, the answer comes after the timeout
    Fault("drop_after"),  # the post is made, the connection closes without an answer
    Fault("drop"),  # nothing is made
], ids=["code1", "code2", "code341", "http503", "timeout", "dropped-after", "dropped"])
def test_transient_failures_retry_and_never_post_twice(app, office, channels, services, fault):
    services.script("fb_post", fault)
    row = publish(office)
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.RETRYING and row.attempts == 1
    assert timedelta(seconds=40) < row.next_attempt_at - utcnow() < timedelta(seconds=80)
    assert row.last_error and "Facebook" in row.last_error and row.error_detail
    make_due()
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.SENT and row.attempts == 2
    assert services.calls_to("fb_published") == 1  # looked before posting again
    (post,) = services.posts_with("#NP2-2569-000001")
    assert row.remote_id == post["id"]


def test_backoff_schedule_then_failed(app, office, channels, services):
    services.script("fb_post", *[Fault("error", status=500, code=2)] * 7)
    row = publish(office)
    waits = []
    for _attempt in range(7):
        make_due()
        run_once()
        row = reload(row)
        waits.append(row.next_attempt_at - utcnow())
    assert row.status is DeliveryStatus.FAILED and row.attempts == 7
    expected = [60, 300, 1800, 7200, 21600, 86400]
    for wait, seconds in zip(waits, expected, strict=False):
        assert 0.75 * seconds <= wait.total_seconds() <= 1.25 * seconds


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80001])
def test_throttling_waits_for_the_hint_without_spending_attempts(app, office, channels,
                                                                  services, code):
    usage = {"112233": [{"type": "pages", "call_count": 100, "total_cputime": 20,
                         "total_time": 30, "estimated_time_to_regain_access": 42}]}
    services.script("fb_post", Fault("error", status=400, code=code, message="limit",
                                     headers={"X-Business-Use-Case-Usage": json.dumps(usage)}))
    row, other = publish(office, 1), publish(office, 2)
    run_once()
    row, other = reload(row), reload(other)
    account = db.session.get(ChannelAccount, channels["facebook"].id)
    assert row.status is DeliveryStatus.RETRYING and row.attempts == 0
    assert timedelta(minutes=41) < row.next_attempt_at - utcnow() <= timedelta(minutes=42)
    assert account.throttled_until >= row.next_attempt_at - timedelta(seconds=1)
    # The channel waits as a whole: the next row is not tried either.
    assert other.status is DeliveryStatus.RETRYING and services.calls_to("fb_post") == 1


def test_throttling_without_a_hint_waits_at_least_15_minutes(app, office, channels, services):
    services.script("fb_post", Fault("error", status=400, code=4, message="App limit"))
    row = publish(office)
    run_once()
    wait = reload(row).next_attempt_at - utcnow()
    assert timedelta(minutes=14) < wait <= timedelta(minutes=15)


@pytest.mark.parametrize("code", [190, 10, 200, 230, 299])
def test_refused_credentials_pause_the_channel_and_tell_the_administrators(
        app, office, channels, services, code):
    admin = make_user(office, Role.ADMIN)
    db.session.commit()
    services.script("fb_post", Fault("error", status=400, code=code, message="refused"))
    row, waiting = publish(office, 1), publish(office, 2)
    run_once()
    row, waiting = reload(row), reload(waiting)
    assert (row.status, row.attempts) == (DeliveryStatus.PAUSED, 0)
    assert waiting.status is DeliveryStatus.PAUSED and services.calls_to("fb_post") == 1
    account = db.session.get(ChannelAccount, channels["facebook"].id)
    assert account.paused and account.paused_by_error and "โทเค็น" in account.last_error
    (mail,) = db.session.scalars(sa.select(Delivery).where(
        Delivery.channel == DeliveryChannel.EMAIL)).all()
    assert mail.recipient == admin.email and "โทเค็น" in mail.subject
    assert "ไม่มีข้อความใดสูญหาย" in mail.body_text and "/admin/channels" in mail.body_text
    # New credentials resume the channel by themselves: both posts go up.
    save_facebook_credentials(office, PAGE_ID, services.state.page_token, None)
    db.session.commit()
    run_once()
    assert {reload(row).status, reload(waiting).status} == {DeliveryStatus.SENT}
    assert len(services.state.posts) == 2


@pytest.mark.parametrize("code", [100, 368])
def test_permanent_refusals_fail_at_once(app, office, channels, services, code):
    services.script("fb_post", Fault("error", status=400, code=code, message="refused"))
    row = publish(office)
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.FAILED and row.attempts == 1
    assert f'"code": {code}' in row.error_detail


def test_duplicate_506_reconciles_with_the_post_already_there(app, office, channels, services):
    row = publish(office)
    run_once()  # posted
    first = reload(row).remote_id
    again = publish(office, 1, version=2)
    db.session.execute(sa.update(Delivery).where(Delivery.id == row.id)
                       .values(status=DeliveryStatus.FAILED))  # as if the first post was lost
    db.session.commit()
    services.script("fb_post", Fault("error", status=400, code=506, message="Duplicate"))
    run_once()
    again = reload(again)
    assert again.status is DeliveryStatus.SENT and again.remote_id == first
    assert len(services.state.posts) == 1


def test_duplicate_506_without_the_post_fails(app, office, channels, services):
    services.script("fb_post", Fault("error", status=400, code=506, message="Duplicate"))
    row = publish(office)
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.FAILED and "ไม่พบโพสต์" in row.last_error


def test_a_new_version_edits_the_post_in_place(app, office, channels, services):
    first = publish(office)
    run_once()
    second = publish(office, 1, version=2, text="แก้ไขข้อความ: ซ่อมเสร็จและทาสีใหม่แล้ว")
    run_once()
    second = reload(second)
    assert second.status is DeliveryStatus.SENT and second.remote_id == reload(first).remote_id
    (post,) = services.state.posts.values()
    assert "ทาสีใหม่แล้ว" in post["message"] and len(services.state.edits) == 1


def test_withdrawal_deletes_the_post(app, office, channels, services):
    row = publish(office)
    run_once()
    withdraw_publication(office, "outcome", 1, "ข้อมูลคลาดเคลื่อน")
    db.session.commit()
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.CANCELLED and row.action is DeliveryAction.DELETE
    assert row.removed_at is not None and services.state.posts == {}
    assert services.state.deleted == [row.remote_id]


def test_a_post_already_gone_counts_as_deleted(app, office, channels, services):
    row = publish(office)
    run_once()
    services.state.posts.clear()  # deleted on Facebook by hand
    withdraw_publication(office, "outcome", 1, "ซ้ำ")
    db.session.commit()
    run_once()
    assert reload(row).removed_at is not None


def test_a_row_withdrawn_while_being_sent_is_taken_down_after(app, office, channels, services):
    row = publish(office)
    row.status, row.remote_id = DeliveryStatus.SENDING, None
    db.session.commit()
    withdraw_publication(office, "outcome", 1, "ถอน")  # the worker is mid-send
    db.session.commit()
    db.session.execute(sa.update(Delivery).where(Delivery.id == row.id).values(
        status=DeliveryStatus.SENT, remote_id=f"{PAGE_ID}_1"))  # …and finishes
    services.state.posts[f"{PAGE_ID}_1"] = {"id": f"{PAGE_ID}_1", "message": "x"}
    db.session.commit()
    run_once()
    assert reload(row).removed_at is not None and services.state.deleted == [f"{PAGE_ID}_1"]


def test_dry_run_records_sent_without_calling(app, office, channels, services):
    account = db.session.get(ChannelAccount, channels["facebook"].id)
    account.dry_run = True
    db.session.commit()
    row = publish(office)
    run_once()
    row = reload(row)
    assert (row.status, row.note, row.remote_id) == (DeliveryStatus.SENT, "dry-run", None)
    assert [route for route, _path in services.state.calls if route.startswith("fb")] == []
