"""Thai text search over cases: FTS5 trigram on SQLite, pg_trgm on PostgreSQL (DESIGN §7, §9)."""

from portal.search.query import case_text_condition, search_terms

__all__ = ["case_text_condition", "search_terms"]
