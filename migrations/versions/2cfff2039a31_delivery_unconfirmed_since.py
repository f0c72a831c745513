"""deliveries.unconfirmed_since: since when a Facebook post may exist that no row has identified

Set by the worker's claim on a Facebook post row whose post id is not known; cleared when the
post is identified or proven absent. Withdrawing, superseding or cancelling such a row looks
for its post (created since then, with exactly its message, owned by no other row) and
deletes it, instead of cancelling blind (issue 17 §5).

Revision ID: 2cfff2039a31
Revises: d2b7e4a91c05
Create Date: 2026-12-06 20:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2cfff2039a31'
down_revision = 'd2b7e4a91c05'
branch_labels = None
depends_on = None


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


def downgrade():
    op.drop_column('deliveries', 'unconfirmed_since')
