"""merge the revisions of parallel work on security, UX, publishing and reports

Each of these branched from b3d9f1a7c2e4; this revision joins them so that `flask db upgrade`
(one head) applies them all, and makes true what none of them could alone: the publishing
work added the role `approver`, and the role-grant table of the security work was created
with a CHECK of the roles that existed before it. The migration test found it.

Revision ID: 9d1e4b7a2c53
Revises: 038741537653, 42f5ec602c29, 4f2a9c7d1e6b, 5c03da01ef96, 70a4b57d7a91, 7e2a9c4d1f60, a0729fdcdb9e
Create Date: 2026-11-29 06:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d1e4b7a2c53'
down_revision = ('038741537653', '42f5ec602c29', '4f2a9c7d1e6b', '5c03da01ef96',
                 '70a4b57d7a91', '7e2a9c4d1f60', 'a0729fdcdb9e')
branch_labels = None
depends_on = None


ROLES = ('intake', 'case_officer', 'integrity', 'director', 'pr', 'admin')


def _grantable(roles):
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_role_grants_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_role_grants_role'), sa.column('role').in_(roles))


def upgrade():
    _grantable(ROLES + ('approver',))


def downgrade():
    count = op.get_bind().execute(
        sa.text("SELECT COUNT(*) FROM role_grants WHERE role = 'approver'")).scalar()
    if count:
        raise RuntimeError(f'cannot downgrade below 9d1e4b7a2c53: {count} role grant(s) of '
                           'the approver role exist, which the older schema refuses')
    _grantable(ROLES)
