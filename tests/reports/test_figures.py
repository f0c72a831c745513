"""Each report figure against numbers worked out by hand from tests/reports/dataset.py.

October 2026 (as of 2 November 2026, 10:00 Bangkok) holds c1, c2, c4, c7–c15 and c18:
13 cases. c3 (23:59:59 on 30 September, Bangkok) and c6 (a letter of 28 September recorded
in October) belong to September; c5 (00:00 on 1 November) to November; c16 to October 2025.
"""

from __future__ import annotations

import json

import pytest

from portal.reports.figures import compute_figures
from portal.reports.periods import parse_period
from tests.reports import dataset
from tests.reports.dataset import AS_OF


@pytest.fixture
def data(app):
    return dataset.build()


def figures_for(data, key: str, public: bool = False) -> dict:
    return compute_figures(data["office"].id, parse_period(key), public=public, now=AS_OF)


def rows(items: list[dict], field: str = "count") -> dict:
    return {row["key"]: row[field] for row in items}


def test_counts_by_stream_type_and_channel(data):
    f = figures_for(data, "2026-10")
    assert f["empty"] is False
    assert f["totals"] == {"received": 13, "completed": 9, "in_progress": 4}
    general, corruption = f["streams"]["general"], f["streams"]["corruption"]
    assert (general["received"], general["completed"], general["in_progress"]) == (12, 9, 3)
    assert (corruption["received"], corruption["completed"], corruption["in_progress"]) == (1, 0, 1)
    assert rows(f["by_type"]) == {"complaint": 10, "suggestion": 1, "question": 0,
                                  "compliment": 1, "corruption": 1}
    # Channels break the general stream down; the corruption report (web) is not in them.
    assert rows(f["by_channel"]) == {"web": 7, "walk_in": 1, "phone": 1, "letter": 0,
                                     "email": 1, "facebook": 1, "line": 1}
    json.dumps(f)  # what a published report freezes must be JSON


def test_reply_deadline_counts_paused_and_bangkok_midnight(data):
    reply = figures_for(data, "2026-10")["deadlines"]["reply"]
    # on time: c1 c7 c9 (deadline moved by its pause) c12 c13 (23:30 on the due day) c14 c15;
    # late: c2 (open past its deadline), c18 (00:00 the next day); pending: c4, c8 (paused
    # before its deadline), c10 (reopened, new deadline 4 November); c11 (merged) not judged.
    assert reply == {"on_time": 7, "late": 2, "pending": 3, "percent": 77.8}


def test_acknowledgement_deadline_in_working_days_across_a_holiday(data):
    f = figures_for(data, "2026-10")
    # c2 was acknowledged on 12 October, 7 working days after the 1st: late; c12 on the 14th,
    # 1 working day after the 12th (the 13th is a holiday); c4 is not yet due (3 November).
    assert f["deadlines"]["acknowledge"] == {"on_time": 11, "late": 1, "pending": 1,
                                             "percent": 91.7}
    # Working days: six cases 0, five 1, one 7 → median (0 + 1) / 2, 90th percentile 1.
    assert f["durations"]["acknowledge"] == {"count": 12, "median": 0.5, "p90": 1.0}


def test_working_days_to_resolve(data):
    # c1 6, c7 0, c9 15 (two holidays skipped), c14 14, c15 1, c18 11 (resolved at 00:00 on
    # the 22nd, Bangkok); c10 was reopened, so it has no resolution this round.
    resolve = figures_for(data, "2026-10")["durations"]["resolve"]
    assert resolve == {"count": 6, "median": 8.5, "p90": 15.0}


