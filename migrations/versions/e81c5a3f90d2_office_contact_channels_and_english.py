"""an office's contact channels and its English address and DPO contact

The public "how it works" page names telephone, LINE and Facebook as channels: each office
now keeps its LINE Official Account ID beside the telephone, e-mail and Facebook page it
already had, and its address and data protection officer's contact in English, for the
English footer and privacy notice. Existing offices get empty values (shown as absent).

Revision ID: e81c5a3f90d2
Revises: b3d9f1a7c2e4
Create Date: 2026-11-29 05:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e81c5a3f90d2'
down_revision = 'b3d9f1a7c2e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address_en', sa.Text(), nullable=False,
                                      server_default=sa.text("''")))
        batch_op.add_column(sa.Column('dpo_contact_en', sa.Text(), nullable=False,
                                      server_default=sa.text("''")))
        batch_op.add_column(sa.Column('line_id', sa.String(length=40), nullable=False,
                                      server_default=sa.text("''")))


def downgrade():
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('line_id')
        batch_op.drop_column('dpo_contact_en')
        batch_op.drop_column('address_en')
