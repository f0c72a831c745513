"""The case-level data set: k-anonymous on every combination of its columns, general stream
only, generalised (month, channel group, status group), with the rows dropped counted."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.extensions import db
from portal.models import CaseStatus, CaseType, Channel, School
from portal.reports import dataset
from portal.reports.dataset import COLUMNS, case_dataset, k_anonymous
from portal.reports.periods import parse_period
from tests.reports.dataset import add_case, bkk
from tests.transparency.helpers import AFTER_OCTOBER

VALUES = {
    "month": ["2026-10", "2026-11", "2026-12"],
    "case_type": [t.value for t in CaseType.general()],
    "channel_group": [dataset.ONLINE, dataset.OFFLINE],
    "status_group": [dataset.COMPLETED, dataset.IN_PROGRESS],
    "reply_deadline": [dataset.ON_TIME, dataset.LATE, dataset.PENDING, dataset.NOT_JUDGED],
}
records = st.lists(st.tuples(*(st.sampled_from(VALUES[name]) for name in COLUMNS)),
                   max_size=120)


def assert_k_anonymous(rows, k: int) -> None:
    """Every combination of columns groups at least ``k`` rows (or none at all)."""
    for size in range(1, len(COLUMNS) + 1):
        for chosen in combinations(range(len(COLUMNS)), size):
            groups = Counter(tuple(row[i] for i in chosen) for row in rows)
            assert min(groups.values(), default=k) >= k, (chosen, groups)


@given(records=records, k=st.integers(2, 20))
@settings(max_examples=300, deadline=None)
def test_every_combination_of_columns_has_at_least_k_rows(records, k):
    kept, dropped = k_anonymous(records, k)
    assert_k_anonymous(kept, k)
    assert dropped == len(records) - len(kept)
    # Only whole small groups go: every kept row is an input row, and every dropped row's
    # tuple was shared by fewer than k records.
    counts = Counter(records)
    assert Counter(kept) == Counter({t: n for t, n in counts.items() if n >= k})
    assert dropped == sum(n for n in counts.values() if n < k)
    assert kept == sorted(kept)  # no trace of the order received


def test_dropped_rows_are_counted_exactly():
    big = ("2026-10", "complaint", "online", "completed", "on_time")
    rare = ("2026-10", "question", "offline", "in_progress", "pending")
    kept, dropped = k_anonymous([big] * 5 + [rare] * 4, 5)
    assert kept == [big] * 5 and dropped == 4
    assert k_anonymous([rare] * 4, 4) == ([rare] * 4, 0)
    assert k_anonymous([], 5) == ([], 0)


def _general(office, n: int, when: datetime, **fields):
    return [add_case(office, "ทั่วไป", received_at=when, **fields) for _ in range(n)]


def test_no_confidential_case_ever_appears(app, office):
    october = parse_period("2026-10")
    school = db.session.scalar(db.select(School).where(School.office_id == office.id))
    # Six offline complaints would make a group of their own; five are confidential
    # (one was a corruption report, turned into a complaint: it stays confidential).
    _general(office, 6, bkk(2026, 10, 5), channel=Channel.PHONE, school_id=school.id)
    _general(office, 6, bkk(2026, 10, 6), channel=Channel.LETTER, confidential=True,
             school_id=school.id)
    _general(office, 6, bkk(2026, 10, 7), channel=Channel.WEB,
             case_type=CaseType.CORRUPTION, confidential=True, school_id=school.id)
    db.session.commit()
    data = case_dataset(office, october, AFTER_OCTOBER, k=5)
    assert data.considered == 6 and data.dropped == 0
    assert {row["channel_group"] for row in data.rows} == {dataset.OFFLINE}
    assert {row["case_type"] for row in data.rows} == {CaseType.COMPLAINT.value}
    assert list(data.rows[0]) == list(COLUMNS)


def test_cases_are_generalised_and_small_groups_dropped(app, office):
    october = parse_period("2026-10")
    _general(office, 5, bkk(2026, 10, 3), channel=Channel.FACEBOOK, status=CaseStatus.RESOLVED,
             reply_due_at=bkk(2026, 10, 20), reporter_informed_at=bkk(2026, 10, 10))
    # Recorded late from a walk-in: counted in the month it was received.
    _general(office, 4, bkk(2026, 11, 2), channel=Channel.WALK_IN,
             original_received_on=date(2026, 10, 30), status=CaseStatus.IN_PROGRESS,
             reply_due_at=bkk(2026, 11, 20))
    _general(office, 1, bkk(2026, 10, 9), channel=Channel.LINE, status=CaseStatus.MERGED)
    db.session.commit()
    data = case_dataset(office, october, AFTER_OCTOBER, k=4)
    assert data.dropped == 1 and data.k == 4
    assert data.rows == (
        [{"month": "2026-10", "case_type": "complaint", "channel_group": "offline",
          "status_group": "in_progress", "reply_deadline": "pending"}] * 4
        + [{"month": "2026-10", "case_type": "complaint", "channel_group": "online",
            "status_group": "completed", "reply_deadline": "on_time"}] * 5)
    assert case_dataset(office, october, AFTER_OCTOBER, k=5).dropped == 5


def test_random_offices_publish_k_anonymous_rows(app, office):
    """Random cases across a quarter: the published rows hold k on every combination."""
    chance = random.Random(16)
    for _ in range(80):
        day = bkk(2026, chance.choice([10, 11, 12]), chance.randint(1, 28))
        add_case(office, "สุ่ม", received_at=day,
                 case_type=chance.choice(list(CaseType)),
                 channel=chance.choice(list(Channel)),
                 status=chance.choice(list(CaseStatus)),
                 confidential=chance.random() < 0.15,
                 reply_due_at=bkk(2026, 12, chance.randint(1, 31)))
    db.session.commit()
    quarter = parse_period("2026-Q4")
    data = case_dataset(office, quarter, datetime(2027, 1, 5, 3, 0), k=3)
    rows = [tuple(row[name] for name in COLUMNS) for row in data.rows]
    assert_k_anonymous(rows, 3)
    general = len(dataset.general_stream_cases(office, quarter))
    assert data.considered == general and 0 < len(rows) < general
