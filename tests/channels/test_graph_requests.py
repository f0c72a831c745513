"""How the Graph client asks (issue 17 §5): the page token only in the Authorization header,
never in a URL; a bare 429 or any Retry-After is waited out in full; share kits carry no
machine tag."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.channels.clients import facebook_for
from portal.channels.message import facebook_message, line_text, share_text
from portal.clock import utcnow
from portal.delivery.publication import enqueue_publication, withdraw_publication
from portal.delivery.worker import run_once
from portal.extensions import db
from portal.models import ChannelAccount, DeliveryChannel, DeliveryStatus
from tests.channels.conftest import make_due, payload, reload
from tests.channels.fake_services import Fault


def publish(office, n: int = 1, version: int = 1, **changes):
    rows = enqueue_publication(office, "outcome", n, version, payload(n, **changes))
    db.session.commit()
    return next(r for r in rows if r.channel is DeliveryChannel.FACEBOOK_PAGE)


def test_the_page_token_travels_only_in_the_authorization_header(app, office, channels,
                                                                 services):
    services.script("fb_post", Fault("drop_after"))  # so that the retry lists the posts
    row = publish(office)
    run_once()
    make_due()
    run_once()  # GET published_posts, GET permalink
    publish(office, 1, version=2, text="ฉบับแก้ไข")
    run_once()  # POST /{post-id}: the edit
    page = facebook_for(db.session.get(ChannelAccount, channels["facebook"].id))
    assert page.page_name() == "Nakhonpanom 2"
    assert page.engagement(reload(row).remote_id).reactions == 12
    withdraw_publication(office, "outcome", 1, "ถอน")
    db.session.commit()
    run_once()  # DELETE /{post-id}
    places = services.state.token_places
    assert {method for method, _place in places} == {"GET", "POST", "DELETE"}
    assert {place for _method, place in places} == {"header"}, places
    assert services.state.posts == {}


@pytest.mark.parametrize("seconds", [120, 3600])
def test_a_bare_429_waits_as_long_as_retry_after_says(app, office, channels, services,
                                                      seconds):
    services.script("fb_post", Fault("bare", status=429,
                                     headers={"Retry-After": str(seconds)}))
    row, other = publish(office, 1), publish(office, 2)
    run_once()
    row, other = reload(row), reload(other)
    wait = row.next_attempt_at - utcnow()
    assert row.status is DeliveryStatus.RETRYING and row.attempts == 0  # no attempt spent
    assert timedelta(seconds=seconds - 5) < wait <= timedelta(seconds=seconds)
    account = db.session.get(ChannelAccount, channels["facebook"].id)
    assert account.throttled_until >= row.next_attempt_at - timedelta(seconds=1)
    assert other.status is DeliveryStatus.RETRYING and services.calls_to("fb_post") == 1
    assert "Facebook" in row.last_error and f"{seconds // 60} นาที" in row.last_error


def test_a_5xx_with_retry_after_is_not_retried_sooner(app, office, channels, services):
    services.script("fb_post", Fault("bare", status=503, headers={"Retry-After": "900"}))
    row = publish(office)
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.RETRYING and row.attempts == 1
    assert row.next_attempt_at - utcnow() > timedelta(seconds=890)  # not the 1-minute backoff


def test_share_kits_carry_no_machine_tag_and_posts_end_with_theirs():
    quoting = payload(2, text="ดูประกาศ #NP2-2569-000002 ฉบับก่อน")
    assert "#NP2" not in share_text(payload(1))
    assert share_text(payload(1)).endswith("https://portal.test/outcomes/1")
    # The tag is appended even when the text already holds it: messages of two versions
    # (or of a quoting item) can never be equal.
    assert facebook_message(quoting).endswith("ฉบับก่อน\n\n#NP2-2569-000002")
    assert line_text(payload(1)).endswith("#NP2-2569-000001")


def test_the_share_kit_page_shows_no_machine_tag(app, office, login_as):
    from portal.models import Role
    from portal.publishing.share import payload as item_payload
    from portal.publishing.share import reference
    from tests.publishing.factories import board_item

    client = login_as(Role.PR)
    item = board_item(office, client.user, body="ซ่อมห้องน้ำเสร็จแล้ว")
    version = item.versions[0]
    rows = enqueue_publication(office, "outcome", item.id, 1, item_payload(item, version))
    db.session.commit()
    tag = reference(item, version)
    assert tag.startswith("#NP2PUB")
    kit = next(r for r in rows if r.channel is DeliveryChannel.SHARE_PR_GROUP)
    page = client.get(f"/staff/publishing/{item.id}/share/{kit.id}").get_data(as_text=True)
    assert "ซ่อมห้องน้ำเสร็จแล้ว" in page and f"/outcomes/{item.id}" in page
    assert tag not in page and "#NP2PUB" not in page
