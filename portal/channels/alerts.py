"""A channel whose credentials were refused: paused once, administrators told once."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from portal.channels.settings import pause_channel
from portal.clock import utcnow
from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.links import public_url
from portal.models import ChannelAccount, DeliveryChannel, Office, Role, User, UserRole

CHANNEL_NAMES = {DeliveryChannel.FACEBOOK_PAGE: "เพจ Facebook",
                 DeliveryChannel.LINE_BROADCAST: "LINE Official Account"}


def pause_after_refusal(account: ChannelAccount, error: str, detail: str) -> bool:
    """Pause the channel; e-mail the office's administrators if this call paused it.

    The conditional UPDATE makes one worker the one that pauses, even with several running,
    so the administrators get one message per refusal, not one per worker or row.
    """
    first = db.session.execute(
        update(ChannelAccount)
        .where(ChannelAccount.id == account.id, ChannelAccount.paused.is_(False))
        .values(paused=True, paused_by_error=True, paused_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    pause_channel(account, error, detail, by_error=True)
    if first:
        notify_administrators(account, error)
    return first


def notify_administrators(account: ChannelAccount, error: str) -> int:
    office = db.session.get(Office, account.office_id)
    admins = db.session.scalars(
        select(User).join(UserRole).where(User.office_id == office.id, User.active.is_(True),
                                          UserRole.role == Role.ADMIN)).unique().all()
    name = CHANNEL_NAMES[account.channel]
    for admin in admins:
        enqueue_staff_email(
            office, admin.email, "channel_paused",
            _l("ระบบหยุดโพสต์ไปที่%(channel)sชั่วคราว โปรดบันทึกโทเค็นใหม่", channel=name),
            locale="th", channel_name=name, error=error, admin_name=admin.name,
            settings_url=public_url("admin.channels", office=office))
    return len(admins)
