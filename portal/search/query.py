"""The SQL condition that finds cases by Thai text or case number, without word splitting.

Thai is written without spaces between words, so both backends match substrings: SQLite's
FTS5 trigram index serves terms of three or more characters (code points, so a consonant
with its vowel and tone marks such as "ที่" counts three), shorter terms fall back to LIKE;
PostgreSQL's pg_trgm GIN index serves ``ILIKE '%term%'`` for any length.
"""

from __future__ import annotations

import re

from sqlalchemy import and_, column, false, or_, select, table
from sqlalchemy.sql.elements import ColumnElement

from portal.models import Case
from portal.search.schema import FTS_TABLE, SEARCH_COLUMNS
from portal.thai import arabic_digits, clean_text

MIN_TRIGRAM_TERM = 3  # FTS5's trigram tokenizer cannot match shorter substrings
MAX_TERMS = 8
MAX_QUERY_LENGTH = 200
_CASE_NUMBER = re.compile(r"^[A-Za-z0-9๐-๙\-]+$")

_fts = table(FTS_TABLE, column("rowid"))
_fts_match = column(FTS_TABLE).op("MATCH")


def search_terms(query: str | None) -> list[str]:
    """The terms of a search box entry: every term must appear (in any searched column).

    A term is a run without spaces; people sometimes put a space inside a Thai phrase, and a
    case is found either way. Thai digits in something that looks like a case number become
    Arabic, as numbers are stored.
    """
    query = clean_text(query)[:MAX_QUERY_LENGTH]
    terms = []
    for term in query.split(" "):
        if _CASE_NUMBER.match(term):
            term = arabic_digits(term)
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def case_text_condition(query: str | None, dialect: str) -> ColumnElement[bool] | None:
    """A WHERE condition on :class:`Case` for ``query``, or None when there is nothing to find.

    ``dialect`` is the engine's dialect name (``db.engine.dialect.name``).
    """
    terms = search_terms(query)
    if not terms:
        return None
    if dialect == "sqlite":
        return and_(*(_sqlite_term(term) for term in terms))
    if dialect == "postgresql":
        return and_(*(_like_term(term) for term in terms))
    raise NotImplementedError(dialect)


def _sqlite_term(term: str) -> ColumnElement[bool]:
    if len(term) < MIN_TRIGRAM_TERM:
        return _like_term(term)
    phrase = '"' + term.replace('"', '""') + '"'  # one FTS5 phrase: no query syntax from users
    matches = select(_fts.c.rowid).where(_fts_match(phrase))
    return Case.id.in_(matches)


def _like_term(term: str) -> ColumnElement[bool]:
    if not term:
        return false()
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(*(getattr(Case, name).ilike(pattern, escape="\\") for name in SEARCH_COLUMNS))
