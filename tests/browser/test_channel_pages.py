"""The channel settings and outbox pages in Chromium: phone and desktop, Thai and English,
through axe; no token ever reaches the page.

Set PORTAL_TEST_SHOTS to keep screenshots of every page looked at (tests/browser/shots.py).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask_login.utils import _create_identifier
from sqlalchemy import select

from portal.channels.settings import (
    pause_channel,
    save_facebook_credentials,
    save_line_credentials,
)
from portal.clock import utcnow
from portal.delivery.publication import enqueue_publication
from portal.extensions import db
from portal.models import ChannelAccount, DeliveryChannel, DeliveryStatus, Office, Role
from tests.browser.conftest import MOBILE
from tests.browser.shots import shoot
from tests.factories import make_user

pytestmark = pytest.mark.browser

AGENT = "Sujarit browser test"
TOKEN = "EAAG-secret-page-token-never-shown"


def session_cookie(app, user, lang: str) -> dict:
    """A signed session cookie as after a full sign-in (password and second factor)."""
    with app.test_request_context(headers={"User-Agent": AGENT},
                                  environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        identifier = _create_identifier()
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True, "_id": identifier,
                              "lang": lang})
    return {"name": app.config.get("SESSION_COOKIE_NAME", "session"), "value": value,
            "domain": "127.0.0.1", "path": "/"}


def set_up_outbox() -> None:
    office = db.session.scalar(select(Office))
    save_facebook_credentials(office, "102030405060", TOKEN, "app-secret")
    save_line_credentials(office, "line-token-never-shown", "line-secret")
    db.session.flush()
    facebook = db.session.scalar(select(ChannelAccount).where(
        ChannelAccount.channel == DeliveryChannel.FACEBOOK_PAGE))
    for n in (1, 2):
        rows = enqueue_publication(office, "outcome", n, 1, {
            "title": f"ซ่อมห้องน้ำโรงเรียนบ้านสามผงเสร็จแล้ว ({n})",
            "text": "ท่านแจ้งว่าห้องน้ำชำรุด เราซ่อมแล้ว", "link": f"https://portal.test/o/{n}",
            "reference": f"#NP2-2569-{n:06d}", "image_url": None})
        if n == 1:
            rows[0].status, rows[0].sent_at = DeliveryStatus.SENT, utcnow()
            rows[0].permalink = "https://www.facebook.com/102030405060/posts/1001"
            rows[1].status, rows[1].attempts = DeliveryStatus.FAILED, 7
            rows[1].last_error = "LINE ขัดข้องชั่วคราว จะลองใหม่"
            rows[1].error_detail = '{"http": 500, "message": "Internal error"}'
    pause_channel(facebook, "Facebook ไม่ยอมรับโทเค็นหรือสิทธิ์ของเพจ (หมดอายุ ถูกเพิกถอน หรือ"
                  "สิทธิ์ไม่พอ) ช่องทางนี้หยุดส่งไว้จนกว่าจะบันทึกโทเค็นใหม่",
                  '{"http": 400, "code": 190, "subcode": 463}', by_error=True)
    db.session.commit()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_channel_and_outbox_pages_on_phone_and_desktop(app, contexts, lang):
    office = db.session.scalar(select(Office))
    admin = make_user(office, Role.ADMIN)
    db.session.commit()
    set_up_outbox()
    cookie = session_cookie(app, admin, lang)
    axe = Axe()
    for label, options in (("360", MOBILE), ("1366", {"viewport": {"width": 1366,
                                                                    "height": 900}})):
        context = contexts.new(user_agent=AGENT, **options)
        context.add_cookies([cookie])
        context.set_default_timeout(60_000)  # a shared, busy machine can be slow to serve fonts
        page = context.new_page()
        for path in ("/admin/channels", "/admin/deliveries"):
            page.goto(path)
            html = page.content()
            assert TOKEN not in html and "line-token-never-shown" not in html
            assert page.locator("h1").count() == 1
            if path == "/admin/channels":
                expected = "Paused: token refused" if lang == "en" else "หยุดส่ง: โทเค็นถูกปฏิเสธ"
                assert expected in html
            else:
                assert "LINE ขัดข้องชั่วคราว" in html and "/posts/1001" in html
            found = [v for v in axe.run(page).response["violations"]
                     if v["impact"] in {"serious", "critical"}]
            assert not found, [(v["id"], v["help"]) for v in found]
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= options["viewport"]["width"] + 1 or path == "/admin/deliveries"
            shoot(page, f"{path.strip('/').replace('/', '-')}-{label}-{lang}")
