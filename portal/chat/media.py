"""Photos sent in the chat: fetched from LINE's content API or Messenger's attachment address
and passed through the web form's checks (content sniffing, size and pixel limits, images
re-encoded without their EXIF/GPS metadata)."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from flask import current_app

from portal.channels.errors import ChannelError
from portal.chat.clients import TooLarge, line_chat_for, messenger_for
from portal.models import ChannelAccount
from portal.security.files import CleanFile, RejectedFile, clean_upload

# Meta serves attachments from its CDNs; nothing else is fetched (no request forgery).
MESSENGER_HOSTS = (".fbcdn.net", ".fbsbx.com", ".facebook.com")


class PhotoNotFetched(Exception):
    """The photo could not be downloaded or was refused by the file checks; Thai reason."""


def fetch_photo(account: ChannelAccount | None, platform: str, ref: str, number: int) -> CleanFile:
    if account is None or not account.access_token or not ref:
        raise PhotoNotFetched("ไม่มีบัญชีช่องทางสำหรับดาวน์โหลดรูป")
    max_bytes = current_app.config["PORTAL_MAX_UPLOAD_BYTES"]
    try:
        if platform == "line":
            data = line_chat_for(account).content(ref, max_bytes)
        else:
            if not _allowed_url(ref):
                raise PhotoNotFetched("ที่อยู่ของรูปไม่ใช่ของ Meta")
            data = messenger_for(account).attachment(ref, max_bytes)
        return clean_upload(
            io.BytesIO(data),
            f"chat-photo-{number}.jpg",
            max_bytes=max_bytes,
            max_pixels=current_app.config["PORTAL_MAX_IMAGE_PIXELS"],
        )
    except ChannelError as exc:
        raise PhotoNotFetched(f"ดาวน์โหลดรูปไม่สำเร็จ: {exc.thai}") from exc
    except TooLarge as exc:
        raise PhotoNotFetched("รูปใหญ่เกินขนาดที่รับได้") from exc
    except RejectedFile as exc:
        raise PhotoNotFetched(f"ไฟล์ไม่ผ่านการตรวจ: {exc.code}") from exc


def _allowed_url(url: str) -> bool:
    parts = urlsplit(url)
    graph = urlsplit(current_app.config.get("PORTAL_FACEBOOK_GRAPH_URL") or "")
    if graph.netloc and parts.netloc == graph.netloc:  # a configured test or proxy host
        return True
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and host.endswith(MESSENGER_HOSTS)
