"""The demo's Facebook Page and LINE account: in dry-run, so the demo never calls out."""

from __future__ import annotations

from portal.channels.settings import channel_account, get_or_create_account
from portal.models import DeliveryChannel, Office

DEMO_PAGE_ID = "100000000000002"  # not a real page: dry-run never uses it


def ensure_demo_channels(office: Office) -> None:
    """Set up both channels in dry-run unless the office has them already (kept as they are)."""
    for channel in DeliveryChannel.automatic():
        if channel_account(office.id, channel) is not None:
            continue
        account = get_or_create_account(office, channel)
        account.dry_run = True
        account.display_name = ("Nakhonpanom 2" if channel is DeliveryChannel.FACEBOOK_PAGE
                                else "สพป.นครพนม เขต 2")
        if channel is DeliveryChannel.FACEBOOK_PAGE:
            account.page_id = DEMO_PAGE_ID
