"""An office's channel accounts: credentials (write-only), dry-run, pausing and resuming.

Verb-named services; none commits. Pausing moves the channel's waiting rows to ``paused`` so
they stop using attempts; resuming (by hand, or by saving new credentials after a refusal)
puts them back in the queue, due now.
"""

from __future__ import annotations

from sqlalchemy import select, update

from portal.clock import utcnow
from portal.extensions import db
from portal.models import ChannelAccount, Delivery, DeliveryChannel, DeliveryStatus, Office
from portal.numbers import plain_int

AUTOMATIC = (DeliveryChannel.FACEBOOK_PAGE, DeliveryChannel.LINE_BROADCAST)
WAITING = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)


class ChannelSettingsError(ValueError):
    """Settings that cannot be saved; the message is Thai, for the administrator."""


def channel_account(office_id: int, channel: DeliveryChannel) -> ChannelAccount | None:
    return db.session.scalar(select(ChannelAccount).where(
        ChannelAccount.office_id == office_id, ChannelAccount.channel == channel))


def get_or_create_account(office: Office, channel: DeliveryChannel) -> ChannelAccount:
    if channel not in AUTOMATIC:
        raise ChannelSettingsError("ช่องทางนี้ไม่มีบัญชีให้ตั้งค่า")
    account = channel_account(office.id, channel)
    if account is None:
        account = ChannelAccount(office_id=office.id, channel=channel, page_id="",
                                 display_name="", enabled=True, dry_run=False, paused=False,
                                 paused_by_error=False, last_error="", error_detail="")
        db.session.add(account)
        db.session.flush()
    return account


def save_facebook_credentials(office: Office, page_id: str, token: str | None,
                              app_secret: str | None) -> ChannelAccount:
    """Set the Page id and, when given, a new page token and app secret (empty: keep).

    New credentials resume a channel that a refusal paused.
    """
    page_id = page_id.strip()
    if plain_int(page_id, max_digits=64) is None:
        raise ChannelSettingsError("รหัสเพจต้องเป็นตัวเลขตามที่ Facebook กำหนด")
    account = get_or_create_account(office, DeliveryChannel.FACEBOOK_PAGE)
    changed = account.page_id != page_id
    account.page_id = page_id
    changed |= _set_secret(account, "access_token", token)
    changed |= _set_secret(account, "secret", app_secret)
    if changed:
        _credentials_changed(account)
    return account


def save_line_credentials(office: Office, token: str | None,
                          channel_secret: str | None) -> ChannelAccount:
    """Set a new channel access token and channel secret (empty: keep the stored one)."""
    account = get_or_create_account(office, DeliveryChannel.LINE_BROADCAST)
    changed = _set_secret(account, "access_token", token)
    changed |= _set_secret(account, "secret", channel_secret)
    if changed:
        _credentials_changed(account)
    return account


def _set_secret(account: ChannelAccount, field: str, value: str | None) -> bool:
    value = (value or "").strip()
    if not value:
        return False
    if len(value) > 2000 or any(c.isspace() for c in value):
        raise ChannelSettingsError("โทเค็นหรือรหัสลับมีรูปแบบไม่ถูกต้อง")
    setattr(account, field, value)
    return True


def _credentials_changed(account: ChannelAccount) -> None:
    account.credentials_changed_at = utcnow()
    account.display_name = ""
    # Rows parked for want of credentials, or paused by a refusal, go back in the queue; a
    # channel the administrator paused by hand stays paused.
    if not account.paused or account.paused_by_error:
        resume_channel(account)


def set_dry_run(account: ChannelAccount, dry_run: bool) -> None:
    """Dry-run marks rows sent with a "dry-run" note and never calls the service."""
    account.dry_run = dry_run


def set_enabled(account: ChannelAccount, enabled: bool) -> None:
    """A disabled channel gets no new rows; rows already queued are still sent."""
    account.enabled = enabled


def pause_channel(account: ChannelAccount, error: str = "", detail: str = "",
                  *, by_error: bool = False) -> int:
    """Stop sending on this channel; returns how many waiting rows were paused."""
    now = utcnow()
    if not account.paused:
        account.paused_at = now
    account.paused = True
    account.paused_by_error = by_error
    if error:
        record_channel_error(account, error, detail)
    result = db.session.execute(
        update(Delivery)
        .where(Delivery.office_id == account.office_id, Delivery.channel == account.channel,
               Delivery.status.in_(WAITING))
        .values(status=DeliveryStatus.PAUSED)
    )
    return result.rowcount


def resume_channel(account: ChannelAccount) -> int:
    """Send again: the paused rows are due now, their attempts counted afresh."""
    account.paused = False
    account.paused_by_error = False
    account.paused_at = None
    account.throttled_until = None
    result = db.session.execute(
        update(Delivery)
        .where(Delivery.office_id == account.office_id, Delivery.channel == account.channel,
               Delivery.status == DeliveryStatus.PAUSED)
        .values(status=DeliveryStatus.PENDING, next_attempt_at=utcnow(), attempts=0)
    )
    return result.rowcount


def record_channel_error(account: ChannelAccount, error: str, detail: str = "") -> None:
    account.last_error = error[:1000]
    account.error_detail = detail[:2000]
    account.last_error_at = utcnow()


def publishing_accounts(office_id: int) -> list[ChannelAccount]:
    """The office's accounts that get new publication rows: enabled and set up."""
    accounts = db.session.scalars(select(ChannelAccount).where(
        ChannelAccount.office_id == office_id, ChannelAccount.enabled.is_(True))).all()
    return [a for a in accounts if a.configured]
