"""A correspondent's LINE chat link: who confirmed the join in the office's OA

``network_correspondents.chat_user_id`` (portal/network/models.py): the chat user who sent the
join code "เข้าร่วม <code>", so that the quiet-school reminder reaches them in LINE as well.
Only the key of the chat's row: the LINE id stays there, encrypted, found by its keyed hash.

Revision ID: adf2fc2e9c63
Revises: c4d9e2a7f150
Create Date: 2026-12-07 04:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "adf2fc2e9c63"
down_revision = "c4d9e2a7f150"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("network_correspondents") as batch:
        batch.add_column(sa.Column("chat_user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_network_correspondents_chat_user_id_chat_users",
            "chat_users",
            ["chat_user_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(
            "ix_network_correspondents_chat_user_id", ["chat_user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("network_correspondents") as batch:
        batch.drop_index("ix_network_correspondents_chat_user_id")
        batch.drop_constraint(
            "fk_network_correspondents_chat_user_id_chat_users", type_="foreignkey"
        )
        batch.drop_column("chat_user_id")