def test_endings_outcomes_disputes_and_satisfaction(data):
    f = figures_for(data, "2026-10")
    assert rows(f["outcomes"]) == {"upheld": 2, "partly_upheld": 1, "not_upheld": 1,
                                   "answered": 2}
    assert f["declined"]["total"] == 1
    assert rows(f["declined"]["reasons"])["insufficient"] == 1
    assert (f["referred"], f["merged"], f["reopened"]) == (1, 1, 1)
    assert f["disputes"] == {"cases": 1, "total": 1}
    assert f["satisfaction"]["count"] == 4
    assert f["satisfaction"]["mean"] == 4.0
    assert {r["rating"]: r["count"] for r in f["satisfaction"]["distribution"]} == {
        1: 0, 2: 1, 3: 0, 4: 1, 5: 2}
    corruption = f["corruption"]
    assert (corruption["received"], corruption["completed"], corruption["in_progress"]) == (1, 0, 1)
    assert all(row["count"] == 0 for row in corruption["outcomes"])


def test_places_and_categories(data):
    """The staff's unsuppressed view: the general stream per row, the confidential beside."""
    f = figures_for(data, "2026-10")
    s1, s2, s3 = data["schools"]
    schools = {row["key"]: (row["count"], row["confidential"]) for row in f["by_school"]}
    assert schools == {s1.code: (5, 0), s2.code: (2, 1), s3.code: (2, 0), "none": (3, 0)}
    districts = {row["label_th"]: (row["count"], row["confidential"])
                 for row in f["by_district"]}
    assert districts == {"ศรีสงคราม": (7, 1), "นาทม": (2, 0), "ไม่ระบุ": (3, 0)}
    assert f["schools_without_cases"] == 0
    complaint_cat, corruption_cat = data["categories"]
    assert {row["key"]: (row["count"], row["confidential"]) for row in f["by_category"]} == {
        str(complaint_cat.id): (3, 0), "none:complaint": (7, 0), "none:suggestion": (1, 0),
        "none:compliment": (1, 0), str(corruption_cat.id): (0, 1)}
    assert all(row["mark"] is None for row in f["by_school"] + f["by_category"])


def test_public_figures_hide_small_cells_and_what_would_give_them_away(data):
    f = figures_for(data, "2026-10", public=True)
    s1, s2, s3 = data["schools"]
    marks = {row["key"]: (row["count"], row["mark"]) for row in f["by_school"]}
    # s2's 2 is small; s1 (5) hides with it, or ศรีสงคราม's shown 7 would give s2 away. นาทม
    # has one school: its 2 is small, and "no school given" (3) hides with it, since the
    # office's 12 would give นาทม away; its only school is withheld (no mark to read).
    assert marks == {s1.code: (None, "protected"), s2.code: (None, "small"),
                     s3.code: (None, "withheld"), "none": (None, "protected")}
    districts = {row["label_th"]: (row["count"], row["mark"]) for row in f["by_district"]}
    assert districts == {"ศรีสงคราม": (7, None), "นาทม": (None, "small"),
                         "ไม่ระบุ": (None, "protected")}
    complaint_cat, _corruption_cat = data["categories"]
    categories = {row["key"]: (row["count"], row["mark"]) for row in f["by_category"]}
    # The suggestion and the compliment are alone in their types, whose totals are public:
    # each type's rows are withheld whole (a row with a mark would point at the category).
    assert categories[str(complaint_cat.id)] == (3, None)
    assert categories["none:complaint"] == (7, None)
    assert categories["none:suggestion"] == (None, "withheld")
    assert all("confidential" not in row for row in f["by_school"] + f["by_category"])
    assert f["min_cell"] == 3
    # The confidential stream: office-wide counts only, its outcomes only in a fiscal year.
    assert f["streams"]["corruption"]["received"] == 1
    assert f["corruption"]["outcomes"] is None
    assert f["totals"]["received"] == 13


def test_threshold_is_a_setting(app, data):
    s1, s2 = data["schools"][:2]

    def school(key: str, f: dict) -> tuple:
        row = next(r for r in f["by_school"] if r["key"] == key)
        return row["count"], row["mark"]

    app.config["PORTAL_REPORT_MIN_CELL"] = 6
    f = figures_for(data, "2026-10", public=True)
    assert school(s1.code, f) == (None, "small") and f["min_cell"] == 6
    app.config["PORTAL_REPORT_MIN_CELL"] = 1
    f = figures_for(data, "2026-10", public=True)
    assert school(s2.code, f) == (2, None)


