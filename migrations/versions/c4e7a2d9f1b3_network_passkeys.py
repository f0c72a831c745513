"""Correspondents' passkeys (network_passkeys)

Revision ID: c4e7a2d9f1b3
Revises: d5e1a7c3b902
Create Date: 2026-12-07 00:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c4e7a2d9f1b3"
down_revision = 'd5e1a7c3b902'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "network_passkeys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("correspondent_id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.String(length=1400), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("sign_count", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column(
            "transports", sa.String(length=200), server_default=sa.text("''"), nullable=False
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["correspondent_id"],
            ["network_correspondents.id"],
            name=op.f("fk_network_passkeys_correspondent_id_network_correspondents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_passkeys")),
        sa.UniqueConstraint("credential_id", name=op.f("uq_network_passkeys_credential_id")),
    )
    with op.batch_alter_table("network_passkeys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_network_passkeys_correspondent_id"), ["correspondent_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("network_passkeys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_passkeys_correspondent_id"))
    op.drop_table("network_passkeys")
