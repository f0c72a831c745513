"""chat intake: webhook events, chat users, chat cases, outgoing chat messages, settings

LINE and Messenger webhook events are stored (unique per platform and event id) before the
webhook answers; the worker processes them and sends the ``chat_outgoing`` rows. Personal
data (ids, names, drafts, texts) is in encrypted text columns.

Revision ID: a7c2e9d4b318
Revises: 1e1dfa0b4f90
Create Date: 2026-12-06 23:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c2e9d4b318'
down_revision = '1e1dfa0b4f90'
branch_labels = None
depends_on = None

EMPTY = sa.text("''")


def upgrade():
    op.create_table(
        'chat_inbound_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('platform', sa.String(length=16), nullable=False),
        sa.Column('event_key', sa.String(length=120), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('redelivered', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.Column('claimed_by', sa.String(length=80), nullable=True),
        sa.Column('last_error', sa.Text(), server_default=EMPTY, nullable=False),
        sa.Column('case_event_id', sa.Integer(), nullable=True),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('processed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                                name='fk_chat_inbound_events_office_id_offices'),
        sa.ForeignKeyConstraint(['case_event_id'], ['case_events.id'],
                                name='fk_chat_inbound_events_case_event_id_case_events'),
        sa.PrimaryKeyConstraint('id', name='pk_chat_inbound_events'),
        sa.UniqueConstraint('platform', 'event_key', name='uq_chat_inbound_events_platform'),
    )
    op.create_index('ix_chat_inbound_due', 'chat_inbound_events',
                    ['status', 'next_attempt_at'], unique=False)
    op.create_index('ix_chat_inbound_events_office_id', 'chat_inbound_events', ['office_id'],
                    unique=False)
    op.create_index('ix_chat_inbound_events_case_event_id', 'chat_inbound_events',
                    ['case_event_id'], unique=False)

    op.create_table(
        'chat_users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('platform', sa.String(length=16), nullable=False),
        sa.Column('user_key', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Text(), nullable=False),
        sa.Column('is_group', sa.Boolean(), nullable=False),
        sa.Column('display_name', sa.Text(), nullable=True),
        sa.Column('state', sa.String(length=32), nullable=False),
        sa.Column('draft', sa.Text(), nullable=True),
        sa.Column('state_changed_at', sa.DateTime(), nullable=False),
        sa.Column('last_inbound_at', sa.DateTime(), nullable=True),
        sa.Column('greeted', sa.Boolean(), nullable=False),
        sa.Column('window_started_at', sa.DateTime(), nullable=True),
        sa.Column('window_events', sa.Integer(), nullable=False),
        sa.Column('limit_warned', sa.Boolean(), nullable=False),
        sa.Column('cases_day', sa.String(length=10), server_default=EMPTY, nullable=False),
        sa.Column('cases_today', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                                name='fk_chat_users_office_id_offices'),
        sa.PrimaryKeyConstraint('id', name='pk_chat_users'),
        sa.UniqueConstraint('office_id', 'platform', 'user_key',
                            name='uq_chat_users_office_id'),
    )
    op.create_index('ix_chat_users_office_id', 'chat_users', ['office_id'], unique=False)

    op.create_table(
        'chat_cases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('chat_user_id', sa.Integer(), nullable=False),
        sa.Column('platform', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name='fk_chat_cases_case_id_cases'),
        sa.ForeignKeyConstraint(['chat_user_id'], ['chat_users.id'],
                                name='fk_chat_cases_chat_user_id_chat_users'),
        sa.PrimaryKeyConstraint('id', name='pk_chat_cases'),
        sa.UniqueConstraint('case_id', name='uq_chat_cases_case_id'),
    )
    op.create_index('ix_chat_cases_chat_user_id', 'chat_cases', ['chat_user_id'], unique=False)

    op.create_table(
        'chat_outgoing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('chat_user_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('platform', sa.String(length=16), nullable=False),
        sa.Column('purpose', sa.String(length=40), nullable=False),
        sa.Column('messages', sa.Text(), nullable=False),
        sa.Column('reply_token', sa.Text(), nullable=True),
        sa.Column('reply_token_expires_at', sa.DateTime(), nullable=True),
        sa.Column('retry_key', sa.String(length=36), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.Column('claimed_by', sa.String(length=80), nullable=True),
        sa.Column('sent_via', sa.String(length=16), server_default=EMPTY, nullable=False),
        sa.Column('last_error', sa.Text(), server_default=EMPTY, nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                                name='fk_chat_outgoing_office_id_offices'),
        sa.ForeignKeyConstraint(['chat_user_id'], ['chat_users.id'],
                                name='fk_chat_outgoing_chat_user_id_chat_users'),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name='fk_chat_outgoing_case_id_cases'),
        sa.ForeignKeyConstraint(['event_id'], ['case_events.id'],
                                name='fk_chat_outgoing_event_id_case_events'),
        sa.PrimaryKeyConstraint('id', name='pk_chat_outgoing'),
        sa.UniqueConstraint('retry_key', name='uq_chat_outgoing_retry_key'),
    )
    op.create_index('ix_chat_outgoing_due', 'chat_outgoing', ['status', 'next_attempt_at'],
                    unique=False)
    for column in ('office_id', 'chat_user_id', 'case_id', 'event_id'):
        op.create_index(f'ix_chat_outgoing_{column}', 'chat_outgoing', [column], unique=False)

    op.create_table(
        'chat_channel_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('platform', sa.String(length=16), nullable=False),
        sa.Column('verify_token', sa.Text(), nullable=True),
        sa.Column('push_quota', sa.Integer(), nullable=False),
        sa.Column('push_month', sa.String(length=7), server_default=EMPTY, nullable=False),
        sa.Column('push_used', sa.Integer(), nullable=False),
        sa.Column('rich_menu_id', sa.String(length=100), server_default=EMPTY, nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                                name='fk_chat_channel_settings_office_id_offices'),
        sa.PrimaryKeyConstraint('id', name='pk_chat_channel_settings'),
        sa.UniqueConstraint('office_id', 'platform', name='uq_chat_channel_settings_office_id'),
    )
    op.create_index('ix_chat_channel_settings_office_id', 'chat_channel_settings',
                    ['office_id'], unique=False)


def downgrade():
    for table in ('chat_channel_settings', 'chat_outgoing', 'chat_cases', 'chat_users',
                  'chat_inbound_events'):
        op.drop_table(table)
