"""What a database error is: the database out of reach or busy, or a value it refused.

Only an unreachable or busy database is worth retrying ("unavailable", a 503); a refused
value (a CHECK, UNIQUE, NOT NULL or foreign key constraint, or data of the wrong shape) fails
the same way every time, and anything else is a fault in the software ("failed").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import MetaData, PrimaryKeyConstraint, UniqueConstraint
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError


class Trouble(StrEnum):
    UNAVAILABLE = "unavailable"  # connection refused or lost, lock timeout, database busy
    REFUSED = "refused"  # integrity or data error: the value itself was refused
    FAILED = "failed"  # any other database error (a missing table, a bad statement)


# SQLite primary result codes meaning "cannot reach or lock the file now": BUSY, LOCKED,
# IOERR, FULL, CANTOPEN, PROTOCOL (https://sqlite.org/rescode.html).
SQLITE_UNAVAILABLE = {5, 6, 10, 13, 14, 15}
# PostgreSQL SQLSTATEs: connection exception (08), insufficient resources (53), operator
# intervention (57P: shutdown, cannot connect now); lock timeout, statement timeout,
# deadlock and serialization failure are "busy".
PG_UNAVAILABLE_PREFIXES = ("08", "53", "57P")
PG_BUSY = {"55P03", "57014", "40P01", "40001"}


def classify(error: DBAPIError) -> Trouble:
    """Sort a driver error into the three kinds the error pages tell apart."""
    if isinstance(error, (IntegrityError, DataError)):
        return Trouble.REFUSED
    if error.connection_invalidated:
        return Trouble.UNAVAILABLE
    orig = error.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return Trouble.UNAVAILABLE if code & 0xFF in SQLITE_UNAVAILABLE else Trouble.FAILED
    if hasattr(orig, "sqlstate"):  # psycopg
        state = orig.sqlstate
        if state is None:  # libpq failed before the server answered: refused or lost
            return Trouble.UNAVAILABLE if isinstance(error, OperationalError) else Trouble.FAILED
        if state.startswith(PG_UNAVAILABLE_PREFIXES) or state in PG_BUSY:
            return Trouble.UNAVAILABLE
        return Trouble.FAILED
    # A driver we know nothing about: its OperationalError is what DB-API reserves for
    # trouble outside the program (disconnects, timeouts), so keep treating it as such.
    return Trouble.UNAVAILABLE if isinstance(error, OperationalError) else Trouble.FAILED


SQLITE_REFUSAL = re.compile(
    r"(?P<kind>CHECK|UNIQUE|NOT NULL|FOREIGN KEY|PRIMARY KEY) constraint failed"
    r"(?::\s*(?P<what>[^\n]+))?", re.IGNORECASE)
PG_KINDS = {"23514": "CHECK", "23505": "UNIQUE", "23502": "NOT NULL", "23503": "FOREIGN KEY",
            "23P01": "EXCLUSION"}


@dataclass(frozen=True)
class Refusal:
    """Which rule refused a value, as far as the driver tells: for the log, never the page."""

    kind: str  # CHECK, UNIQUE, NOT NULL, FOREIGN KEY, DATA ...
    constraint: str  # the constraint's name, or the column(s) when the driver names no rule
    detail: str  # the driver's first line

    def describe(self) -> str:
        if self.constraint:
            return f"{self.kind} constraint {self.constraint} refused the change"
        return f"{self.kind} refused the change"


def describe_refusal(error: DBAPIError, metadata: MetaData) -> Refusal:
    """The constraint behind an integrity or data error, from the driver's own words."""
    orig = error.orig
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    diag = getattr(orig, "diag", None)
    if diag is not None:  # PostgreSQL names the constraint, table and column itself
        kind = PG_KINDS.get(orig.sqlstate or "", "DATA")
        where = ".".join(p for p in (diag.table_name, diag.column_name) if p)
        return Refusal(kind, diag.constraint_name or where, diag.message_primary or detail)
    match = SQLITE_REFUSAL.search(detail)
    if match is None:
        return Refusal("DATA" if isinstance(error, DataError) else "INTEGRITY", "", detail)
    kind, what = match["kind"].upper(), (match["what"] or "").strip()
    if kind in ("UNIQUE", "PRIMARY KEY") and what:
        what = _named_unique(metadata, what) or what
    return Refusal(kind, what, detail)


def _named_unique(metadata: MetaData, columns: str) -> str | None:
    """SQLite names a UNIQUE failure by ``table.column, ...``; find the rule's own name."""
    pairs = [c.strip().split(".", 1) for c in columns.split(",")]
    if any(len(p) != 2 for p in pairs) or len({t for t, _c in pairs}) != 1:
        return None
    table = metadata.tables.get(pairs[0][0])
    wanted = {c for _t, c in pairs}
    if table is None:
        return None
    for constraint in table.constraints:
        if isinstance(constraint, (UniqueConstraint, PrimaryKeyConstraint)) \
                and set(constraint.columns.keys()) == wanted and constraint.name:
            return str(constraint.name)
    for index in table.indexes:
        if index.unique and {c.name for c in index.columns} == wanted and index.name:
            return str(index.name)
    return None