def test_backlog_by_age_at_the_end_of_the_period(data):
    backlog = figures_for(data, "2026-10")["backlog"]
    # Open now and received by 31 October: c4 (0 days), c10 (23), c8 (26), c2 (30), c3 (31);
    # c5 came on 1 November.
    assert backlog["reference_day"] == "2026-10-31"
    assert rows(backlog["buckets"]) == {"0-15": 1, "16-30": 3, "31-60": 1, "61+": 0}
    assert backlog["total"] == 5


def test_periods_longer_than_a_month(data):
    received = {key: figures_for(data, key)["totals"]["received"]
                for key in ("fy2570", "fy2570-h1", "2026-Q4", "fy2569", "fy2569-h2", "2026-09",
                            "2025-10", "2026-10-01..2026-10-01")}
    assert received == {"fy2570": 14, "fy2570-h1": 14, "2026-Q4": 14, "fy2569": 3,
                        "fy2569-h2": 2, "2026-09": 2, "2025-10": 1,
                        "2026-10-01..2026-10-01": 3}


def test_comparison_with_previous_period_and_year_before(data):
    comparison = figures_for(data, "2026-10")["comparison"]
    assert comparison["previous"]["period"]["key"] == "2026-09"
    assert comparison["previous"]["totals"]["received"] == 2
    assert comparison["year_before"]["period"]["key"] == "2025-10"
    assert comparison["year_before"]["totals"] == {"received": 1, "completed": 1,
                                                   "in_progress": 0}
    # c16 was answered on 20 October 2025, after its deadline of the 16th.
    assert comparison["year_before"]["reply_on_time_percent"] == 0.0


def test_an_empty_month(data):
    f = figures_for(data, "2026-08")
    assert f["empty"] is True
    assert f["totals"] == {"received": 0, "completed": 0, "in_progress": 0}
    assert f["deadlines"]["reply"]["percent"] is None
    assert f["durations"]["resolve"] == {"count": 0, "median": None, "p90": None}
    assert f["satisfaction"]["mean"] is None
    assert f["by_school"] == [] and f["schools_without_cases"] == 3
    assert f["engagement"] == {"known": False, "facebook_reach": None, "line_reach": None,
                               "posts": None}


def test_period_cases_read_once_and_left_behind_nowhere(data, monkeypatch):
    """On SQLite a period's cases go into a temporary table that the groupings read; it is
    dropped afterwards, also when a grouping fails. On PostgreSQL nothing is materialised.
    Either way the figures are the hand-computed ones (the tests above)."""
    from sqlalchemy import text

    from portal.extensions import db
    from portal.reports import queries

    sqlite = db.session.get_bind().dialect.name == "sqlite"

    def temporary_tables() -> list:
        if not sqlite:
            return db.session.execute(text(
                "SELECT relname FROM pg_class WHERE relpersistence = 't'")).scalars().all()
        return db.session.execute(text(
            "SELECT name FROM sqlite_temp_master WHERE type = 'table'")).scalars().all()

    period = parse_period("2026-10")
    with queries.period_cases(data["office"].id, period, AS_OF) as cases:
        assert (cases.table is not None) is sqlite
        assert temporary_tables() == ([queries.TEMPORARY_COHORT] if sqlite else [])
        assert sum(n for *_, n in queries.acknowledgements(cases)) == 13
    assert temporary_tables() == []

    def failing(cases, **_kw):
        raise RuntimeError("a grouping failed")

    monkeypatch.setattr(queries, "resolutions", failing)
    with pytest.raises(RuntimeError):
        figures_for(data, "2026-10")
    assert temporary_tables() == []
