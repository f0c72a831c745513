"""deliveries.unconfirmed_since: since when a Facebook post may exist that no row has identified

Set by the worker's claim on a Facebook post row whose post id is not known; cleared when the
post is identified or proven absent. Withdrawing, superseding or cancelling such a row looks
for its post (created since then, with exactly its message, owned by no other row) and
deletes it, instead of cancelling blind (issue 17 §5).

Revision ID: 2cfff2039a31
Revises: ae4202543194
Create Date: 2026-12-06 20:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2cfff2039a31'
down_revision = 'ae4202543194'
branch_labels = None
depends_on = None

# The note staff read while the worker looks (portal.delivery.publication.LOOKING after it).
RECHECK = ("ตรวจสอบย้อนหลัง — กำลังตรวจสอบว่ามีโพสต์ขึ้นบนเพจแล้วหรือไม่ "
           "(คำตอบของ Facebook ไม่มาถึงตอนส่ง) ถ้ามีจะลบออก")


def upgrade():
    # A nullable column: both databases add it in place (no table copy on SQLite).
    op.add_column('deliveries', sa.Column('unconfirmed_since', sa.DateTime(), nullable=True))
    # Rows still to send that were tried before this revision may have made a post: their
    # window opens when they were written, so that their next attempt looks first.
    op.execute(
        "UPDATE deliveries SET unconfirmed_since = created_at "
        "WHERE channel = 'facebook_page' AND action = 'post' AND remote_id IS NULL "
        "AND attempts > 0 "
        "AND status IN ('pending', 'sending', 'retrying', 'paused', 'failed')")
    # Rows cancelled blind before this revision (withdrawn, superseded or cancelled by staff
    # after a request whose answer was lost) may have left a post on the Page for good: the
    # worker looks for each once, as it now does before cancelling, and deletes what it finds.
    op.get_bind().execute(sa.text(
        "UPDATE deliveries SET unconfirmed_since = created_at, action = 'delete', "
        "status = 'pending', attempts = 0, next_attempt_at = created_at, note = :note "
        "WHERE channel = 'facebook_page' AND action = 'post' AND remote_id IS NULL "
        "AND attempts > 0 AND status = 'cancelled' AND removed_at IS NULL"), {"note": RECHECK})


def downgrade():
    op.drop_column('deliveries', 'unconfirmed_since')
