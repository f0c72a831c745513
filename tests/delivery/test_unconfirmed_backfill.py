"""Revision 2cfff2039a31: Facebook rows tried before it look for their post on their next
attempt (their window opens when they were written); rows cancelled blind after a try are
looked for once and their post deleted if found; nothing else is touched."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.test_migrations import _old_row, empty_database, migrated  # noqa: F401

BEFORE = "d2b7e4a91c05"
WRITTEN = datetime(2026, 12, 1, 9, 30)


def test_rows_tried_before_the_revision_get_their_window(migrated):  # noqa: F811
    downgrade(revision=BEFORE)
    offices = sa.Table("offices", sa.MetaData(), autoload_with=db.engine)
    deliveries = sa.Table("deliveries", sa.MetaData(), autoload_with=db.engine)
    with db.engine.begin() as conn:
        conn.execute(offices.insert().values(**_old_row(offices)))
        for n, (channel, status, attempts, remote_id) in enumerate([
            ("facebook_page", "retrying", 1, None),  # tried, answer lost: marked
            ("facebook_page", "failed", 7, None),  # gave up, may be up: marked
            ("facebook_page", "pending", 0, None),  # never tried: not marked
            ("facebook_page", "sent", 1, "102030405060_1"),  # identified: not marked
            ("line_broadcast", "retrying", 1, None),  # LINE has its retry key: not marked
            ("facebook_page", "cancelled", 1, None),  # withdrawn blind after a try: looked for
            ("facebook_page", "cancelled", 0, None),  # withdrawn before any try: left alone
        ]):
            conn.execute(deliveries.insert().values(
                office_id=1, channel=channel, purpose="publish_outcome", recipient="",
                subject="", body_text="", body_html="", message_id=f"m{n}", status=status,
                action="post", attempts=attempts, next_attempt_at=WRITTEN, last_error="",
                created_at=WRITTEN, remote_id=remote_id, subject_kind="outcome",
                subject_id=n, version=1))
    upgrade(revision="heads")
    with db.engine.connect() as conn:
        marked = conn.execute(sa.text(
            "SELECT message_id, unconfirmed_since, action, status FROM deliveries "
            "ORDER BY message_id")).all()
    assert [(m, str(since)[:16] if since else None, action, status)
            for m, since, action, status in marked] == [
        ("m0", "2026-12-01 09:30", "post", "retrying"),
        ("m1", "2026-12-01 09:30", "post", "failed"),
        ("m2", None, "post", "pending"), ("m3", None, "post", "sent"),
        ("m4", None, "post", "retrying"),
        ("m5", "2026-12-01 09:30", "delete", "pending"),
        ("m6", None, "post", "cancelled")]
