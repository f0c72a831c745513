"""The SQL condition that finds cases by Thai text or case number, without word splitting.

Thai is written without spaces between words, so both backends match substrings: SQLite's
FTS5 trigram index serves terms of three or more characters (code points, so a consonant
with its vowel and tone marks such as "ที่" counts three), shorter terms fall back to LIKE;
PostgreSQL's pg_trgm GIN index serves ``ILIKE '%term%'``. A search box entry is split at
spaces into terms that must all appear, each anywhere in the subject, description, case
number, place or respondent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Select, and_, column, func, literal, or_, select, table
from sqlalchemy.sql.elements import ColumnElement

from portal.extensions import db
from portal.models import Case
from portal.search.schema import FTS_TABLE, SEARCH_COLUMNS, UnsupportedDatabase
from portal.thai import arabic_digits, clean_text

MIN_TRIGRAM_TERM = 3  # FTS5's trigram tokenizer cannot match shorter substrings
MAX_TERMS = 8
MAX_QUERY_LENGTH = 200
# Past this many matches a word is common: checking rows in page order beats collecting them.
COMMON_MATCHES = 5000
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


@dataclass(frozen=True)
class TextSearch:
    """Two equivalent conditions for the same search, and which one is likely cheaper.

    ``by_index`` lets the text index find the matches first: cheap when they are few.
    ``by_row`` checks each row the query reads: cheap when a common word matches within the
    first rows of a page, however many matches there are in all. Both find the same cases.
    """

    by_index: ColumnElement[bool]
    by_row: ColumnElement[bool]
    common: bool  # try by_row first


def text_search(query: str | None, dialect: str) -> TextSearch | None:
    """The search for a search box entry, or None when there is nothing to find.

    ``dialect`` is the engine's dialect name (``db.engine.dialect.name``). On SQLite one
    query asks the FTS index whether the words are common; it stops at COMMON_MATCHES. On
    PostgreSQL the same question would scan the table (with a LIMIT the planner prefers a
    sequential scan), so the words are taken as common: the row check of a page's worth of
    cases is cheap even for a rare word, and the fallback then uses the trigram index.
    """
    terms = search_terms(query)
    if not terms:
        return None
    by_row = and_(*(_like_term(t, dialect, per_row=True) for t in terms))
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM_TERM]
    if dialect == "postgresql" or not long_terms:
        by_index = and_(*(_like_term(t, dialect) for t in terms))
        return TextSearch(by_index=by_index, by_row=by_row, common=True)
    if dialect != "sqlite":
        raise UnsupportedDatabase(dialect)
    expression = _fts_expression(long_terms)
    probe = select(literal(1)).select_from(_fts).where(_fts_match(expression))
    return TextSearch(by_index=_fts_condition(terms, expression), by_row=by_row,
                      common=_at_least(probe, COMMON_MATCHES))


def case_text_condition(query: str | None, dialect: str) -> ColumnElement[bool] | None:
    """A WHERE condition on :class:`Case` finding ``query`` through the text index."""
    terms = search_terms(query)
    if not terms:
        return None
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM_TERM]
    if dialect == "sqlite" and long_terms:
        return _fts_condition(terms, _fts_expression(long_terms))
    return and_(*(_like_term(t, dialect) for t in terms))


def _fts_expression(terms: list[str]) -> str:
    # One quoted phrase per term, implicitly ANDed: FTS5 matches rows holding every phrase,
    # each in any column. Quoting makes user text a phrase, never query syntax.
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _fts_condition(terms: list[str], expression: str) -> ColumnElement[bool]:
    matches = Case.id.in_(select(_fts.c.rowid).where(_fts_match(expression)))
    short = [_like_term(t, "sqlite") for t in terms if len(t) < MIN_TRIGRAM_TERM]
    return and_(matches, *short)


def _at_least(probe: Select, count: int) -> bool:
    """Whether ``probe`` returns ``count`` rows; it stops reading there."""
    counted = select(func.count()).select_from(probe.limit(count).subquery())
    return db.session.scalar(counted) >= count


def _like_term(term: str, dialect: str, *, per_row: bool = False) -> ColumnElement[bool]:
    """The term anywhere in any searched column, ignoring case where letters have one.

    SQLite's LIKE already ignores ASCII case (its lower() knows no more). PostgreSQL's ILIKE
    is several times slower than LIKE on Thai text, and Thai has no case: LIKE when the term
    has no cased letter. pg_trgm's GIN index serves both; ``per_row`` compares ``column || ''``
    instead, which no index serves, so PostgreSQL checks the rows it reads rather than
    intersecting with every match.
    """
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    caseless = dialect == "sqlite" or term.lower() == term.upper()
    columns = [getattr(Case, name) for name in SEARCH_COLUMNS]
    if per_row and dialect == "postgresql":
        columns = [column.concat("") for column in columns]
    return or_(*(
        column.like(pattern, escape="\\") if caseless else column.ilike(pattern, escape="\\")
        for column in columns
    ))
