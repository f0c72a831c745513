"""The pages chat adds to or changes, in Chromium: the case page of a LINE and of a Messenger
case (display name, channel marks, the warning before an answer the chat cannot carry) and the
channel page's chat section; phone and desktop, Thai and English, through axe.

Set PORTAL_TEST_SHOTS to keep screenshots of every page looked at (tests/browser/shots.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from portal.channels.settings import save_facebook_credentials, save_line_credentials
from portal.chat.models import ChatUser
from portal.chat.outgoing import chat_settings
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Case, Office, Role
from tests.browser.conftest import MOBILE
from tests.browser.shots import shoot
from tests.browser.test_channel_pages import AGENT, session_cookie
from tests.chat.chatting import LinePerson, MessengerPerson
from tests.chat.fake_chat import (
    APP_SECRET,
    LINE_SECRET,
    LINE_TOKEN,
    PAGE_ID,
    PAGE_TOKEN,
    FakeChat,
)
from tests.factories import jpeg_bytes, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def fake():
    server = FakeChat().start()
    yield server
    server.stop()


@pytest.fixture
def app_config(app_config, fake) -> dict:
    return {
        **app_config,
        "PORTAL_LINE_API_URL": fake.base_url,
        "PORTAL_LINE_DATA_URL": fake.base_url,
        "PORTAL_FACEBOOK_GRAPH_URL": fake.base_url,
        "PORTAL_FACEBOOK_GRAPH_VERSION": "v25.0",
        "PORTAL_CHANNEL_TIMEOUT": 2,
    }


def chat_cases(client, fake) -> tuple[Case, Case]:
    office = db.session.scalar(select(Office))
    save_line_credentials(office, LINE_TOKEN, LINE_SECRET)
    save_facebook_credentials(office, PAGE_ID, PAGE_TOKEN, APP_SECRET)
    chat_settings(office.id, "line").push_quota = 50
    db.session.commit()
    fake.state.profiles.update({"Upage": "แม่น้องฟ้า", "7000000000000001": "สมชาย ใจดี"})
    fake.state.contents["p1"] = jpeg_bytes(size=(320, 240))
    line = LinePerson(client, fake, "Upage")
    line.send("follow")
    line.says("แจ้งเรื่อง")
    line.taps("type:complaint")
    line.taps("school:none")
    line.says("ไฟฟ้าในห้องเรียนชั้น ป.4 ดับบ่อย พัดลมใช้ไม่ได้ช่วงบ่าย")
    line.send("image", message_id="p1")
    line.taps("photos:done")
    line.taps("confirm:yes")
    line.says("วันนี้ไฟดับอีกแล้วค่ะ")
    messenger = MessengerPerson(client, fake, "7000000000000001")
    messenger.says("สวัสดีครับ")
    messenger.taps("คุยกับเจ้าหน้าที่")
    messenger.says("ขอทราบกำหนดการรับสมัครนักเรียนชั้นอนุบาล")
    user = db.session.scalar(select(ChatUser).where(ChatUser.platform == "messenger"))
    user.last_inbound_at = utcnow() - timedelta(days=9)
    db.session.commit()
    first, second = db.session.scalars(select(Case).order_by(Case.id)).all()
    return first, second


@pytest.mark.parametrize("lang", ["th", "en"])
def test_chat_case_and_channel_pages(app, client, fake, contexts, lang):
    line_case, messenger_case = chat_cases(client, fake)
    office = db.session.scalar(select(Office))
    director = make_user(office, Role.DIRECTOR, Role.ADMIN)
    db.session.commit()
    cookie = session_cookie(app, director, lang)
    axe = Axe()
    pages = {
        "case-line": f"/staff/cases/{line_case.number}",
        "case-messenger": f"/staff/cases/{messenger_case.number}",
        "channels": "/admin/channels",
    }
    for label, options in (("360", MOBILE), ("1366", {"viewport": {"width": 1366, "height": 900}})):
        context = contexts.new(user_agent=AGENT, **options)
        context.add_cookies([cookie])
        context.set_default_timeout(60_000)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(path)
            html = page.content()
            if name == "case-line":
                assert "แม่น้องฟ้า" in html
                assert html.count("By LINE" if lang == "en" else "ทาง LINE<") >= 2
            elif name == "case-messenger":
                assert page.get_by_role("alert").count() == 1
                assert (
                    "Cannot send on Messenger" if lang == "en" else "ส่งทาง Messenger ไม่ได้"
                ) in html
            else:
                assert "/hooks/line/NP2" in html and "/hooks/messenger/NP2" in html
            assert LINE_TOKEN not in html and PAGE_TOKEN not in html
            found = [
                v
                for v in axe.run(page).response["violations"]
                if v["impact"] in {"serious", "critical"}
            ]
            assert not found, [(v["id"], v["help"]) for v in found]
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= options["viewport"]["width"] + 1, (name, width)
            shoot(page, f"chat-{name}-{label}-{lang}")
