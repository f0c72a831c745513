"""A throw-away PostgreSQL schema for a benchmark, beside other schemas in the same database.

pg_trgm is installed in ``public`` first: the migrations would otherwise create it in the
new schema, and dropping that schema (CASCADE) at the end would drop the extension and the
trigram index of every other schema of the database, a test suite's included.
"""

from __future__ import annotations

import sqlalchemy as sa


def create_schema(conn: sa.Connection, name: str) -> None:
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('sujarit:pg_trgm'))"))
    conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
