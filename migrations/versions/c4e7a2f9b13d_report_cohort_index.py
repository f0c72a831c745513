"""one covering index for the transparency report's period counts

A report counts the cases an office received in a period: by arrival (``received_at``) when
``original_received_on`` is empty, else by that original day. The index leads with
``(office_id, original_received_on, received_at)`` so both branches are one range each, and
holds every column the report's aggregates read, so a month or a fiscal year is counted from
the index alone, without visiting the wide case rows (subjects, descriptions). It replaces
``ix_case_office_original_received``, its prefix.

Revision ID: c4e7a2f9b13d
Revises: 9d1e4b7a2c53
Create Date: 2026-11-29 08:30:00

"""
from alembic import op

revision = 'c4e7a2f9b13d'
down_revision = '9d1e4b7a2c53'
branch_labels = None
depends_on = None

REPORT_COLUMNS = [
    'office_id', 'original_received_on', 'received_at', 'case_type', 'status', 'channel',
    'outcome', 'decline_reason', 'category_id', 'school_id', 'disputed_count',
    'reopened_count', 'reply_due_at', 'reporter_informed_at', 'paused_since',
    'acknowledged_at', 'resolved_at',
]


def upgrade():
    op.create_index('ix_case_report_cohort', 'cases', REPORT_COLUMNS, unique=False)
    op.drop_index('ix_case_office_original_received', table_name='cases')


def downgrade():
    op.create_index('ix_case_office_original_received', 'cases',
                    ['office_id', 'original_received_on'], unique=False)
    op.drop_index('ix_case_report_cohort', table_name='cases')
