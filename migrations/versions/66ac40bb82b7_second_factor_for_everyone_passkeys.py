"""passkeys, a per-account count of wrong second-factor codes, passkey challenges

Issue 17 §2. ``passkeys`` keeps each user's WebAuthn credentials (public key, sign count).
``users`` gains ``second_factor_failures`` and ``second_factor_locked_until``: wrong codes are
counted on the account from every address, not only per address. One-time marks gain the
purpose ``passkey_challenge`` and lose ``initial_password`` (new accounts get a set-password
e-mail; nobody is shown another's password any more); marks of that purpose are deleted
(they lived 15 minutes and guard nothing now). SQLite cannot alter a CHECK: batch mode
rebuilds one_time_marks.

Revision ID: 66ac40bb82b7
Revises: 2cfff2039a31
Create Date: 2026-12-06 20:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '66ac40bb82b7'
down_revision = '2cfff2039a31'
branch_labels = None
depends_on = None

# Written out, not imported: a revision keeps meaning what it meant when it was written.
OLD_PURPOSES = ('receipt', 'initial_password')
NEW_PURPOSES = ('receipt', 'passkey_challenge')


def _purposes(keep: tuple[str, ...], drop: str) -> None:
    op.get_bind().execute(sa.text("DELETE FROM one_time_marks WHERE purpose = :p"), {"p": drop})
    with op.batch_alter_table('one_time_marks', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_one_time_marks_purpose'), type_='check')
        batch_op.create_check_constraint(op.f('ck_one_time_marks_purpose'),
                                         sa.column('purpose').in_(keep))


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('second_factor_failures', sa.Integer(),
                                      server_default='0', nullable=False))
        batch_op.add_column(sa.Column('second_factor_locked_until', sa.DateTime(),
                                      nullable=True))

    op.create_table('passkeys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('credential_id', sa.String(length=1400), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('sign_count', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('transports', sa.String(length=200), server_default='', nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_passkeys_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_passkeys')),
    sa.UniqueConstraint('credential_id', name=op.f('uq_passkeys_credential_id'))
    )
    with op.batch_alter_table('passkeys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_passkeys_user_id'), ['user_id'], unique=False)

    _purposes(NEW_PURPOSES, 'initial_password')


def downgrade():
    _purposes(OLD_PURPOSES, 'passkey_challenge')

    with op.batch_alter_table('passkeys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_passkeys_user_id'))
    op.drop_table('passkeys')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('second_factor_locked_until')
        batch_op.drop_column('second_factor_failures')
