"""publishing: outcome summaries and news links in approved versions; the approver role

Two tables. ``publications`` is one item of the public board (an outcome summary of a case,
or a news link) with the filters the board reads copied onto it and the number of its live,
approved version; ``publication_versions`` holds each text with its privacy findings, the
override of findings kept on purpose (who, when, why) and its approval (who, when).

``user_roles.role`` gains ``approver``: a user the administrator lets approve publications
besides the director. SQLite cannot alter a CHECK: batch mode rebuilds user_roles.

Downgrade drops both tables and narrows the role CHECK again; it refuses while approver
roles exist (taking a permission away silently is not a downgrade's business).

Revision ID: 7e2a9c4d1f60
Revises: b3d9f1a7c2e4
Create Date: 2026-11-29 05:08:45.050181

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e2a9c4d1f60'
down_revision = 'b3d9f1a7c2e4'
branch_labels = None
depends_on = None

# Written out, not imported: a revision keeps meaning what it meant when it was written.
OLD_ROLES = ('intake', 'case_officer', 'integrity', 'director', 'pr', 'admin')
NEW_ROLES = OLD_ROLES + ('approver',)


def _set_roles(roles):
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_user_roles_role'), sa.column('role').in_(roles))


def upgrade():
    _set_roles(NEW_ROLES)
    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('outcome', 'news', name='kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('state', sa.Enum('draft', 'published', 'withdrawn', name='state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('case_type', sa.Enum('complaint', 'suggestion', 'question', 'compliment', 'corruption', name='case_type', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('live_number', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.Column('withdraw_reason', sa.Text(), server_default=sa.text("('')"), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_publications_author_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_publications_case_id_cases')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_publications_category_id_categories')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_publications_district_id_districts')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_publications_office_id_offices')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_publications_school_id_schools')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['users.id'], name=op.f('fk_publications_withdrawn_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
    sa.UniqueConstraint('case_id', name=op.f('uq_publications_case_id'))
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index('ix_publication_board', ['office_id', 'state', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_publication_changes', ['office_id', 'updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_publications_office_id'), ['office_id'], unique=False)

    op.create_table('publication_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'awaiting_approval', 'approved', 'superseded', name='state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link_url', sa.String(length=500), server_default=sa.text("('')"), nullable=False),
    sa.Column('image_key', sa.String(length=80), nullable=True),
    sa.Column('image_mimetype', sa.String(length=60), server_default=sa.text("('')"), nullable=False),
    sa.Column('image_width', sa.Integer(), server_default='0', nullable=False),
    sa.Column('image_height', sa.Integer(), server_default='0', nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('privacy_flags', sa.Text(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('overridden_flags', sa.Text(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('override_reason', sa.Text(), server_default=sa.text("('')"), nullable=False),
    sa.Column('override_by_id', sa.Integer(), nullable=True),
    sa.Column('override_at', sa.DateTime(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_publication_versions_approved_by_id_users')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_publication_versions_author_id_users')),
    sa.ForeignKeyConstraint(['override_by_id'], ['users.id'], name=op.f('fk_publication_versions_override_by_id_users')),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_publication_versions_publication_id_publications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_versions')),
    sa.UniqueConstraint('publication_id', 'number', name=op.f('uq_publication_versions_publication_id'))
    )
    with op.batch_alter_table('publication_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publication_versions_publication_id'), ['publication_id'], unique=False)



def downgrade():
    approvers = op.get_bind().execute(
        sa.text("SELECT COUNT(*) FROM user_roles WHERE role = 'approver'")).scalar()
    if approvers:
        raise RuntimeError(
            f'cannot downgrade below 7e2a9c4d1f60: {approvers} user(s) hold the approver role')
    with op.batch_alter_table('publication_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publication_versions_publication_id'))

    op.drop_table('publication_versions')
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publications_office_id'))
        batch_op.drop_index('ix_publication_changes')
        batch_op.drop_index('ix_publication_board')

    op.drop_table('publications')
    _set_roles(OLD_ROLES)
