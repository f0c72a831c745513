"""the inbox's last activity, what the reporter wrote since staff looked, cached option lists

Cases get ``last_activity_at`` (the latest timeline entry) and ``reporter_activity_at`` (the
latest entry the reporter wrote after submitting), both filled from ``case_events``;
``case_reads`` keeps when each staff member last opened each case; offices get
``choices_version``, raised when the lists the staff pages offer change. The inbox's new
sort (last activity) reads the indexes that ``install_search_index`` creates.

Revision ID: c7e52a1d9b30
Revises: c7f3a2e9b841
Create Date: 2026-11-29 08:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.search.schema import install_search_index


# revision identifiers, used by Alembic.
revision = 'c7e52a1d9b30'
down_revision = 'c7f3a2e9b841'
branch_labels = None
depends_on = None

ACTIVITY_INDEXES = ('ix_inbox_cases_activity', 'ix_inbox_cases_open_activity')
BACKFILL = (
    "UPDATE cases SET last_activity_at = COALESCE("
    "(SELECT MAX(e.created_at) FROM case_events e WHERE e.case_id = cases.id), received_at)",
    "UPDATE cases SET reporter_activity_at = (SELECT MAX(e.created_at) FROM case_events e"
    " WHERE e.case_id = cases.id AND e.actor_type = 'reporter' AND e.kind <> 'submitted')",
)


def upgrade():
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('choices_version', sa.Integer(), server_default=sa.text('0'),
                                      nullable=False))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_activity_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reporter_activity_at', sa.DateTime(), nullable=True))
    for sql in BACKFILL:
        op.execute(sa.text(sql))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.alter_column('last_activity_at', existing_type=sa.DateTime(), nullable=False)
    op.create_table(
        'case_reads',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_reads_case_id_cases')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_case_reads_user_id_users')),
        sa.PrimaryKeyConstraint('user_id', 'case_id', name=op.f('pk_case_reads')),
    )
    with op.batch_alter_table('case_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_reads_case_id'), ['case_id'], unique=False)
    # SQLite rebuilt ``cases`` (its triggers went with it); both: the last-activity indexes.
    install_search_index(op.get_bind())


def downgrade():
    for name in ACTIVITY_INDEXES:
        op.execute(sa.text(f'DROP INDEX IF EXISTS {name}'))
    with op.batch_alter_table('case_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_reads_case_id'))
    op.drop_table('case_reads')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('reporter_activity_at')
        batch_op.drop_column('last_activity_at')
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('choices_version')
    if op.get_bind().dialect.name == 'sqlite':
        install_search_index(op.get_bind())
