"""Purge of chat identities, chat messages and network contact details

Three counters on ``purge_runs`` (portal/models/privacy.py), zero for the runs before, and
``purged_at`` on the chat tables whose personal data the purge empties.

Revision ID: c4d9e2a7f150
Revises: c4e7a2d9f1b3
Create Date: 2026-12-07 00:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4d9e2a7f150"
down_revision = 'c4e7a2d9f1b3'
branch_labels = None
depends_on = None

COUNTERS = ("chat_users", "chat_messages", "network_contacts")
CHAT_TABLES = ("chat_inbound_events", "chat_users", "chat_outgoing")


def upgrade():
    with op.batch_alter_table("purge_runs") as batch:
        for name in COUNTERS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    for table in CHAT_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("purged_at", sa.DateTime(), nullable=True))


def downgrade():
    for table in reversed(CHAT_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("purged_at")
    with op.batch_alter_table("purge_runs") as batch:
        for name in reversed(COUNTERS):
            batch.drop_column(name)
