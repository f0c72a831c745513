"""submission idempotency keys: one case per intake form, however often it is sent

A public form carries a hidden random key; ``submission_keys`` holds its keyed hash (the
primary key, so two requests with one key cannot both commit), the case it produced and the
receipt sealed under the form's key, so a double click or a retry after a lost answer shows
the same case and receipt again instead of filing a second case. A reporter's reply on the
tracking page carries a key too (its row has no receipt): sent twice, it is added once.

Revision ID: e5b2d7c19a84
Revises: bfc5b5604229
Create Date: 2026-12-06 23:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e5b2d7c19a84'
down_revision = 'bfc5b5604229'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'submission_keys',
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('sealed_receipt', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_submission_keys_case_id_cases'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_submission_keys')),
    )
    with op.batch_alter_table('submission_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_keys_case_id'), ['case_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_submission_keys_created_at'), ['created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('submission_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_keys_created_at'))
        batch_op.drop_index(batch_op.f('ix_submission_keys_case_id'))
    op.drop_table('submission_keys')
