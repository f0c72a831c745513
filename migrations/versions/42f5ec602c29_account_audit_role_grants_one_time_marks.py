"""account audit log (append-only), second-person role grants, one-time marks, case view kinds

Issue 7 (reporter protection). account_audit_log records every change to a staff account;
triggers refuse UPDATE and DELETE on both backends (and TRUNCATE on PostgreSQL). role_grants
holds an administrator's request to give the integrity or director role until a second person
confirms it. one_time_marks makes "shown once" a server-side fact for the fresh receipt and a
new account's password. case_views.kind tells an opened case from one seen in the inbox list
or a CSV export; existing rows were all openings.

Revision ID: 42f5ec602c29
Revises: b3d9f1a7c2e4
Create Date: 2026-11-29 05:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.oversight.append_only import install_append_only, remove_append_only


# revision identifiers, used by Alembic.
revision = '42f5ec602c29'
down_revision = 'b3d9f1a7c2e4'
branch_labels = None
depends_on = None

# Written out, not imported: a revision keeps meaning what it meant when it was written.
ACCOUNT_ACTIONS = ('created', 'roles_changed', 'groups_changed', 'deactivated', 'reactivated',
                   'two_factor_reset', 'grant_requested', 'grant_confirmed', 'grant_declined')
ROLES = ('intake', 'case_officer', 'integrity', 'director', 'pr', 'admin')
GRANT_STATUSES = ('pending', 'confirmed', 'declined')
PURPOSES = ('receipt', 'initial_password')
VIEW_KINDS = ('opened', 'listed', 'exported')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    op.create_table('account_audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('action', _enum(ACCOUNT_ACTIONS, 'action'), nullable=False),
    sa.Column('detail', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'],
                            name=op.f('fk_account_audit_log_actor_id_users')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                            name=op.f('fk_account_audit_log_office_id_offices')),
    sa.ForeignKeyConstraint(['target_id'], ['users.id'],
                            name=op.f('fk_account_audit_log_target_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_audit_log'))
    )
    with op.batch_alter_table('account_audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_audit_log_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_account_audit_log_office_id'), ['office_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_account_audit_log_target_id'), ['target_id'],
                              unique=False)
    install_append_only(op.get_bind(), 'account_audit_log')

    op.create_table('role_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', _enum(ROLES, 'role'), nullable=False),
    sa.Column('status', _enum(GRANT_STATUSES, 'status'), server_default='pending',
              nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'],
                            name=op.f('fk_role_grants_decided_by_id_users')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                            name=op.f('fk_role_grants_office_id_offices')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                            name=op.f('fk_role_grants_requested_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_role_grants_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grants'))
    )
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grants_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grants_user_id'), ['user_id'], unique=False)

    op.create_table('one_time_marks',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('purpose', _enum(PURPOSES, 'purpose'), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_one_time_marks'))
    )
    with op.batch_alter_table('one_time_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_one_time_marks_expires_at'), ['expires_at'],
                              unique=False)

    with op.batch_alter_table('case_views', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), server_default='opened',
                                      nullable=False))
        batch_op.create_check_constraint(op.f('ck_case_views_kind'),
                                         sa.column('kind').in_(VIEW_KINDS))


def downgrade():
    with op.batch_alter_table('case_views', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_case_views_kind'), type_='check')
        batch_op.drop_column('kind')

    with op.batch_alter_table('one_time_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_one_time_marks_expires_at'))
    op.drop_table('one_time_marks')

    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grants_user_id'))
        batch_op.drop_index(batch_op.f('ix_role_grants_office_id'))
    op.drop_table('role_grants')

    remove_append_only(op.get_bind(), 'account_audit_log')
    with op.batch_alter_table('account_audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_audit_log_target_id'))
        batch_op.drop_index(batch_op.f('ix_account_audit_log_office_id'))
        batch_op.drop_index(batch_op.f('ix_account_audit_log_created_at'))
    op.drop_table('account_audit_log')
