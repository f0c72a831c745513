"""What Alembic's ``compare_metadata`` leaves out: CHECK constraints with their allowed values,
server defaults, unique constraints, indexes and foreign-key actions, models against a live
database. Each difference is one readable line; an empty list means they agree.

Alembic's autogenerate compares tables, columns, types and nullability, but not CHECK
constraints: an enum that gained values in the models and not in the migrations passed the
old test while the database refused the new values.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_NUMBER = re.compile(r"(?<![\w.])\d+(?![\w.])")
_CAST = re.compile(r"::[a-z_ ]+(\(\d+\))?(\[\])?")
_DEFAULT_SYNONYMS = {"true": "1", "false": "0", "now()": "current_timestamp"}

NameFilter = Callable[[str | None, str, dict], bool]


def schema_differences(connection: Connection, metadata: sa.MetaData,
                       include_name: NameFilter | None = None) -> list[str]:
    """Every way the database behind ``connection`` differs from ``metadata`` (see module)."""
    inspector = sa.inspect(connection)
    dialect = connection.dialect
    keep = include_name or (lambda *_args: True)
    found: list[str] = []
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            found.append(f"{table.name}: table missing")
            continue
        for aspect, model_side, database_side in (
            ("check constraints", _model_checks(table, dialect),
             _database_checks(inspector, table.name)),
            ("server defaults", _model_defaults(table, dialect),
             _database_defaults(inspector, table.name)),
            ("unique constraints", _model_uniques(table, dialect),
             _database_uniques(inspector, table.name)),
            ("indexes", _model_indexes(table, dialect),
             _database_indexes(inspector, table.name, keep)),
            ("foreign keys", _model_foreign_keys(table, dialect),
             _database_foreign_keys(inspector, table.name)),
        ):
            found.extend(_differences(f"{table.name} {aspect}", model_side, database_side))
    return found


def _differences(where: str, model: dict, database: dict) -> list[str]:
    lines = []
    for name in sorted(model.keys() | database.keys(), key=str):
        if name not in database:
            lines.append(f"{where}: {name} is in the models only: {model[name]}")
        elif name not in model:
            lines.append(f"{where}: {name} is in the database only: {database[name]}")
        elif model[name] != database[name]:
            lines.append(f"{where}: {name} differs: models {model[name]}, "
                         f"database {database[name]}")
    return lines


def _constraint_name(constraint, dialect) -> str:
    return dialect.identifier_preparer.format_constraint(constraint).strip('"')


def check_signature(sqltext: str) -> tuple[frozenset[str], frozenset[str]]:
    """A CHECK reduced to its quoted values and numbers: what each backend's spelling keeps.

    ``kind IN ('a', 'b')`` on SQLite and ``(kind)::text = ANY (ARRAY['a'::character varying,
    …])`` on PostgreSQL both become ``({'a', 'b'}, {})``.
    """
    values = frozenset(v.replace("''", "'") for v in _QUOTED.findall(sqltext))
    numbers = frozenset(_NUMBER.findall(_CAST.sub("", _QUOTED.sub("", sqltext))))
    return values, numbers


def _model_checks(table: sa.Table, dialect) -> dict:
    checks = {}
    for constraint in table.constraints:
        if isinstance(constraint, sa.CheckConstraint):
            sqltext = str(constraint.sqltext.compile(
                dialect=dialect, compile_kwargs={"literal_binds": True}))
            checks[_constraint_name(constraint, dialect)] = check_signature(sqltext)
    return checks


def _database_checks(inspector, table: str) -> dict:
    return {c["name"]: check_signature(c["sqltext"])
            for c in inspector.get_check_constraints(table)}


def normalize_default(text: str | None) -> str | None:
    if text is None:
        return None
    value = _CAST.sub("", str(text)).strip().lower()
    while value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()
    if re.fullmatch(r"'-?\d+'", value):  # '0' and 0 are the same default
        value = value.strip("'")
    return _DEFAULT_SYNONYMS.get(value, value)


def _model_defaults(table: sa.Table, dialect) -> dict:
    defaults = {}
    for column in table.columns:
        default = column.server_default
        if default is None:
            continue
        arg = default.arg
        if isinstance(arg, str):  # a plain string is a literal value: DDL quotes it
            text = "'" + arg.replace("'", "''") + "'"
        else:
            text = str(arg.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        defaults[column.name] = normalize_default(text)
    return defaults


def _database_defaults(inspector, table: str) -> dict:
    defaults = {}
    for column in inspector.get_columns(table):
        default = column.get("default")
        if default is None or str(default).startswith("nextval("):  # a serial's own sequence
            continue
        defaults[column["name"]] = normalize_default(default)
    return defaults


def _model_uniques(table: sa.Table, dialect) -> dict:
    return {_constraint_name(c, dialect): tuple(col.name for col in c.columns)
            for c in table.constraints if isinstance(c, sa.UniqueConstraint)}


def _database_uniques(inspector, table: str) -> dict:
    return {c["name"]: tuple(c["column_names"]) for c in inspector.get_unique_constraints(table)}


def _model_indexes(table: sa.Table, dialect) -> dict:
    indexes = {}
    for index in table.indexes:
        columns = tuple(getattr(e, "name", str(e)) for e in index.expressions)
        indexes[_constraint_name(index, dialect)] = (columns, bool(index.unique))
    return indexes


def _database_indexes(inspector, table: str, keep: NameFilter) -> dict:
    indexes = {}
    for index in inspector.get_indexes(table):
        if index.get("duplicates_constraint") or not keep(index["name"], "index", {}):
            continue
        columns = tuple(index["column_names"])
        indexes[index["name"]] = (columns, bool(index["unique"]))
    return indexes


def _model_foreign_keys(table: sa.Table, dialect) -> dict:
    keys = {}
    for fk in table.foreign_key_constraints:
        keys[_constraint_name(fk, dialect)] = (
            tuple(c.name for c in fk.columns), fk.referred_table.name,
            tuple(e.column.name for e in fk.elements), (fk.ondelete or "").upper() or None,
        )
    return keys


def _database_foreign_keys(inspector, table: str) -> dict:
    keys = {}
    for fk in inspector.get_foreign_keys(table):
        ondelete = (fk.get("options") or {}).get("ondelete")
        keys[fk["name"]] = (tuple(fk["constrained_columns"]), fk["referred_table"],
                            tuple(fk["referred_columns"]), (ondelete or "").upper() or None)
    return keys
