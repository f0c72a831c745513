"""Hostile input stops at the door: ids the database can hold, no NUL bytes anywhere.

An id in a URL, a form field or a query string is a database key: PostgreSQL's ``integer``
holds at most 2**31 - 1 and SQLite refuses anything past 2**63 - 1, so a larger number would
reach the driver and fail there as a 500 (or a 503). PostgreSQL also refuses NUL characters
in text. Both are answered here, before any view runs: 404 for an id that cannot exist, 400 for
a NUL byte, each with the Thai error page.
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the largest value of a PostgreSQL integer column
_ASCII_DIGITS = frozenset("0123456789")


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` that matches only numbers an integer primary key can hold."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        bound = MAX_ID if max is None or max > MAX_ID else max
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=bound, signed=signed)


def database_id(value: object) -> int:
    """``value`` as a positive id a database column can hold; ValueError otherwise.

    Usable as ``request.args.get(name, type=database_id)``: a bad value gives the default.
    Only ASCII digits count ("²" and Thai digits pass ``str.isdigit`` but are not ids).
    """
    text = str(value).strip() if value is not None else ""
    if not text or len(text) > 10 or not set(text) <= _ASCII_DIGITS:
        raise ValueError(value)
    number = int(text)
    if not 1 <= number <= MAX_ID:
        raise ValueError(value)
    return number


def optional_id(value: object) -> int | None:
    """A database id, or None for an empty or malformed value (never raises)."""
    try:
        return database_id(value)
    except ValueError:
        return None


def ids(values: list[str]) -> list[int]:
    """The well-formed ids among ``values`` (bulk forms); the rest are dropped."""
    found = (optional_id(v) for v in values)
    return [i for i in found if i is not None]


def _has_nul(*texts: str) -> bool:
    return any("\x00" in text for text in texts)


def refuse_nul_bytes() -> None:
    """400 for a NUL byte in the path, a query parameter or a form field (name or value)."""
    if _has_nul(request.path):
        abort(400)
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            if _has_nul(key, value):
                abort(400)


def init_app(app: Flask) -> None:
    """Before the blueprints: the converter applies to routes registered afterwards."""
    app.url_map.converters["int"] = DatabaseIdConverter
    app.before_request(refuse_nul_bytes)
