"""Inbox fixtures: a SQL statement counter."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event

from portal.extensions import db


@dataclass
class Counter:
    value: int = 0
    statements: list[tuple[str, object]] = field(default_factory=list)


@pytest.fixture
def query_counter():
    """``with query_counter() as c:`` counts the SQL statements sent inside the block."""

    @contextmanager
    def counting():
        counter = Counter()

        def count(_conn, _cursor, statement, parameters, *_args):
            counter.value += 1
            counter.statements.append((statement, parameters))

        engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", count)

    return counting
