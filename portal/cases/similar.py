"""Open cases that look like this one, to suggest merging (Thai-aware word similarity).

Thai is written without spaces between words, so words come from PyThaiNLP's ``newmm``
segmenter; the score is the Jaccard index of the two sets of content words (stop words,
digits and punctuation left out). Candidates are limited to the same school or category,
or the last 90 days, and to what the officer may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import or_, select

from portal import clock
from portal.extensions import db
from portal.models import OPEN_STATUSES, Case, User
from portal.security.access import visible_cases_clause

RECENT_DAYS = 90
MAX_CANDIDATES = 200
MAX_CHARS = 1500  # the start of a description says what it is about; segmenting costs time
MIN_SCORE = 0.05
# A word worth comparing has a Thai consonant or a Latin letter; not only digits or marks.
_WORD = re.compile(r"[\u0E01-\u0E2Ea-z]")


@dataclass
class SimilarCase:
    case: Case
    score: float  # 0 … 1


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())


@lru_cache(maxsize=4096)  # a case's text never changes: its words are worth keeping
def content_words(text: str) -> frozenset[str]:
    """The distinct content words of ``text``, segmented with PyThaiNLP (newmm)."""
    from pythainlp.tokenize import word_tokenize

    stop = _stop_words()
    words = word_tokenize((text or "").casefold(), engine="newmm", keep_whitespace=False)
    return frozenset(w for w in (w.strip() for w in words)
                     if len(w) > 1 and w not in stop and _WORD.search(w))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard index of two word sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def case_words(case: Case) -> frozenset[str]:
    return content_words(f"{case.subject}\n{case.description}"[:MAX_CHARS])


def similar_open_cases(case: Case, actor: User, limit: int = 5) -> list[SimilarCase]:
    """Up to ``limit`` open cases of the same office that ``actor`` may see, most alike first."""
    words = case_words(case)
    if not words:
        return []
    nearby = [Case.received_at >= clock.utcnow() - timedelta(days=RECENT_DAYS)]
    if case.school_id is not None:
        nearby.append(Case.school_id == case.school_id)
    if case.category_id is not None:
        nearby.append(Case.category_id == case.category_id)
    candidates = db.session.scalars(
        select(Case)
        .where(
            Case.office_id == case.office_id,
            Case.id != case.id,
            Case.status.in_(OPEN_STATUSES),
            visible_cases_clause(actor),
            or_(*nearby),
        )
        .order_by(Case.received_at.desc())
        .limit(MAX_CANDIDATES)
    )
    scored = [SimilarCase(other, similarity(words, case_words(other))) for other in candidates]
    scored = [s for s in scored if s.score >= MIN_SCORE]
    scored.sort(key=lambda s: (-s.score, -s.case.id))
    return scored[:limit]
