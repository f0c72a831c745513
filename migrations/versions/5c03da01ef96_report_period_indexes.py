"""indexes for counting a period's cases per office (transparency reports)

Revision ID: 5c03da01ef96
Revises: b3d9f1a7c2e4
Create Date: 2026-11-29 05:20:00

"""
from alembic import op

revision = '5c03da01ef96'
down_revision = 'b3d9f1a7c2e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_case_office_received', ['office_id', 'received_at'],
                              unique=False)
        batch_op.create_index('ix_case_office_original_received',
                              ['office_id', 'original_received_on'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_case_office_original_received')
        batch_op.drop_index('ix_case_office_received')
