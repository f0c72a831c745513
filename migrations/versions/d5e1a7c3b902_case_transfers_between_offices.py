"""Cross-office referral: the record of each case transferred to another office

New table only (portal/referral/models.py).

Revision ID: d5e1a7c3b902
Revises: e5b2d7c19a84
Create Date: 2026-12-07 00:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5e1a7c3b902'
down_revision = 'e5b2d7c19a84'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_case_id', sa.Integer(), nullable=False),
    sa.Column('to_case_id', sa.Integer(), nullable=False),
    sa.Column('from_office_id', sa.Integer(), nullable=False),
    sa.Column('to_office_id', sa.Integer(), nullable=False),
    sa.Column('from_number', sa.String(length=32), nullable=False),
    sa.Column('receipt_hash', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('files_copied', sa.Integer(), nullable=False),
    sa.Column('events_copied', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_case_transfers_actor_user_id_users')),
    sa.ForeignKeyConstraint(['from_case_id'], ['cases.id'], name=op.f('fk_case_transfers_from_case_id_cases')),
    sa.ForeignKeyConstraint(['from_office_id'], ['offices.id'], name=op.f('fk_case_transfers_from_office_id_offices')),
    sa.ForeignKeyConstraint(['to_case_id'], ['cases.id'], name=op.f('fk_case_transfers_to_case_id_cases')),
    sa.ForeignKeyConstraint(['to_office_id'], ['offices.id'], name=op.f('fk_case_transfers_to_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_transfers')),
    sa.UniqueConstraint('from_case_id', name=op.f('uq_case_transfers_from_case_id')),
    sa.UniqueConstraint('to_case_id', name=op.f('uq_case_transfers_to_case_id'))
    )
    with op.batch_alter_table('case_transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_transfers_from_number'), ['from_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_transfers_from_office_id'), ['from_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_transfers_to_office_id'), ['to_office_id'], unique=False)


def downgrade():
    op.drop_table('case_transfers')
