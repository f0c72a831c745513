"""Withdrawn means gone from the Page (issue 17 §5): a post whose answer was lost is looked
for before its row is cancelled, and deleted; the lookup never adopts another item's post."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
import sqlalchemy as sa

from portal.channels.message import facebook_message
from portal.clock import utcnow
from portal.delivery.publication import (
    cancel_delivery,
    enqueue_publication,
    withdraw_publication,
)
from portal.delivery.worker import claim_due, run_once
from portal.extensions import db
from portal.models import Delivery, DeliveryAction, DeliveryChannel, DeliveryStatus, Role
from tests.channels.conftest import make_due, payload, reload
from tests.channels.fake_services import Fault
from tests.factories import make_user

LOST_ANSWERS = [
    Fault("error_after", status=500, code=2, message="Service temporarily unavailable"),
    Fault("drop_after"),  # the post is made, the connection closes without an answer
    Fault("slow_after", seconds=2.5),  # the post is made, the answer comes after the timeout
]
LOST_IDS = ["http500", "dropped", "timeout"]


def publish(office, n: int = 1, version: int = 1, **changes) -> Delivery:
    rows = enqueue_publication(office, "outcome", n, version, payload(n, **changes))
    db.session.commit()
    return next(r for r in rows if r.channel is DeliveryChannel.FACEBOOK_PAGE)


def lose_the_answer(services, office, fault: Fault, n: int = 1) -> Delivery:
    """Facebook makes the post; the worker never learns its id."""
    services.script("fb_post", fault)
    row = publish(office, n)
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.RETRYING and row.remote_id is None
    assert len(services.state.posts) == 1  # …but it is on the page
    return row


@pytest.mark.parametrize("fault", LOST_ANSWERS, ids=LOST_IDS)
def test_withdrawn_after_a_lost_answer_the_post_is_deleted(app, office, channels, services,
                                                           fault):
    row = lose_the_answer(services, office, fault)
    (post_id,) = services.state.posts
    withdraw_publication(office, "outcome", 1, "ข้อมูลคลาดเคลื่อน")
    db.session.commit()
    row = reload(row)
    assert (row.status, row.action) == (DeliveryStatus.PENDING, DeliveryAction.DELETE)
    assert "กำลังตรวจสอบ" in row.note  # staff see it is being looked for, not "ไม่ส่ง"
    # …after a minute: a request that timed out may still be finishing at Facebook.
    assert row.next_attempt_at - utcnow() > timedelta(seconds=50)
    make_due()
    run_once()
    row = reload(row)
    assert services.state.posts == {} and services.state.deleted == [post_id]
    assert row.status is DeliveryStatus.CANCELLED and row.removed_at is not None
    assert row.remote_id == post_id and "ลบออกแล้ว" in row.note and "ไม่ส่ง" not in row.note


def test_withdrawn_while_a_killed_worker_held_it_the_post_is_deleted(app, office, channels,
                                                                     services):
    row = publish(office)
    assert row.id in claim_due("doomed-worker")  # the claim commits…
    row = reload(row)
    services.add_post(facebook_message(row.message))  # …the post request reaches Facebook…
    db.session.execute(sa.update(Delivery).where(Delivery.id == row.id).values(
        locked_until=utcnow() - timedelta(seconds=1)))  # …and the worker dies: its lease ends
    db.session.commit()
    withdraw_publication(office, "outcome", 1, "ถอน")
    db.session.commit()
    run_once()
    row = reload(row)
    assert services.state.posts == {} and row.removed_at is not None
    assert row.status is DeliveryStatus.CANCELLED


def test_withdrawn_before_any_request_is_cancelled_without_a_lookup(app, office, channels,
                                                                   services):
    row = publish(office)
    withdraw_publication(office, "outcome", 1, "ถอน")
    db.session.commit()
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.CANCELLED and row.action is DeliveryAction.POST
    assert services.state.calls == []


def test_a_lookup_that_finds_nothing_says_so(app, office, channels, services):
    services.script("fb_post", Fault("drop"))  # refused before anything was made
    row = publish(office)
    run_once()
    withdraw_publication(office, "outcome", 1, "ถอน")
    db.session.commit()
    make_due()
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.CANCELLED and row.removed_at is None
    assert "ไม่พบโพสต์" in row.note and services.calls_to("fb_published") == 1


@pytest.mark.parametrize("fault", LOST_ANSWERS[:1], ids=LOST_IDS[:1])
def test_a_superseded_version_post_is_deleted(app, office, channels, services, fault):
    first = lose_the_answer(services, office, fault)
    (orphan,) = services.state.posts
    second = publish(office, 1, version=2, text="ฉบับแก้ไข: ซ่อมเสร็จและทาสีใหม่แล้ว")
    assert reload(first).action is DeliveryAction.DELETE
    run_once()
    make_due()
    run_once()
    first, second = reload(first), reload(second)
    assert orphan not in services.state.posts and first.removed_at is not None
    (post,) = services.state.posts.values()
    assert second.status is DeliveryStatus.SENT and post["id"] == second.remote_id
    assert "ทาสีใหม่แล้ว" in post["message"]


def test_staff_cancelling_after_a_lost_answer_takes_the_post_down(app, office, channels,
                                                                  services):
    row = lose_the_answer(services, office, LOST_ANSWERS[1])
    cancel_delivery(row, make_user(office, Role.PR))
    db.session.commit()
    assert reload(row).action is DeliveryAction.DELETE
    make_due()
    run_once()
    assert services.state.posts == {} and reload(row).removed_at is not None


def test_a_draft_quoting_another_items_tag_never_takes_its_post(app, office, channels,
                                                                services):
    """Item 2 quotes item 1's reference tag. Item 1's first request is refused unseen and
    item 2's answer is lost, so item 2's post is owned by no row: item 1 still must not take
    it, and withdrawing item 1 must not delete it."""
    services.script("fb_post", Fault("drop"), Fault("drop_after"))
    first = publish(office, 1)
    second = publish(office, 2, text=f"อ้างถึงประกาศ {payload(1)['reference']} ของสำนักงาน")
    run_once()
    assert reload(first).status is reload(second).status is DeliveryStatus.RETRYING
    (quoting,) = services.state.posts
    make_due()
    run_once()
    first, second = reload(first), reload(second)
    assert first.status is DeliveryStatus.SENT and first.remote_id != quoting
    assert second.remote_id == quoting and len(services.state.posts) == 2  # adopted, not twice
    withdraw_publication(office, "outcome", 1, "ถอน")
    db.session.commit()
    run_once()
    assert quoting in services.state.posts and first.remote_id not in services.state.posts


def test_a_post_with_the_same_text_made_before_the_row_is_not_adopted(app, office, channels,
                                                                     services):
    """Identical text posted by hand an hour earlier: outside the row's window."""
    row = publish(office)
    services.add_post(facebook_message(row.message),
                      created=utcnow().replace(tzinfo=UTC).timestamp() - 3600)
    services.script("fb_post", Fault("drop"))
    run_once()
    make_due()
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.SENT and len(services.state.posts) == 2
    withdraw_publication(office, "outcome", 1, "ถอน")
    db.session.commit()
    run_once()
    assert len(services.state.posts) == 1 and row.remote_id not in services.state.posts


def test_withdrawn_mid_send_and_then_given_up_the_post_is_deleted(app, office, channels,
                                                                 services):
    """Withdrawn while a worker held it, which then gave up (its last attempt's answer lost
    too): the failed row is looked for like a waiting one."""
    row = lose_the_answer(services, office, LOST_ANSWERS[0])
    db.session.execute(sa.update(Delivery).where(Delivery.id == row.id).values(
        status=DeliveryStatus.SENDING, locked_until=utcnow() + timedelta(minutes=2)))
    db.session.commit()
    withdraw_publication(office, "outcome", 1, "ถอน")  # only marks it: a worker holds it
    db.session.commit()
    db.session.execute(sa.update(Delivery).where(Delivery.id == row.id).values(
        status=DeliveryStatus.FAILED, locked_until=None))  # …the worker gives up
    db.session.commit()
    run_once()  # queues the lookup
    make_due()
    run_once()
    row = reload(row)
    assert services.state.posts == {} and row.removed_at is not None
