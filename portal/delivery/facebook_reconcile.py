"""Finding the Facebook post a row may have made when its answer never came back.

A post request can reach Facebook and its answer be lost: a 5xx, a dropped connection, a
timeout, a worker killed mid-send. The row then has no post id. Before such a row is posted
again, withdrawn, superseded or cancelled, the worker looks for the post it may have made and
adopts it (or deletes it).

What identifies the post is not anything an author can type. Text is theirs: a draft that
quotes another item's reference tag must not make the worker adopt, and later delete, the
other item's post. A post is this row's only when all three hold:

- it was **created inside the row's window**: not before ``unconfirmed_since`` (the claim
  of the first request that may have made it, written before that request went out), less
  ``CLOCK_SKEW`` for Facebook's clock, and not after now;
- its **id is owned by no other item**: every id Facebook ever returned, or that a lookup
  adopted, is kept in ``deliveries.remote_id``, and a post claimed by another item's row is
  never taken, whatever its text;
- its message is **exactly** the one this row sends (line endings and outer spaces aside),
  which the portal ends with the version's own reference tag: quoting another tag inside a
  text makes a different message, never an equal one.

Several posts may pass only if the same exact message was posted twice by this row's own
retries; the oldest is adopted and the rest are deleted, so the page keeps one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.channels.facebook import FacebookPage, Post
from portal.channels.message import facebook_message
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Delivery, DeliveryAction, DeliveryChannel

CLOCK_SKEW = timedelta(minutes=5)  # Facebook's clock against ours, generously


def may_have_posted(row: Delivery) -> bool:
    """A Facebook post row that a request may have posted without our learning the post id."""
    return (row.channel is DeliveryChannel.FACEBOOK_PAGE and row.action is DeliveryAction.POST
            and row.remote_id is None and row.unconfirmed_since is not None)


def find_own_posts(page: FacebookPage, row: Delivery,
                   since: datetime | None = None) -> list[Post]:
    """This row's posts on the page (see the module's rules), oldest first; usually 0 or 1.

    ``since``: an earlier start of the window than the row's own (Facebook's 506 "duplicate"
    names a post that an earlier version of the same item may have made).
    """
    start = min(x for x in (since, row.unconfirmed_since) if x is not None) \
        if since or row.unconfirmed_since else None
    if start is None:
        return []
    since = start - CLOCK_SKEW
    until = utcnow() + CLOCK_SKEW
    wanted = normal_message(facebook_message(row.message))
    candidates = [p for p in page.posts_since(since)
                  if normal_message(p.message) == wanted
                  and (p.created is None or since <= p.created <= until)]
    if not candidates:
        return []
    owned = _owned_elsewhere(row, [p.id for p in candidates])
    mine = [p for p in candidates if p.id not in owned]
    return sorted(mine, key=lambda p: (p.created is None, p.created or since, p.id))


def _owned_elsewhere(row: Delivery, post_ids: list[str]) -> set[str]:
    """Of ``post_ids``, those another item's rows (any version, any state) hold."""
    return set(db.session.scalars(select(Delivery.remote_id).where(
        Delivery.office_id == row.office_id, Delivery.channel == DeliveryChannel.FACEBOOK_PAGE,
        Delivery.remote_id.in_(post_ids),
        (Delivery.subject_kind != row.subject_kind) | (Delivery.subject_id != row.subject_id),
    )).all())


def normal_message(message: str) -> str:
    """A message as compared: line endings, trailing and outer spaces aside."""
    return "\n".join(line.rstrip() for line in
                     (message or "").replace("\r\n", "\n").strip().split("\n"))
