"""offices managed nationally: an office's province, and when it was archived

An archived office takes no new cases; its cases, reports and board stay readable.

Revision ID: 5a7d2c9e1f38
Revises: f3a8c1d5e927
Create Date: 2026-12-06 23:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a7d2c9e1f38'
down_revision = 'f3a8c1d5e927'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('offices') as batch:
        batch.add_column(sa.Column('province_th', sa.String(length=100), nullable=False,
                                   server_default=sa.text("''")))
        batch.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('offices') as batch:
        batch.drop_column('archived_at')
        batch.drop_column('province_th')
