"""publication outbox: channels beyond e-mail, channel accounts, post engagement

The deliveries table grows from e-mail rows into the outbox of every channel: Facebook Page,
LINE broadcast and the three share kits. Publication rows name what they publish
(subject_kind, subject_id, version), unique per channel, and carry the frozen message, the
remote post id and permalink, the technical error beside the Thai one, who shared a share kit,
and whether the post must be taken down (action ``delete``). The channel and status CHECKs
widen; SQLite rebuilds the table in batch mode with its rows.

channel_accounts holds each office's Facebook Page and LINE Official Account (tokens encrypted
by the application); post_engagements the daily reactions, comments and shares of page posts.

Downgrade refuses while publication rows exist (dropping them would lose what was posted
where); otherwise it narrows the CHECKs again and drops the new tables.

Revision ID: a0729fdcdb9e
Revises: b3d9f1a7c2e4
Create Date: 2026-11-29 05:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a0729fdcdb9e'
down_revision = 'b3d9f1a7c2e4'
branch_labels = None
depends_on = None

# Written out, not imported: a revision keeps meaning what it meant when it was written.
OLD_CHANNELS = ('email',)
CHANNELS = OLD_CHANNELS + ('facebook_page', 'line_broadcast', 'share_pr_group',
                           'share_schools_group', 'share_profile')
OLD_STATUSES = ('pending', 'sending', 'sent', 'failed')
STATUSES = ('pending', 'sending', 'sent', 'retrying', 'paused', 'failed', 'needs_manual',
            'shared', 'cancelled')
ACTIONS = ('post', 'delete')


def _enum(name, values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_deliveries_channel'), type_='check')
        batch_op.drop_constraint(op.f('ck_deliveries_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_deliveries_channel'),
                                         sa.column('channel').in_(CHANNELS))
        batch_op.create_check_constraint(op.f('ck_deliveries_status'),
                                         sa.column('status').in_(STATUSES))
        batch_op.add_column(sa.Column('action', _enum('action', ACTIONS),
                                      server_default=sa.text("'post'"), nullable=False))
        batch_op.add_column(sa.Column('error_detail', sa.Text(), server_default=sa.text("''"),
                                      nullable=False))
        batch_op.add_column(sa.Column('note', sa.Text(), server_default=sa.text("''"), nullable=False))
        batch_op.add_column(sa.Column('subject_kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('subject_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('payload', sa.Text(), server_default=sa.text("''"), nullable=False))
        batch_op.add_column(sa.Column('remote_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('permalink', sa.String(length=500), server_default=sa.text("''"),
                                      nullable=False))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('shared_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('shared_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_deliveries_shared_by_id_users'), 'users',
                                    ['shared_by_id'], ['id'])
        batch_op.create_unique_constraint(
            op.f('uq_deliveries_subject_kind'),
            ['subject_kind', 'subject_id', 'version', 'channel'])
        batch_op.create_index(batch_op.f('ix_deliveries_withdrawn_at'), ['withdrawn_at'],
                              unique=False)

    op.create_table(
        'channel_accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('channel', _enum('channel', CHANNELS), nullable=False),
        sa.Column('page_id', sa.String(length=64), server_default=sa.text("''"), nullable=False),
        sa.Column('access_token', sa.Text(), nullable=True),
        sa.Column('secret', sa.Text(), nullable=True),
        sa.Column('display_name', sa.String(length=200), server_default=sa.text("''"), nullable=False),
        sa.Column('enabled', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('dry_run', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('paused', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('paused_by_error', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('paused_at', sa.DateTime(), nullable=True),
        sa.Column('throttled_until', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column('error_detail', sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column('last_error_at', sa.DateTime(), nullable=True),
        sa.Column('last_success_at', sa.DateTime(), nullable=True),
        sa.Column('credentials_changed_at', sa.DateTime(), nullable=True),
        sa.Column('engagement_read_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                                name=op.f('fk_channel_accounts_office_id_offices')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_accounts')),
        sa.UniqueConstraint('office_id', 'channel', name=op.f('uq_channel_accounts_office_id')),
    )
    with op.batch_alter_table('channel_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_accounts_office_id'), ['office_id'],
                              unique=False)

    op.create_table(
        'post_engagements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('delivery_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('reactions', sa.Integer(), nullable=False),
        sa.Column('comments', sa.Integer(), nullable=False),
        sa.Column('shares', sa.Integer(), nullable=False),
        sa.Column('read_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['delivery_id'], ['deliveries.id'],
                                name=op.f('fk_post_engagements_delivery_id_deliveries')),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                                name=op.f('fk_post_engagements_office_id_offices')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_post_engagements')),
        sa.UniqueConstraint('delivery_id', 'day', name=op.f('uq_post_engagements_delivery_id')),
    )
    with op.batch_alter_table('post_engagements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_engagements_delivery_id'), ['delivery_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_post_engagements_office_id'), ['office_id'],
                              unique=False)


def downgrade():
    bind = op.get_bind()
    publications = bind.execute(sa.text(
        "SELECT COUNT(*) FROM deliveries WHERE subject_kind IS NOT NULL OR channel <> 'email'"
    )).scalar()
    if publications:
        raise RuntimeError(
            'cannot downgrade below a0729fdcdb9e: the outbox holds '
            f'{publications} publication row(s) the older schema cannot describe'
        )
    newer = bind.execute(sa.text(
        'SELECT COUNT(*) FROM deliveries WHERE status NOT IN :old'
    ).bindparams(sa.bindparam('old', expanding=True)), {'old': list(OLD_STATUSES)}).scalar()
    if newer:
        raise RuntimeError(
            f'cannot downgrade below a0729fdcdb9e: {newer} e-mail deliveries are in states '
            'the older schema refuses (retrying, paused, cancelled, ...)'
        )
    with op.batch_alter_table('post_engagements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_engagements_office_id'))
        batch_op.drop_index(batch_op.f('ix_post_engagements_delivery_id'))
    op.drop_table('post_engagements')
    with op.batch_alter_table('channel_accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_accounts_office_id'))
    op.drop_table('channel_accounts')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_withdrawn_at'))
        batch_op.drop_constraint(op.f('uq_deliveries_subject_kind'), type_='unique')
        batch_op.drop_constraint(op.f('fk_deliveries_shared_by_id_users'), type_='foreignkey')
        for column in ('shared_at', 'shared_by_id', 'removed_at', 'withdrawn_at', 'permalink',
                       'remote_id', 'payload', 'version', 'subject_id', 'subject_kind', 'note',
                       'error_detail'):
            batch_op.drop_column(column)
        batch_op.drop_constraint(op.f('ck_deliveries_action'), type_='check')
        batch_op.drop_column('action')
        batch_op.drop_constraint(op.f('ck_deliveries_channel'), type_='check')
        batch_op.drop_constraint(op.f('ck_deliveries_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_deliveries_channel'),
                                         sa.column('channel').in_(OLD_CHANNELS))
        batch_op.create_check_constraint(op.f('ck_deliveries_status'),
                                         sa.column('status').in_(OLD_STATUSES))
