"""Thai text search over cases: FTS5 trigram on SQLite, pg_trgm on PostgreSQL (DESIGN §7, §9)."""

from portal.search.query import TextSearch, case_text_condition, search_terms, text_search

__all__ = ["TextSearch", "case_text_condition", "search_terms", "text_search"]
