"""a partial index of the deliveries a worker may claim, in claiming order

Sent, failed and cancelled rows are most of ``deliveries``; the worker's claim reads this
index in ``next_attempt_at`` order up to a batch instead of sorting every due row.

Revision ID: d2b7e4a91c05
Revises: c7e52a1d9b30
Create Date: 2026-11-29 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2b7e4a91c05'
down_revision = 'c7e52a1d9b30'
branch_labels = None
depends_on = None

CLAIMABLE = "status IN ('pending', 'retrying', 'sending')"


def upgrade():
    op.create_index('ix_delivery_claimable', 'deliveries', ['next_attempt_at'], unique=False,
                    postgresql_where=sa.text(CLAIMABLE), sqlite_where=sa.text(CLAIMABLE))


def downgrade():
    op.drop_index('ix_delivery_claimable', table_name='deliveries')
