"""A throw-away PostgreSQL schema for a benchmark, beside other schemas in the same database.

pg_trgm is installed in ``public`` first: the migrations would otherwise create it in the
new schema, and dropping that schema (CASCADE) at the end would drop the extension and the
trigram index of every other schema of the database, a test suite's included.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.search.schema import install_trigram_extension


def create_schema(conn: sa.Connection, name: str) -> None:
    install_trigram_extension(conn, "public")
    conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
