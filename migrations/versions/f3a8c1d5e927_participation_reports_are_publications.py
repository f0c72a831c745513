"""participation reports are publications: drafted, checked and approved by a second person

Until now a participation report (the ITA's รายงานการมีส่วนร่วม) was public on
/ita/participation the moment any case officer saved it: no privacy check, no second person.
It now takes the path every public text takes, as a publication of kind ``participation``
whose numbered versions hold the report: the topic in ``title`` (which widens to 300
characters, the topic's old limit), the outcome in ``body``, and three new columns
``held_on``, ``participants`` and ``improvement``.

Each existing ``participation_reports`` row becomes a publication with one version *awaiting
approval*, written by the person who saved it (rows saved by nobody are given to the office's
first director, else its first user). They leave the public page until a director or approver
other than their author approves them: these texts never had a privacy check, and one of them
published a reporter's name and phone number. Then ``participation_reports`` is dropped.

Downgrade copies each participation publication back (its live version, else its newest),
deletes the publications, and narrows the columns and the kind CHECK again.

Revision ID: f3a8c1d5e927
Revises: 66ac40bb82b7
Create Date: 2026-12-06 20:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a8c1d5e927'
down_revision = '66ac40bb82b7'
branch_labels = None
depends_on = None

# Written out, not imported: a revision keeps meaning what it meant when it was written.
OLD_KINDS = ('outcome', 'news')
NEW_KINDS = OLD_KINDS + ('participation',)

reports = sa.table(
    'participation_reports', sa.column('id', sa.Integer), sa.column('office_id', sa.Integer),
    sa.column('held_on', sa.Date), sa.column('topic', sa.String),
    sa.column('participants', sa.Text), sa.column('outcome', sa.Text),
    sa.column('improvement', sa.Text), sa.column('created_by_id', sa.Integer),
    sa.column('created_at', sa.DateTime))
publications = sa.table(
    'publications', sa.column('id', sa.Integer), sa.column('office_id', sa.Integer),
    sa.column('kind', sa.String), sa.column('state', sa.String),
    sa.column('author_id', sa.Integer), sa.column('live_number', sa.Integer),
    sa.column('created_at', sa.DateTime), sa.column('withdraw_reason', sa.Text))
versions = sa.table(
    'publication_versions', sa.column('id', sa.Integer),
    sa.column('publication_id', sa.Integer), sa.column('number', sa.Integer),
    sa.column('state', sa.String), sa.column('title', sa.String), sa.column('body', sa.Text),
    sa.column('held_on', sa.Date), sa.column('participants', sa.Text),
    sa.column('improvement', sa.Text), sa.column('author_id', sa.Integer),
    sa.column('created_at', sa.DateTime), sa.column('updated_at', sa.DateTime),
    sa.column('submitted_at', sa.DateTime))


def _set_kinds(kinds):
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_publications_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_publications_kind'),
                                         sa.column('kind').in_(kinds))


def _participation_table():
    op.create_table('participation_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('participants', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('improvement', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_participation_reports_created_by_id_users')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_participation_reports_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participation_reports'))
    )
    with op.batch_alter_table('participation_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participation_reports_office_id'), ['office_id'], unique=False)


def _fallback_author(conn, office_id):
    """Who answers for a report nobody signed: the office's first director, else first user."""
    author = conn.execute(sa.text(
        "SELECT MIN(u.id) FROM users u JOIN user_roles r ON r.user_id = u.id "
        "WHERE u.office_id = :office AND r.role = 'director'"), {'office': office_id}).scalar()
    author = author or conn.execute(sa.text(
        'SELECT MIN(id) FROM users WHERE office_id = :office'), {'office': office_id}).scalar()
    if author is None:
        raise RuntimeError(
            f'cannot move participation reports of office {office_id}: a report saved by '
            'nobody needs an author, and the office has no user (create one, then upgrade)')
    return author


def upgrade():
    _set_kinds(NEW_KINDS)
    with op.batch_alter_table('publication_versions', schema=None) as batch_op:
        batch_op.alter_column('title', existing_type=sa.String(length=200),
                              type_=sa.String(length=300), existing_nullable=False)
        batch_op.add_column(sa.Column('held_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('participants', sa.Text(), server_default=sa.text("''"), nullable=False))
        batch_op.add_column(sa.Column('improvement', sa.Text(), server_default=sa.text("''"), nullable=False))

    conn = op.get_bind()
    for row in conn.execute(sa.select(reports).order_by(reports.c.id)).all():
        author = row.created_by_id or _fallback_author(conn, row.office_id)
        made = conn.execute(publications.insert().values(
            office_id=row.office_id, kind='participation', state='draft', author_id=author,
            live_number=0, created_at=row.created_at, withdraw_reason='')
            .returning(publications.c.id)).scalar_one()
        conn.execute(versions.insert().values(
            publication_id=made, number=1, state='awaiting_approval',
            title=row.topic, body=row.outcome, held_on=row.held_on,
            participants=row.participants, improvement=row.improvement, author_id=author,
            created_at=row.created_at, updated_at=row.created_at, submitted_at=row.created_at))

    with op.batch_alter_table('participation_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participation_reports_office_id'))
    op.drop_table('participation_reports')


def downgrade():
    _participation_table()
    conn = op.get_bind()
    items = conn.execute(
        sa.select(publications.c.id, publications.c.office_id, publications.c.author_id,
                  publications.c.live_number, publications.c.created_at)
        .where(publications.c.kind == 'participation').order_by(publications.c.id)).all()
    for item in items:
        chosen = conn.execute(
            sa.select(versions).where(versions.c.publication_id == item.id)
            .order_by((versions.c.number == item.live_number).desc(), versions.c.number.desc())
            .limit(1)).first()
        if chosen is not None:
            conn.execute(reports.insert().values(
                office_id=item.office_id, held_on=chosen.held_on or item.created_at.date(),
                topic=chosen.title, participants=chosen.participants, outcome=chosen.body,
                improvement=chosen.improvement, created_by_id=item.author_id,
                created_at=item.created_at))
    ids = [item.id for item in items]
    if ids:
        conn.execute(versions.delete().where(versions.c.publication_id.in_(ids)))
        conn.execute(publications.delete().where(publications.c.id.in_(ids)))

    with op.batch_alter_table('publication_versions', schema=None) as batch_op:
        batch_op.drop_column('improvement')
        batch_op.drop_column('participants')
        batch_op.drop_column('held_on')
        batch_op.alter_column('title', existing_type=sa.String(length=300),
                              type_=sa.String(length=200), existing_nullable=False)
    _set_kinds(OLD_KINDS)
