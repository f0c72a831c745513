"""sign-in failures counted per account and address, no longer on the account row

The account-wide lock (users.failed_sign_ins, users.locked_until) let anyone who knew a staff
member's e-mail lock them out every 15 minutes, and told them the account existed. Failures
are now counted per account *and* address in the rate limiter's storage
(portal/auth/limits.py), so these two columns go. A lock in force at upgrade time is dropped
with them; downgrade brings the columns back empty (no account locked).

Revision ID: 038741537653
Revises: b3d9f1a7c2e4
Create Date: 2026-11-29 05:35:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '038741537653'
down_revision = 'b3d9f1a7c2e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_sign_ins')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_sign_ins', sa.Integer(), nullable=False,
                                      server_default=sa.text("'0'")))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))
