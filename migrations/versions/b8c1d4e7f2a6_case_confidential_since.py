"""when a case went on the confidential track, and its type and category before

Published figures keep counting a case in the general stream for a month already published
while it was general there, so that no later publication subtracts it away to a school
(portal/reports/README.md, "Disclosure control"). Existing confidential cases are dated
from their arrival: never published as general under the current rules.

Revision ID: b8c1d4e7f2a6
Revises: d2b7e4a91c05
Create Date: 2026-12-06 13:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.search.schema import install_search_index


# revision identifiers, used by Alembic.
revision = 'b8c1d4e7f2a6'
down_revision = 'd2b7e4a91c05'
branch_labels = None
depends_on = None


OLD_REPORT_COLUMNS = [
    'office_id', 'original_received_on', 'received_at', 'case_type', 'status', 'channel',
    'outcome', 'decline_reason', 'category_id', 'school_id', 'disputed_count',
    'reopened_count', 'reply_due_at', 'reporter_informed_at', 'paused_since',
    'acknowledged_at', 'resolved_at',
]
# The report tells the streams apart by these: the covering index holds them too.
REPORT_COLUMNS = OLD_REPORT_COLUMNS + [
    'confidential', 'confidential_since', 'general_type', 'general_category_id']


def upgrade():
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('confidential_since', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('general_type', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('general_category_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_cases_general_category_id_categories', 'categories',
                                 ['general_category_id'], ['id'])
    op.execute("UPDATE cases SET confidential_since = received_at "
               "WHERE confidential = true OR case_type = 'corruption'")
    op.drop_index('ix_case_report_cohort', table_name='cases')
    op.create_index('ix_case_report_cohort', 'cases', REPORT_COLUMNS, unique=False)
    # SQLite rebuilt ``cases``: its search triggers and the inbox indexes went with it.
    install_search_index(op.get_bind())


def downgrade():
    op.drop_index('ix_case_report_cohort', table_name='cases')
    op.create_index('ix_case_report_cohort', 'cases', OLD_REPORT_COLUMNS, unique=False)
    with op.batch_alter_table('cases') as batch:
        batch.drop_constraint('fk_cases_general_category_id_categories', type_='foreignkey')
        batch.drop_column('general_category_id')
        batch.drop_column('general_type')
        batch.drop_column('confidential_since')
    install_search_index(op.get_bind())
