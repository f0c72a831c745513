"""every event kind the models know, and the models' server defaults

The first revision's CHECK on case_events.kind allowed five kinds; the workflow revision added
nine more to the models (assigned, updated, info_requested, merged, reopened,
conflict_declared, reporter_confirmed, reporter_disputed, rated) but not to the database, which
refused them. This revision widens the CHECK to every EventKind. SQLite cannot alter a CHECK:
batch mode rebuilds case_events with its rows (env.py turns foreign-key enforcement off for
the rebuild and checks every reference before committing), and the Thai search triggers are
installed again in case a rebuild touched them.

The server defaults the workflow revision gave cases and users are now declared by the models
too, so nothing changes in the database for them.

Downgrade narrows the CHECK again. It refuses, naming the kinds and counts, while events of the
newer kinds exist: deleting or rewriting a case's timeline is not a downgrade's business.

Revision ID: b3d9f1a7c2e4
Revises: a61e7a3c5140
Create Date: 2026-11-29 05:20:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.search.schema import install_search_index


# revision identifiers, used by Alembic.
revision = 'b3d9f1a7c2e4'
down_revision = 'a61e7a3c5140'
branch_labels = None
depends_on = None

FIRST_KINDS = ('submitted', 'status_changed', 'public_reply', 'reporter_message',
               'internal_note')
# Written out, not imported: a revision keeps meaning what it meant when it was written.
ALL_KINDS = FIRST_KINDS + ('assigned', 'updated', 'info_requested', 'merged', 'reopened',
                           'conflict_declared', 'reporter_confirmed', 'reporter_disputed',
                           'rated')


def _set_kinds(kinds):
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_case_events_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_case_events_kind'),
                                         sa.column('kind').in_(kinds))
    if op.get_bind().dialect.name == 'sqlite':
        install_search_index(op.get_bind())


def upgrade():
    _set_kinds(ALL_KINDS)


def downgrade():
    newer = op.get_bind().execute(
        sa.text('SELECT kind, COUNT(*) FROM case_events WHERE kind NOT IN :kinds GROUP BY kind')
        .bindparams(sa.bindparam('kinds', expanding=True)),
        {'kinds': list(FIRST_KINDS)},
    ).all()
    if newer:
        found = ', '.join(f'{kind} ({count})' for kind, count in newer)
        raise RuntimeError(
            'cannot downgrade below b3d9f1a7c2e4: case_events holds kinds the older schema '
            f'refuses: {found}'
        )
    _set_kinds(FIRST_KINDS)
