"""Staff see chat cases with the person's display name and the channel of each message, are
warned before answering when the chat cannot carry it; admins set chat up from commands."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from PIL import Image
from sqlalchemy import select

from portal.chat.models import ChatChannelSettings, ChatUser
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Case, Role
from tests.chat.chatting import LinePerson, MessengerPerson
from tests.chat.fake_chat import LINE_TOKEN


def file_by_line(client, fake) -> Case:
    fake.state.profiles["Ustaffview"] = "พ่อน้องบี"
    person = LinePerson(client, fake, "Ustaffview")
    person.send("follow")
    person.says("คุยกับเจ้าหน้าที่")
    person.says("สอบถามเรื่องทุนการศึกษาของนักเรียนยากจน")
    person.says("ขอบคุณล่วงหน้าค่ะ")  # a follow-up: comes in by LINE too
    return db.session.scalar(select(Case))


def test_case_page_shows_display_name_and_chat_marks(client, chat, fake, login_as):
    case = file_by_line(client, fake)
    staff = login_as(Role.DIRECTOR)
    page = staff.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert "พ่อน้องบี" in page and "ผู้แจ้งติดต่อทางแชต LINE" in page
    assert page.count("ทาง LINE</span>") == 2  # the filing and the follow-up
    inbox = staff.get("/staff/").get_data(as_text=True)
    assert case.number in inbox and "LINE: พ่อน้องบี" in inbox
    # The person tracks the case on the web with the receipt the chat gave them.
    chat_text = "\n".join(fake.state.texts_to("Ustaffview"))
    receipt = re.search(r"รหัสติดตาม \(.*?\): (\S+)", chat_text).group(1)
    form = client.get("/track").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    found = client.post(
        "/track",
        data={"csrf_token": token, "number": case.number, "receipt": receipt},
        follow_redirects=True,
    )
    tracking = found.get_data(as_text=True)
    assert found.status_code == 200 and "ทาง LINE</span>" in tracking
    assert "พ่อน้องบี" not in tracking


def test_case_page_warns_before_an_answer_the_chat_cannot_carry(client, chat, fake, login_as):
    person = MessengerPerson(client, fake, "PSIDold")
    person.says("สวัสดี")
    person.taps("คุยกับเจ้าหน้าที่")
    person.says("สอบถามกำหนดการเปิดภาคเรียน")
    case = db.session.scalar(select(Case))
    staff = login_as(Role.DIRECTOR)
    assert "ส่งทาง Messenger ไม่ได้" not in staff.get(f"/staff/cases/{case.number}").get_data(
        as_text=True
    )
    user = db.session.scalar(select(ChatUser))
    user.last_inbound_at = utcnow() - timedelta(days=9)
    db.session.commit()
    page = staff.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert "ส่งทาง Messenger ไม่ได้" in page and 'role="alert"' in page


def test_channel_page_shows_webhook_urls_and_push_use(chat, login_as):
    settings = db.session.scalar(
        select(ChatChannelSettings).where(ChatChannelSettings.platform == "line")
    )
    settings.push_used, settings.push_month = 7, utcnow().strftime("%Y-%m")
    db.session.commit()
    page = login_as(Role.ADMIN).get("/admin/channels").get_data(as_text=True)
    assert "http://portal.test/hooks/line/NP2" in page
    assert "http://portal.test/hooks/messenger/NP2" in page
    assert "7 จาก 100 ข้อความ" in page


def test_commands_set_messenger_quota_and_check_signatures(app, chat):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["channel", "set", "messenger", "--office", "NP2"], input="new-verify-token\n"
    )
    assert result.exit_code == 0, result.output
    assert "new-verify-token" not in result.output and "/hooks/messenger/NP2" in result.output
    result = runner.invoke(
        args=["channel", "chat-settings", "--office", "NP2", "--line-push-quota", "500"]
    )
    assert result.exit_code == 0 and "0/500" in result.output
    for platform in ("line", "messenger"):
        result = runner.invoke(args=["channel", "chat-check", platform, "--office", "NP2"])
        assert result.exit_code == 0, result.output
        assert "Signed sample body: HTTP 200; unsigned: HTTP 401" in result.output
        assert f"/hooks/{platform}/NP2" in result.output
    db.session.expire_all()
    messenger = db.session.scalar(
        select(ChatChannelSettings).where(ChatChannelSettings.platform == "messenger")
    )
    assert messenger.verify_token == "new-verify-token"


def test_rich_menu_is_created_with_a_thai_image_and_four_actions(app, chat, fake):
    result = app.test_cli_runner().invoke(args=["channel", "line-rich-menu", "--office", "NP2"])
    assert result.exit_code == 0, result.output
    [(menu_id, menu)] = fake.state.rich_menus.items()
    assert fake.state.default_rich_menu == menu_id
    texts = [a["action"]["text"] for a in menu["menu"]["areas"]]
    assert texts == ["แจ้งเรื่อง", "ติดตามเรื่อง", "สอบถาม", "คุยกับเจ้าหน้าที่"]
    image = Image.open(io.BytesIO(menu["image"]))
    assert image.size == (2500, 843) and len(menu["image"]) < 1024 * 1024
    assert len(image.convert("L").getcolors(maxcolors=4096) or []) > 10  # text was drawn
    assert LINE_TOKEN not in result.output


def test_admin_sets_the_line_push_quota_on_the_channel_page(chat, login_as):
    admin = login_as(Role.ADMIN)
    page = admin.get("/admin/channels").get_data(as_text=True)
    token = re.search(
        r'id="chat-csrf_token" name="chat-csrf_token" type="hidden" '
        r'value="([^"]+)"',
        page,
    ).group(1)
    refused = admin.post(
        "/admin/channels/chat/push-quota",
        data={"chat-csrf_token": token, "chat-push_quota": "-5"},
        follow_redirects=True,
    )
    assert "ระหว่าง 0 ถึง 10,000,000" in refused.get_data(as_text=True)
    saved = admin.post(
        "/admin/channels/chat/push-quota",
        data={"chat-csrf_token": token, "chat-push_quota": "1500"},
        follow_redirects=True,
    )
    assert "1500 ข้อความต่อเดือน" in saved.get_data(as_text=True)
    db.session.expire_all()
    assert (
        db.session.scalar(
            select(ChatChannelSettings.push_quota).where(ChatChannelSettings.platform == "line")
        )
        == 1500
    )
