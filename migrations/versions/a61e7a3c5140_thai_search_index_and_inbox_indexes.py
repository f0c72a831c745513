"""thai search index and inbox indexes

SQLite: an FTS5 trigram table over cases (subject, description, number, place_text,
respondent) kept in sync by triggers, filled from the existing rows. PostgreSQL: the pg_trgm
extension and a GIN gin_trgm_ops index over the same columns. Both: the keyset indexes the
inbox pages read. The DDL lives in portal.search.schema (the test fixtures run the same); it
is idempotent, so a later change to it belongs in a new revision that calls it again.

Downgrade drops all of it but leaves the pg_trgm extension, which other schemas of the same
database may use.

Revision ID: a61e7a3c5140
Revises: 5c59e7414024
Create Date: 2026-11-24 14:30:00.000000

"""
from alembic import op

from portal.search.schema import drop_search_index, install_search_index


# revision identifiers, used by Alembic.
revision = 'a61e7a3c5140'
down_revision = '5c59e7414024'
branch_labels = None
depends_on = None


def upgrade():
    install_search_index(op.get_bind())


def downgrade():
    drop_search_index(op.get_bind())
