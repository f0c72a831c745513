"""The administrator's "test connection": one harmless read with the stored credentials."""

from __future__ import annotations

from dataclasses import dataclass

from portal.channels.clients import facebook_for, line_for
from portal.channels.errors import ChannelError
from portal.channels.settings import record_channel_error
from portal.clock import utcnow
from portal.models import ChannelAccount, DeliveryChannel


@dataclass
class ConnectionResult:
    ok: bool
    name: str = ""  # the page's or the LINE account's display name
    error: str = ""  # Thai, for the administrator


def test_connection(account: ChannelAccount) -> ConnectionResult:
    """Facebook ``GET /{page-id}?fields=name``; LINE ``GET /v2/bot/info``. Does not commit."""
    if not account.access_token or (account.channel is DeliveryChannel.FACEBOOK_PAGE
                                    and not account.page_id):
        return ConnectionResult(False, error="ยังไม่ได้บันทึกโทเค็น จึงทดสอบไม่ได้")
    try:
        if account.channel is DeliveryChannel.FACEBOOK_PAGE:
            name = facebook_for(account).page_name()
        else:
            name = line_for(account).bot_info()
    except ChannelError as exc:
        record_channel_error(account, exc.thai, exc.detail)
        return ConnectionResult(False, error=exc.thai)
    account.display_name = name[:200]
    account.last_success_at = utcnow()
    return ConnectionResult(True, name=name)


test_connection.__test__ = False  # a service, not a pytest test
