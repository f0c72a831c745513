"""offices managed nationally: province and archiving, the national role, its case grants
and log, and the national figures' cached rollups

An archived office takes no new cases; its cases, reports and board stay readable. National
members see figures across offices and manage offices; they see a case of an office only
while that office's director has granted it. Their log refuses UPDATE and DELETE.

Revision ID: 5a7d2c9e1f38
Revises: f3a8c1d5e927
Create Date: 2026-12-06 23:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.oversight.append_only import install_append_only, remove_append_only


# revision identifiers, used by Alembic.
revision = '5a7d2c9e1f38'
down_revision = 'f3a8c1d5e927'
branch_labels = None
depends_on = None


GRANT_STATUSES = ('pending', 'confirmed', 'declined')


def upgrade():
    with op.batch_alter_table('offices') as batch:
        batch.add_column(sa.Column('province_th', sa.String(length=100), nullable=False,
                                   server_default=sa.text("''")))
        batch.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))
    op.create_table(
        'national_members',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_national_members_user_id_users')),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_national_members')),
    )
    op.create_table(
        'national_case_grants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('status', sa.Enum(*GRANT_STATUSES, name='status', native_enum=False,
                                    create_constraint=True, length=32), nullable=False,
                  server_default=sa.text("'pending'")),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_national_case_grants_user_id_users')),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                                name=op.f('fk_national_case_grants_office_id_offices')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'],
                                name=op.f('fk_national_case_grants_decided_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_national_case_grants')),
    )
    op.create_index(op.f('ix_national_case_grants_user_id'), 'national_case_grants',
                    ['user_id'])
    op.create_index(op.f('ix_national_case_grants_office_id'), 'national_case_grants',
                    ['office_id'])
    op.create_table(
        'national_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('office_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False, server_default=sa.text("''")),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_national_log_user_id_users')),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                                name=op.f('fk_national_log_office_id_offices')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_national_log')),
    )
    op.create_index(op.f('ix_national_log_created_at'), 'national_log', ['created_at'])
    op.create_table(
        'national_rollups',
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=32), nullable=False),
        sa.Column('figures_json', sa.Text(), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                                name=op.f('fk_national_rollups_office_id_offices')),
        sa.PrimaryKeyConstraint('office_id', 'period', name=op.f('pk_national_rollups')),
    )
    install_append_only(op.get_bind(), 'national_log')


def downgrade():
    remove_append_only(op.get_bind(), 'national_log')
    op.drop_table('national_rollups')
    op.drop_table('national_log')
    op.drop_table('national_case_grants')
    op.drop_table('national_members')
    with op.batch_alter_table('offices') as batch:
        batch.drop_column('archived_at')
        batch.drop_column('province_th')
