"""report versions' disclosure rules, the k-anonymous data set's XLSX and JSON, report views

Issue 16 (published figures must never point at a whistleblower).
report_versions.disclosure_rules records the rule set a version was published under: every
version published so far was published under the first (1); `flask report republish`
publishes a correction under the current rules and the older versions stop being served.
report_files.kind gains cases_xlsx and cases_json (the case-level data set besides its CSV);
the column is a VARCHAR with a CHECK (no native enum on PostgreSQL), so the CHECK is
widened (SQLite rebuilds the table in batch mode). report_views records every opening of a
report's unsuppressed figures by staff; like the account audit log it is append-only.

Downgrade refuses while files of the new kinds exist: deleting published files is not a
downgrade's business.

Revision ID: ae4202543194
Revises: b8c1d4e7f2a6
Create Date: 2026-12-06 20:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.oversight.append_only import install_append_only, remove_append_only


# revision identifiers, used by Alembic.
revision = 'ae4202543194'
down_revision = 'b8c1d4e7f2a6'
branch_labels = None
depends_on = None

# Written out, not imported: a revision keeps meaning what it meant when it was written.
FIRST_FILE_KINDS = ('pdf', 'csv', 'xlsx', 'json', 'cases_csv')
ALL_FILE_KINDS = FIRST_FILE_KINDS + ('cases_xlsx', 'cases_json')
VIEW_KINDS = ('page', 'pdf')


def _set_file_kinds(kinds):
    with op.batch_alter_table('report_files', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_report_files_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_report_files_kind'),
                                         sa.column('kind').in_(kinds))


def upgrade():
    _set_file_kinds(ALL_FILE_KINDS)
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disclosure_rules', sa.Integer(), server_default='1',
                                      nullable=False))
    op.create_table('report_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.Enum(*VIEW_KINDS, name='kind', native_enum=False,
                              create_constraint=True, length=32), nullable=False),
    sa.Column('ip_address', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                            name=op.f('fk_report_views_office_id_offices')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_report_views_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_views'))
    )
    with op.batch_alter_table('report_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_views_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_report_views_office_id'), ['office_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_report_views_user_id'), ['user_id'],
                              unique=False)
    install_append_only(op.get_bind(), 'report_views')


def downgrade():
    newer = op.get_bind().execute(
        sa.text('SELECT COUNT(*) FROM report_files WHERE kind NOT IN :kinds')
        .bindparams(sa.bindparam('kinds', expanding=True)),
        {'kinds': list(FIRST_FILE_KINDS)},
    ).scalar()
    if newer:
        raise RuntimeError(
            f'cannot downgrade below ae4202543194: report_files holds {newer} files of the '
            'case-level XLSX and JSON kinds, which the older schema refuses'
        )
    remove_append_only(op.get_bind(), 'report_views')
    with op.batch_alter_table('report_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_views_user_id'))
        batch_op.drop_index(batch_op.f('ix_report_views_office_id'))
        batch_op.drop_index(batch_op.f('ix_report_views_created_at'))
    op.drop_table('report_views')
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.drop_column('disclosure_rules')
    _set_file_kinds(FIRST_FILE_KINDS)
