"""Thai text search needs no spaces, survives vowel and tone marks, and finds case numbers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case
from portal.search import case_text_condition, query, search_terms
from tests.inbox.factories import make_case

LUNCH = "ผู้ปกครองแจ้งว่านักเรียนได้รับอาหารกลางวันไม่ครบทุกวัน ขอให้ตรวจสอบ"


@pytest.fixture(autouse=True, params=["rare", "common"])
def word_frequency(request, monkeypatch):
    """SQLite plans rare words through the FTS index and common ones by scanning in page
    order; both plans must find the same cases (PostgreSQL has one plan: it runs twice)."""
    monkeypatch.setattr(query, "COMMON_MATCHES", 10**9 if request.param == "rare" else 1)


def find(text: str) -> set[str]:
    condition = case_text_condition(text, db.engine.dialect.name)
    return set(db.session.scalars(select(Case.subject).where(condition)))


@pytest.fixture
def cases(office):
    make_case(office, "อาหารไม่เพียงพอ", description=LUNCH)
    make_case(office, "ห้องน้ำชำรุด", description="น้ำไม่ไหลที่ห้องน้ำนักเรียนหญิงมาหลายเดือน")
    make_case(office, "ครูมาสาย", description="ครูประจำชั้นมาสายทุกวันจันทร์",
              place_text="โรงเรียนบ้านนาทม", respondent="นายสมชาย ใจดี")
    make_case(office, "Lunch 100% paid_by parents", description="ค่าอาหาร",
              number="NP2-2569-000777")
    db.session.commit()


def test_a_word_inside_unspaced_thai_is_found(cases):
    assert find("อาหารกลางวัน") == {"อาหารไม่เพียงพอ"}
    assert find("กลางวัน") == {"อาหารไม่เพียงพอ"}
    assert find("ได้รับอาหาร") == {"อาหารไม่เพียงพอ"}


def test_thai_vowel_and_tone_marks(cases):
    # "ที่" and "น้ำ" are one consonant with marks: three code points, no letters alone.
    assert find("น้ำ") == {"ห้องน้ำชำรุด"}
    assert find("ห้องน้ำ") == {"ห้องน้ำชำรุด"}
    assert find("ที่ห้อง") == {"ห้องน้ำชำรุด"}
    assert find("นำ") == set()  # น้ำ without its tone mark is another word


def test_short_terms_fall_back_to_like(cases):
    assert find("ครู") == {"ครูมาสาย"}
    assert find("สา") == {"ครูมาสาย"}
    assert find("ม") >= {"ห้องน้ำชำรุด", "ครูมาสาย", "อาหารไม่เพียงพอ"}


def test_every_term_must_appear_in_any_searched_column(cases):
    assert find("ครู สมชาย") == {"ครูมาสาย"}
    assert find("บ้านนาทม") == {"ครูมาสาย"}  # place_text
    assert find("อาหาร กลางวัน") == {"อาหารไม่เพียงพอ"}
    assert find("อาหาร ห้องน้ำ") == set()


def test_case_number_full_partial_and_thai_digits(cases):
    assert find("NP2-2569-000777") == {"Lunch 100% paid_by parents"}
    assert find("000777") == {"Lunch 100% paid_by parents"}
    assert find("๐๐๐๗๗๗") == {"Lunch 100% paid_by parents"}
    assert find("np2-2569-000777") == {"Lunch 100% paid_by parents"}  # case-insensitive


def test_query_syntax_and_wildcards_are_plain_text(cases):
    assert find("100%") == {"Lunch 100% paid_by parents"}
    assert find("paid_by") == {"Lunch 100% paid_by parents"}
    assert find("%") == {"Lunch 100% paid_by parents"}
    assert find("_") == {"Lunch 100% paid_by parents"}
    assert find('"อาหาร') == set()
    assert find("อาหาร OR ครู") == set()  # words, not FTS5 operators
    assert find("NEAR(อาหาร ครู)") == set()


def test_changes_and_deletions_reach_the_index(office, cases):
    case = db.session.scalar(select(Case).where(Case.subject == "ครูมาสาย"))
    case.description = "ครูประจำชั้นดื่มสุราในโรงเรียน"
    db.session.commit()
    assert find("ดื่มสุรา") == {"ครูมาสาย"}
    assert find("มาสายทุกวัน") == set()
    db.session.delete(case)
    db.session.commit()
    assert find("ดื่มสุรา") == set()


def test_empty_queries_give_no_condition():
    assert case_text_condition("", "sqlite") is None
    assert case_text_condition("   \u200b ", "postgresql") is None


def test_search_terms_are_cleaned_and_bounded():
    assert search_terms("  อาหาร\tกลางวัน  อาหาร ") == ["อาหาร", "กลางวัน"]
    assert len(search_terms(" ".join(f"คำ{i}" for i in range(20)))) == 8
