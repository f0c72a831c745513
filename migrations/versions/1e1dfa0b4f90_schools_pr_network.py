"""the schools' PR network: correspondents, the PR committee, invitations, school news, share
links per school and monthly coverage figures

Contact details (names, phones, e-mail addresses, LINE IDs) are Fernet-encrypted text columns;
e-mail addresses and tokens are found by keyed hashes. Only new tables: nothing existing
changes, so downgrade drops them.

Revision ID: 1e1dfa0b4f90
Revises: 5a7d2c9e1f38
Create Date: 2026-12-06 23:12:32.681569

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1e1dfa0b4f90'
down_revision = '5a7d2c9e1f38'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('network_coverage_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_network_coverage_figures_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_coverage_figures')),
    sa.UniqueConstraint('office_id', 'month', 'name', name=op.f('uq_network_coverage_figures_office_id'))
    )
    with op.batch_alter_table('network_coverage_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_coverage_figures_office_id'), ['office_id'], unique=False)

    op.create_table('network_committee_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('position', sa.String(length=200), server_default=sa.text("''"), nullable=False),
    sa.Column('role', sa.Enum('chair', 'member', 'secretary', name='committee_role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('line_id', sa.Text(), nullable=True),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_network_committee_members_office_id_offices')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_network_committee_members_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_committee_members'))
    )
    with op.batch_alter_table('network_committee_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_committee_members_office_id'), ['office_id'], unique=False)

    op.create_table('network_correspondents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('main', 'deputy', name='kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('position', sa.Text(), nullable=True),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('line_id', sa.Text(), nullable=True),
    sa.Column('email_digest', sa.String(length=80), nullable=True),
    sa.Column('session_version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=True),
    sa.Column('last_sign_in_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_network_correspondents_office_id_offices')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_network_correspondents_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_correspondents'))
    )
    with op.batch_alter_table('network_correspondents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_correspondents_email_digest'), ['email_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_correspondents_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_correspondents_school_id'), ['school_id'], unique=False)

    op.create_table('network_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('token_digest', sa.String(length=80), nullable=False),
    sa.Column('token', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('pending', sa.Text(), nullable=True),
    sa.Column('code_digest', sa.String(length=80), nullable=True),
    sa.Column('code_expires_at', sa.DateTime(), nullable=True),
    sa.Column('code_failures', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_network_invitations_created_by_id_users')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_network_invitations_office_id_offices')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_network_invitations_revoked_by_id_users')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_network_invitations_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_invitations')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_network_invitations_token_digest'))
    )
    with op.batch_alter_table('network_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_invitations_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_invitations_school_id'), ['school_id'], unique=False)

    op.create_table('network_school_profiles',
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('page_url', sa.String(length=300), server_default=sa.text("''"), nullable=False),
    sa.Column('joined_groups', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('joined_groups_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_network_school_profiles_office_id_offices')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_network_school_profiles_school_id_schools')),
    sa.PrimaryKeyConstraint('school_id', name=op.f('pk_network_school_profiles'))
    )
    with op.batch_alter_table('network_school_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_school_profiles_office_id'), ['office_id'], unique=False)

    op.create_table('network_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('correspondent_id', sa.Integer(), nullable=True),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('fields', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['correspondent_id'], ['network_correspondents.id'], name=op.f('fk_network_changes_correspondent_id_network_correspondents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_network_changes_office_id_offices')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_network_changes_school_id_schools')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_network_changes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_changes'))
    )
    with op.batch_alter_table('network_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_changes_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_changes_office_id'), ['office_id'], unique=False)

    op.create_table('network_sign_in_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('correspondent_id', sa.Integer(), nullable=False),
    sa.Column('token_digest', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['correspondent_id'], ['network_correspondents.id'], name=op.f('fk_network_sign_in_links_correspondent_id_network_correspondents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_sign_in_links')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_network_sign_in_links_token_digest'))
    )
    with op.batch_alter_table('network_sign_in_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_sign_in_links_correspondent_id'), ['correspondent_id'], unique=False)

    op.create_table('network_news',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('correspondent_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('submitted', 'accepted', 'published', 'returned', name='news_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('post_url', sa.String(length=500), server_default=sa.text("''"), nullable=False),
    sa.Column('consent_confirmed', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('faces', sa.Enum('none', 'consented', 'unsure', name='faces', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('photos_checked_by_id', sa.Integer(), nullable=True),
    sa.Column('photos_checked_at', sa.DateTime(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('returned_at', sa.DateTime(), nullable=True),
    sa.Column('editor_note', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_network_news_accepted_by_id_users')),
    sa.ForeignKeyConstraint(['correspondent_id'], ['network_correspondents.id'], name=op.f('fk_network_news_correspondent_id_network_correspondents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_network_news_office_id_offices')),
    sa.ForeignKeyConstraint(['photos_checked_by_id'], ['users.id'], name=op.f('fk_network_news_photos_checked_by_id_users')),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_network_news_publication_id_publications')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_network_news_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_news')),
    sa.UniqueConstraint('publication_id', name=op.f('uq_network_news_publication_id'))
    )
    with op.batch_alter_table('network_news', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_news_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_news_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_news_submitted_at'), ['submitted_at'], unique=False)

    op.create_table('network_share_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('clicks', sa.Integer(), server_default='0', nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('shared_at', sa.DateTime(), nullable=True),
    sa.Column('shared_by_id', sa.Integer(), nullable=True),
    sa.Column('post_url', sa.String(length=500), server_default=sa.text("''"), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_network_share_links_office_id_offices')),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_network_share_links_publication_id_publications')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_network_share_links_school_id_schools')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['network_correspondents.id'], name=op.f('fk_network_share_links_opened_by_id_network_correspondents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['shared_by_id'], ['network_correspondents.id'], name=op.f('fk_network_share_links_shared_by_id_network_correspondents'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_share_links')),
    sa.UniqueConstraint('code', name=op.f('uq_network_share_links_code')),
    sa.UniqueConstraint('publication_id', 'school_id', name=op.f('uq_network_share_links_publication_id'))
    )
    with op.batch_alter_table('network_share_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_share_links_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_share_links_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_share_links_school_id'), ['school_id'], unique=False)

    op.create_table('network_news_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('news_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('mimetype', sa.String(length=60), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['news_id'], ['network_news.id'], name=op.f('fk_network_news_photos_news_id_network_news')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_news_photos'))
    )
    with op.batch_alter_table('network_news_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_news_photos_news_id'), ['news_id'], unique=False)



def downgrade():
    with op.batch_alter_table('network_news_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_news_photos_news_id'))

    op.drop_table('network_news_photos')
    with op.batch_alter_table('network_share_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_share_links_school_id'))
        batch_op.drop_index(batch_op.f('ix_network_share_links_publication_id'))
        batch_op.drop_index(batch_op.f('ix_network_share_links_office_id'))

    op.drop_table('network_share_links')
    with op.batch_alter_table('network_news', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_news_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_network_news_school_id'))
        batch_op.drop_index(batch_op.f('ix_network_news_office_id'))

    op.drop_table('network_news')
    with op.batch_alter_table('network_sign_in_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_sign_in_links_correspondent_id'))

    op.drop_table('network_sign_in_links')
    with op.batch_alter_table('network_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_changes_office_id'))
        batch_op.drop_index(batch_op.f('ix_network_changes_created_at'))

    op.drop_table('network_changes')
    with op.batch_alter_table('network_school_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_school_profiles_office_id'))

    op.drop_table('network_school_profiles')
    with op.batch_alter_table('network_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_invitations_school_id'))
        batch_op.drop_index(batch_op.f('ix_network_invitations_office_id'))

    op.drop_table('network_invitations')
    with op.batch_alter_table('network_correspondents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_correspondents_school_id'))
        batch_op.drop_index(batch_op.f('ix_network_correspondents_office_id'))
        batch_op.drop_index(batch_op.f('ix_network_correspondents_email_digest'))

    op.drop_table('network_correspondents')
    with op.batch_alter_table('network_committee_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_committee_members_office_id'))

    op.drop_table('network_committee_members')
    with op.batch_alter_table('network_coverage_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_coverage_figures_office_id'))

    op.drop_table('network_coverage_figures')
