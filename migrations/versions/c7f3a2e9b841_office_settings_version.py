"""a version number per office, raised whenever its intake settings change

A submission needs the office's deadline policies, holidays, categories, schools and work
groups. Every server process keeps them per office and checks this number, which comes with
the office row the request reads anyway, instead of reading them on every request; a change
made by an administrator raises it (in the same transaction), so every process reloads.

Revision ID: c7f3a2e9b841
Revises: c4e7a2f9b13d
Create Date: 2026-11-29 08:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7f3a2e9b841'
down_revision = 'c4e7a2f9b13d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settings_version', sa.Integer(), nullable=False,
                                      server_default=sa.text('0')))


def downgrade():
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('settings_version')
