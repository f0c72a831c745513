"""The fake Facebook and LINE services on a real socket, and the app pointed at them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.channels.settings import save_facebook_credentials, save_line_credentials
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Delivery, DeliveryStatus
from tests.channels.fake_services import (
    APP_SECRET,
    LINE_TOKEN,
    PAGE_ID,
    PAGE_TOKEN,
    FakeServices,
)

TIMEOUT = 1  # seconds: the slow-answer faults sleep past it


@pytest.fixture
def services():
    server = FakeServices().start()
    yield server
    server.stop()


@pytest.fixture
def app_config(app_config, services) -> dict:
    return {**app_config, "PORTAL_FACEBOOK_GRAPH_URL": services.base_url,
            "PORTAL_FACEBOOK_GRAPH_VERSION": "v25.0", "PORTAL_LINE_API_URL": services.base_url,
            "PORTAL_CHANNEL_TIMEOUT": TIMEOUT}


@pytest.fixture
def channels(app, office):
    """Both accounts set up with the credentials the fake services expect."""
    facebook = save_facebook_credentials(office, PAGE_ID, PAGE_TOKEN, APP_SECRET)
    line = save_line_credentials(office, LINE_TOKEN, "line-channel-secret")
    db.session.commit()
    return {"facebook": facebook, "line": line}


def payload(n: int = 1, **changes) -> dict:
    return {"title": f"ซ่อมห้องน้ำโรงเรียนบ้านสามผงแล้ว ({n})",
            "text": "ท่านแจ้งว่าห้องน้ำชำรุด สำนักงานเขตประสานซ่อมเสร็จเมื่อสัปดาห์ที่แล้ว",
            "link": f"https://portal.test/outcomes/{n}",
            "reference": f"#NP2-2569-{n:06d}", "image_url": None, **changes}


def make_due() -> None:
    """Time travel: every waiting row is due now (its backoff or wait has passed)."""
    db.session.execute(sa.update(Delivery).where(
        Delivery.status.in_((DeliveryStatus.PENDING, DeliveryStatus.RETRYING)))
        .values(next_attempt_at=utcnow()))
    db.session.commit()


def reload(row: Delivery) -> Delivery:
    db.session.expire_all()
    return db.session.get(Delivery, row.id)
